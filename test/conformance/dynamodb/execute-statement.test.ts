import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CreateTableCommand, ExecuteStatementCommand, type AttributeValue, type ExecuteStatementCommandInput } from '@aws-sdk/client-dynamodb';
import { startTestEddy, type TestEddy } from '../../helpers/eddy.js';
import { createStreamTable, readOnlyShard, uniqueTable } from '../streams/stream-fixtures.js';
import { conditionFailed, get, put, rejectsWith, validation } from './item-fixtures.js';
import { ordersTable, tableName } from './table-fixtures.js';

describe('ExecuteStatement (PartiQL)', () => {
  let eddy: TestEddy;
  /** HASH pk (S), RANGE sk (N), GSI byEmail (email). */
  const orders = tableName('pq');
  before(async () => {
    eddy = await startTestEddy();
    await eddy.ddb.send(
      new CreateTableCommand(ordersTable(orders)),
    );
    for (let sk = 1; sk <= 5; sk++) {
      await put(eddy.ddb, orders, {
        pk: { S: 'c#1' },
        sk: { N: String(sk) },
        qty: { N: String(sk * 10) },
        tags: { SS: sk % 2 === 0 ? ['even', 'x'] : ['odd'] },
        meta: { M: { lines: { L: [{ S: `line-${sk}` }] } } },
        ...(sk === 3 && { email: { S: 'three@example.com' } }),
      });
    }
    await put(eddy.ddb, orders, { pk: { S: 'c#2' }, sk: { N: '1' }, qty: { N: '99' } });
  });
  after(() => eddy.stop());

  const run = (Statement: string, extra: Partial<ExecuteStatementCommandInput> = {}) =>
    eddy.ddb.send(new ExecuteStatementCommand({ Statement, ...extra }));
  const sks = (items: Record<string, AttributeValue>[] | undefined) => (items ?? []).map((i) => `${i.pk!.S}/${i.sk!.N}`);

  it('selects one item by its full key, and nothing for an absent key', async () => {
    const out = await run(`SELECT * FROM "${orders}" WHERE pk = 'c#1' AND sk = 2`);
    assert.deepEqual(out.Items, [
      { pk: { S: 'c#1' }, sk: { N: '2' }, qty: { N: '20' }, tags: { SS: ['even', 'x'] }, meta: { M: { lines: { L: [{ S: 'line-2' }] } } } },
    ]);
    assert.equal(out.NextToken, undefined);
    assert.deepEqual((await run(`SELECT * FROM "${orders}" WHERE pk = 'c#1' AND sk = 9`)).Items, []);
  });

  it('reads a partition with a sort-key range, in order or reversed with ORDER BY … DESC', async () => {
    assert.deepEqual(sks((await run(`SELECT * FROM "${orders}" WHERE pk = 'c#1' AND sk BETWEEN 2 AND 4`)).Items), ['c#1/2', 'c#1/3', 'c#1/4']);
    assert.deepEqual(sks((await run(`SELECT * FROM "${orders}" WHERE pk = 'c#1' AND sk > 3 ORDER BY sk DESC`)).Items), ['c#1/5', 'c#1/4']);
    assert.deepEqual(sks((await run(`SELECT * FROM "${orders}" WHERE pk = 'c#1' AND 2 >= sk`)).Items), ['c#1/1', 'c#1/2']);
    // Several ORDER BY items (recorded accepted by AWS): partitions backwards, each forwards.
    const both = await run(`SELECT * FROM "${orders}" WHERE pk IN ['c#1', 'c#2'] AND sk <= 2 ORDER BY pk DESC, sk ASC`);
    assert.deepEqual(sks(both.Items), ['c#2/1', 'c#1/1', 'c#1/2']);
    const backwards = await run(`SELECT * FROM "${orders}" WHERE pk IN ['c#1', 'c#2'] AND sk <= 2 ORDER BY pk DESC`);
    assert.deepEqual(sks(backwards.Items), ['c#2/1', 'c#1/2', 'c#1/1']);
  });

  it('filters with ? parameters, functions, nested paths and IN, and projects the select list', async () => {
    const filtered = await run(`SELECT sk, meta.lines[0] FROM "${orders}" WHERE pk = ? AND qty >= ? AND contains(tags, 'even')`, {
      Parameters: [{ S: 'c#1' }, { N: '30' }],
    });
    assert.deepEqual(filtered.Items, [
      { sk: { N: '4' }, meta: { M: { lines: { L: [{ S: 'line-4' }] } } } },
    ]);
    const scanned = await run(`SELECT pk, sk FROM "${orders}" WHERE sk IN [1, 5] AND email IS MISSING AND size(tags) = 1`);
    assert.deepEqual(sks(scanned.Items).sort(), ['c#1/1', 'c#1/5']);
    const nested = await run(`SELECT sk FROM "${orders}" WHERE meta.lines[0] = 'line-3' OR qty = 99`);
    assert.deepEqual(nested.Items!.map((i) => i.sk!.N).sort(), ['1', '3']);
    const prefix = await run(`SELECT sk FROM "${orders}" WHERE begins_with(pk, 'c#') AND qty > 40`);
    assert.deepEqual(prefix.Items!.map((i) => i.sk!.N).sort(), ['1', '5']);
  });

  it('reads several partitions for IN or ORed equalities on the partition key, paging across them', async () => {
    const statement = `SELECT pk, sk FROM "${orders}" WHERE pk IN ['c#2', 'c#1', 'c#9'] AND sk <= 2`;
    assert.deepEqual(sks((await run(statement)).Items), ['c#1/1', 'c#1/2', 'c#2/1']);
    const seen: string[] = [];
    let NextToken: string | undefined;
    do {
      const out = await run(statement, { Limit: 2, NextToken });
      seen.push(...sks(out.Items));
      NextToken = out.NextToken;
    } while (NextToken);
    assert.deepEqual(seen, ['c#1/1', 'c#1/2', 'c#2/1']);
    const reversed = await run(`SELECT pk, sk FROM "${orders}" WHERE (pk = 'c#1' AND sk = 1) OR pk = 'c#2' ORDER BY pk DESC`);
    assert.deepEqual(sks(reversed.Items), ['c#2/1', 'c#1/1']);
  });

  it('reads a global secondary index named "Table"."Index"', async () => {
    const out = await run(`SELECT pk, sk FROM "${orders}"."byEmail" WHERE email = 'three@example.com'`);
    assert.deepEqual(out.Items, [{ pk: { S: 'c#1' }, sk: { N: '3' } }]);
  });

  it('pages with Limit and NextToken; a page may be empty and still go on', async () => {
    const seen: string[] = [];
    let NextToken: string | undefined;
    let pages = 0;
    do {
      const out = await run(`SELECT * FROM "${orders}" WHERE pk = 'c#1'`, { Limit: 2, NextToken });
      seen.push(...sks(out.Items));
      NextToken = out.NextToken;
      if (NextToken) assert.ok(out.LastEvaluatedKey, 'LastEvaluatedKey with NextToken');
      pages++;
    } while (NextToken);
    assert.deepEqual(seen, ['c#1/1', 'c#1/2', 'c#1/3', 'c#1/4', 'c#1/5']);
    assert.equal(pages, 3);
    // Limit counts items read before the filter: the first page of 2 holds no match.
    const sparse = await run(`SELECT * FROM "${orders}" WHERE pk = 'c#1' AND qty > 40`, { Limit: 2 });
    assert.deepEqual(sparse.Items, []);
    assert.ok(sparse.NextToken);
    await validation(run(`SELECT * FROM "${orders}"`, { NextToken: 'not-a-token' }), 'The provided NextToken is invalid');
  });

  it('inserts an item, and refuses a second INSERT of its key with DuplicateItemException', async () => {
    const out = await run(`INSERT INTO "${orders}" VALUE {'pk': 'ins', 'sk': 1, 'tags': <<'a', 'b'>>, 'm': {'k': [1, 'x']}, 'b': ?}`, {
      Parameters: [{ B: new Uint8Array([1, 2]) }],
    });
    assert.deepEqual(out.Items, []);
    assert.deepEqual(await get(eddy.ddb, orders, { pk: { S: 'ins' }, sk: { N: '1' } }), {
      pk: { S: 'ins' },
      sk: { N: '1' },
      tags: { SS: ['a', 'b'] },
      m: { M: { k: { L: [{ N: '1' }, { S: 'x' }] } } },
      b: { B: new Uint8Array([1, 2]) },
    });
    await rejectsWith(run(`INSERT INTO "${orders}" VALUE {'pk': 'ins', 'sk': 1}`), 'DuplicateItemException', 'Duplicate primary key exists in table');
  });

  it('updates with SET and REMOVE under a condition, returning what was asked for', async () => {
    await put(eddy.ddb, orders, { pk: { S: 'upd' }, sk: { N: '1' }, qty: { N: '1' }, old: { S: 'x' }, l: { L: [{ N: '1' }] } });
    const out = await run(
      `UPDATE "${orders}" SET qty = qty + 2 SET l = list_append(l, [2]) SET s = set_add(s, <<'n'>>) REMOVE old WHERE pk = 'upd' AND sk = 1 AND qty = 1 RETURNING ALL NEW *`,
    );
    const expected = { pk: { S: 'upd' }, sk: { N: '1' }, qty: { N: '3' }, l: { L: [{ N: '1' }, { N: '2' }] }, s: { SS: ['n'] } };
    assert.deepEqual(out.Items, [expected]);
    assert.deepEqual(await get(eddy.ddb, orders, { pk: { S: 'upd' }, sk: { N: '1' } }), expected);
    const modified = await run(`UPDATE "${orders}" SET qty = 4 WHERE pk = 'upd' AND sk = 1 RETURNING MODIFIED OLD *`);
    assert.deepEqual(modified.Items, [{ qty: { N: '3' } }]);

    const failed = await rejectsWith(
      run(`UPDATE "${orders}" SET qty = 5 WHERE pk = 'upd' AND sk = 1 AND qty = 1`, { ReturnValuesOnConditionCheckFailure: 'ALL_OLD' }),
      'ConditionalCheckFailedException',
      'The conditional request failed',
    );
    assert.deepEqual(failed.Item, { ...expected, qty: { N: '4' } });
    // UPDATE never creates an item.
    await rejectsWith(run(`UPDATE "${orders}" SET qty = 5 WHERE pk = 'absent' AND sk = 1`), 'ConditionalCheckFailedException', 'The conditional request failed');
    assert.equal(await get(eddy.ddb, orders, { pk: { S: 'absent' }, sk: { N: '1' } }), undefined);
    await validation(run(`UPDATE "${orders}" SET qty = 5 WHERE pk = 'upd'`), 'Where clause does not contain a mandatory equality on all key attributes');
    await validation(
      run(`UPDATE "${orders}" SET sk = 5 WHERE pk = 'upd' AND sk = 1`),
      'One or more parameter values were invalid: Cannot update attribute sk. This attribute is part of the key',
    );
  });

  it('runs the FROM-first UPDATE (FROM … WHERE … SET / REMOVE) as AWS is recorded doing', async () => {
    await put(eddy.ddb, orders, { pk: { S: 'ff' }, sk: { N: '1' }, a: { N: '1' }, b: { S: 'bee' } });
    const out = await run(`FROM "${orders}" WHERE pk = ? AND sk = 1 AND a = 1 SET c = 2 REMOVE b RETURNING ALL NEW *`, { Parameters: [{ S: 'ff' }] });
    assert.deepEqual(out.Items, [{ pk: { S: 'ff' }, sk: { N: '1' }, a: { N: '1' }, c: { N: '2' } }]);
    await conditionFailed(run(`FROM "${orders}" WHERE pk = 'ff' AND sk = 1 AND a = 2 SET c = 3`));
    await conditionFailed(run(`FROM "${orders}" WHERE pk = 'ff-absent' AND sk = 1 SET c = 3`));
    await validation(run(`FROM "${orders}" SET c = 3`), 'Where clause does not contain a mandatory equality on all key attributes');
    await validation(run(`FROM "${orders}" SET c = 3 WHERE pk = 'ff' AND sk = 1`), "Statement wasn't well formed, can't be processed: Unexpected token after expression");
    assert.deepEqual(await get(eddy.ddb, orders, { pk: { S: 'ff' }, sk: { N: '1' } }), { pk: { S: 'ff' }, sk: { N: '1' }, a: { N: '1' }, c: { N: '2' } });
    assert.equal(await get(eddy.ddb, orders, { pk: { S: 'ff-absent' }, sk: { N: '1' } }), undefined);
  });

  it('deletes by the full key, conditionally; deleting an absent item succeeds', async () => {
    await put(eddy.ddb, orders, { pk: { S: 'del' }, sk: { N: '1' }, state: { S: 'open' } });
    await rejectsWith(run(`DELETE FROM "${orders}" WHERE pk = 'del' AND sk = 1 AND state = 'closed'`), 'ConditionalCheckFailedException', 'The conditional request failed');
    const out = await run(`DELETE FROM "${orders}" WHERE pk = 'del' AND sk = 1 AND state = 'open' RETURNING ALL OLD *`);
    assert.deepEqual(out.Items, [{ pk: { S: 'del' }, sk: { N: '1' }, state: { S: 'open' } }]);
    assert.equal(await get(eddy.ddb, orders, { pk: { S: 'del' }, sk: { N: '1' } }), undefined);
    assert.deepEqual((await run(`DELETE FROM "${orders}" WHERE pk = 'del' AND sk = 1`)).Items, []);
    // The condition binds only an item that exists (developer guide, "PartiQL delete statements").
    assert.deepEqual((await run(`DELETE FROM "${orders}" WHERE pk = 'del' AND sk = 1 AND state = 'open' RETURNING ALL OLD *`)).Items, []);
    await validation(run(`DELETE FROM "${orders}" WHERE sk = 1`), 'Where clause does not contain a mandatory equality on all key attributes');
  });

  it('tests IS [NOT] <type> against the stored type, in a SELECT and as the condition of a write', async () => {
    await put(eddy.ddb, orders, {
      pk: { S: 'typed' }, sk: { N: '1' }, s: { S: 'x' }, n: { N: '1' }, f: { BOOL: true }, l: { L: [] }, m: { M: {} }, ns: { NS: ['1'] },
    });
    const names = async (where: string) => {
      const out = await run(`SELECT * FROM "${orders}" WHERE pk = 'typed' AND sk = 1 AND ${where}`);
      return out.Items!.length === 1;
    };
    assert.equal(await names('s IS STRING AND f IS BOOL AND f IS BOOLEAN AND n IS DECIMAL'), true);
    assert.equal(await names('l IS LIST AND m IS TUPLE AND m IS STRUCT AND ns IS BAG'), true);
    assert.equal(await names('s IS BOOL'), false);
    assert.equal(await names('nope IS NOT STRING AND s IS NOT DECIMAL'), true);
    await validation(run(`SELECT * FROM "${orders}" WHERE s IS TEXT`), "Statement wasn't well formed, can't be processed: Expected type name");
    await conditionFailed(run(`UPDATE "${orders}" SET s = 'y' WHERE pk = 'typed' AND sk = 1 AND s IS DECIMAL`));
    await run(`UPDATE "${orders}" SET s = 'y' WHERE pk = 'typed' AND sk = 1 AND s IS STRING`);
    assert.equal((await get(eddy.ddb, orders, { pk: { S: 'typed' }, sk: { N: '1' } }))!.s!.S, 'y');
  });

  it('bounds IN lists as DynamoDB documents: 50 partition-key values, 100 others', async () => {
    const list = (n: number, quote = false) => `[${Array.from({ length: n }, (_, i) => (quote ? `'k${i}'` : i)).join(', ')}]`;
    assert.deepEqual((await run(`SELECT * FROM "${orders}" WHERE pk IN ${list(50, true)}`)).Items, []);
    await validation(run(`SELECT * FROM "${orders}" WHERE pk IN ${list(51, true)}`), 'The IN operator takes at most 50 values on a partition key');
    assert.deepEqual(sks((await run(`SELECT * FROM "${orders}" WHERE pk = 'c#1' AND qty IN ${list(100)}`)).Items), ['c#1/1', 'c#1/2', 'c#1/3', 'c#1/4', 'c#1/5']);
    await validation(run(`SELECT * FROM "${orders}" WHERE pk = 'c#1' AND qty IN ${list(101)}`), 'The IN operator takes at most 100 values');
  });

  it('takes attribute_exists and attribute_not_exists in any letter case, as AWS is recorded doing', async () => {
    const items = (await run(`SELECT * FROM "${orders}" WHERE pk = 'c#1' AND ATTRIBUTE_EXISTS(qty) AND attribute_not_exists(nope)`)).Items!;
    const all = (await run(`SELECT * FROM "${orders}" WHERE pk = 'c#1' AND qty IS NOT MISSING AND nope IS MISSING`)).Items!;
    assert.ok(items.length > 0);
    assert.deepEqual(items, all);
    assert.deepEqual((await run(`SELECT * FROM "${orders}" WHERE pk = 'c#1' AND attribute_not_exists(qty)`)).Items, []);
  });

  it('treats Object.prototype member names as ordinary attribute names', async () => {
    const statement = `INSERT INTO "${orders}" VALUE {'pk': 'proto', 'sk': 1, '__proto__': {'constructor': 'x'}, 'hasOwnProperty': 2}`;
    assert.equal((await eddy.raw('ExecuteStatement', { Statement: statement })).status, 200);
    const res = await eddy.raw(
      'ExecuteStatement',
      `{"Statement": ${JSON.stringify(`SELECT "__proto__"."constructor", hasOwnProperty FROM "${orders}" WHERE pk = 'proto' AND sk = 1 AND "__proto__" IS NOT MISSING`)}}`,
    );
    assert.equal(res.status, 200, res.text);
    assert.equal(res.text, '{"Items":[{"__proto__":{"M":{"constructor":{"S":"x"}}},"hasOwnProperty":{"N":"2"}}]}');
  });

  it('reports ConsumedCapacity when asked', async () => {
    const read = await run(`SELECT * FROM "${orders}" WHERE pk = 'c#2' AND sk = 1`, { ReturnConsumedCapacity: 'TOTAL', ConsistentRead: true });
    assert.deepEqual(read.ConsumedCapacity, { TableName: orders, CapacityUnits: 1, ReadCapacityUnits: 1 });
    const write = await run(`INSERT INTO "${orders}" VALUE {'pk': 'cap', 'sk': 1}`, { ReturnConsumedCapacity: 'TOTAL' });
    assert.deepEqual(write.ConsumedCapacity, { TableName: orders, CapacityUnits: 1, WriteCapacityUnits: 1 });
  });

  it('writes through the one write path: each PartiQL write is a stream record', async () => {
    const table = uniqueTable('pq-stream');
    const arn = await createStreamTable(eddy.ddb, table);
    await run(`INSERT INTO "${table}" VALUE {'pk': 'a', 'n': 1}`);
    await run(`UPDATE "${table}" SET n = 2 WHERE pk = 'a'`);
    await run(`UPDATE "${table}" SET n = 2 WHERE pk = 'a'`); // changes nothing: no record
    await run(`DELETE FROM "${table}" WHERE pk = 'a'`);
    const records = await readOnlyShard(eddy.streams, arn);
    assert.deepEqual(
      records.map((r) => [r.eventName, r.dynamodb!.OldImage?.n?.N, r.dynamodb!.NewImage?.n?.N]),
      [
        ['INSERT', undefined, '1'],
        ['MODIFY', '1', '2'],
        ['REMOVE', '2', undefined],
      ],
    );
  });
});
