import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BatchExecuteStatementCommand, CreateTableCommand, ExecuteStatementCommand, type AttributeValue, type ExecuteStatementCommandInput } from '@aws-sdk/client-dynamodb';
import { startTestEddy, type TestEddy } from '../../helpers/eddy.js';
import { createStreamTable, readOnlyShard, uniqueTable } from '../streams/stream-fixtures.js';
import { conditionFailed, get, put, rejectsWith, validation } from './item-fixtures.js';
import { hashTable, tableName } from './table-fixtures.js';

describe('ExecuteStatement (PartiQL)', () => {
  let eddy: TestEddy;
  /** HASH pk (S), RANGE sk (N), GSI byEmail (email). */
  const orders = tableName('pq');
  before(async () => {
    eddy = await startTestEddy();
    await eddy.ddb.send(
      new CreateTableCommand(
        hashTable(
          orders,
          {
            AttributeDefinitions: [
              { AttributeName: 'pk', AttributeType: 'S' },
              { AttributeName: 'sk', AttributeType: 'N' },
              { AttributeName: 'email', AttributeType: 'S' },
            ],
            GlobalSecondaryIndexes: [
              { IndexName: 'byEmail', KeySchema: [{ AttributeName: 'email', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' } },
            ],
          },
          true,
        ),
      ),
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

  it('refuses any read of a global index with a multi-attribute key, as AWS is recorded doing; the table and its other indexes still read', async () => {
    const table = tableName('pq-multi');
    await eddy.ddb.send(
      new CreateTableCommand(
        hashTable(table, {
          AttributeDefinitions: [
            { AttributeName: 'pk', AttributeType: 'S' },
            { AttributeName: 'tournament', AttributeType: 'S' },
            { AttributeName: 'region', AttributeType: 'S' },
            { AttributeName: 'round', AttributeType: 'N' },
          ],
          GlobalSecondaryIndexes: [
            {
              IndexName: 'byTournament',
              KeySchema: [
                { AttributeName: 'tournament', KeyType: 'HASH' },
                { AttributeName: 'region', KeyType: 'HASH' },
                { AttributeName: 'round', KeyType: 'RANGE' },
              ],
              Projection: { ProjectionType: 'ALL' },
            },
            { IndexName: 'byRegion', KeySchema: [{ AttributeName: 'region', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' } },
          ],
        }),
      ),
    );
    await put(eddy.ddb, table, { pk: { S: 'm1' }, tournament: { S: 'winter' }, region: { S: 'eu' }, round: { N: '2' } });
    const refused = 'PartiQL statements cannot be executed on tables with multi-attribute HASH keys or multi-attribute RANGE keys.';
    const index = `"${table}"."byTournament"`;
    // Ahead of the key types, the WHERE clause's requirements and ORDER BY.
    for (const where of ["WHERE tournament = 'winter' AND region = 'eu' AND round >= 1", 'WHERE tournament = 5', "WHERE pk = 'm1'", '']) {
      await validation(run(`SELECT pk FROM ${index} ${where}`), refused);
    }
    await validation(run(`SELECT pk FROM ${index} WHERE tournament = 'winter' AND region = 'eu' ORDER BY round DESC`), refused);
    // Behind the syntax.
    await assert.rejects(run(`SELECT pk FROM ${index} WHERE`), (e: Error) => e.name === 'ValidationException' && e.message.startsWith("Statement wasn't well formed"));
    const batch = await eddy.ddb.send(
      new BatchExecuteStatementCommand({
        Statements: [
          { Statement: `SELECT * FROM ${index} WHERE tournament = 'winter' AND region = 'eu' AND round = 2` },
          { Statement: `SELECT * FROM "${table}"."byRegion" WHERE region = 'eu'` },
          { Statement: `SELECT pk FROM "${table}" WHERE pk = 'm1'` },
        ],
      }),
    );
    assert.deepEqual(batch.Responses, [
      { TableName: table, Error: { Code: 'ValidationError', Message: refused } },
      { TableName: table, Error: { Code: 'ValidationError', Message: 'Select statements within BatchExecuteStatement must specify the primary key in the where clause.' } },
      { TableName: table, Item: { pk: { S: 'm1' } } },
    ]);
    assert.deepEqual((await run(`SELECT pk FROM "${table}"."byRegion" WHERE region = 'eu'`)).Items, [{ pk: { S: 'm1' } }]);
    assert.deepEqual((await run(`SELECT pk FROM "${table}" WHERE pk = 'm1'`)).Items, [{ pk: { S: 'm1' } }]);
  });

  it('answers an index it cannot read, a strongly consistent GSI read and odd FROM paths in PartiQL\'s words', async () => {
    await validation(run(`SELECT * FROM "${orders}"."noSuchIndex" WHERE pk = 'c#1'`), 'The table does not have the specified index');
    await validation(run(`SELECT * FROM "${orders}"."${orders}" WHERE pk = 'c#1'`), 'The table does not have the specified index');
    await validation(
      run(`SELECT * FROM "${orders}"."byEmail" WHERE email = 'x'`, { ConsistentRead: true }),
      'Strongly consistent read is not supported on Global Secondary Indexes',
    );
    await validation(run(`SELECT * FROM "${orders}"."byEmail"."extra" WHERE pk = 'c#1'`), 'A path may contain at most 2 components in the FROM clause');
    await validation(run(`SELECT * FROM "${orders}"."" WHERE pk = 'c#1'`), 'Path component cannot be an empty string');
    await validation(run(`SELECT * FROM "" WHERE pk = 'c#1'`), 'Path component cannot be an empty string');
  });

  it('refuses ORDER BY DynamoDB cannot serve, in its words', async () => {
    await validation(run(`SELECT sk FROM "${orders}" ORDER BY sk`), 'Must have WHERE clause in the statement when using ORDER BY clause.');
    await validation(run(`SELECT sk FROM "${orders}" WHERE pk = 'c#1' ORDER BY qty DESC`), 'Attribute qty in ORDER BY clause must be part of the primary key');
    await validation(
      run(`SELECT sk FROM "${orders}" WHERE pk > 'c' ORDER BY sk`),
      'Must have at least one non-optional hash key condition in WHERE clause when using ORDER BY clause.',
    );
    await validation(
      run(`SELECT sk FROM "${orders}" WHERE pk IN ['c#1', 'c#2'] ORDER BY sk DESC`),
      'Must have hash key in ORDER BY clause when more than one hash key condition specified in WHERE clause.',
    );
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
    await validation(
      run(`SELECT * FROM "${orders}" WHERE s IS TEXT`),
      `Statement wasn't well formed, can't be processed: Expected MISSING, NULL or a type name, found 'TEXT' at position ${`SELECT * FROM "${orders}" WHERE s IS `.length + 1}`,
    );
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

  it('refuses a function DynamoDB\'s PartiQL does not have with its Unrecognized function answer', async () => {
    const statement = `SELECT * FROM "${orders}" WHERE pk = 'c#1' AND attribute_typo(qty)`;
    await validation(run(statement), `Unrecognized function: attribute_typo at 1:${statement.indexOf('attribute_typo') + 1}:14`);
    const multiline = `SELECT * FROM "${orders}"\nWHERE pk = 'c#1'\n  AND EXISTS(qty)`;
    await validation(run(multiline), 'Unrecognized function: exists at 3:7:6');
    const update = `UPDATE "${orders}" SET qty = upper(qty) WHERE pk = 'c#1' AND sk = 1`;
    await validation(run(update), `Unrecognized function: upper at 1:${update.indexOf('upper') + 1}:5`);
  });

  it('checks function operands and set_add / set_delete arguments in AWS\'s recorded words; nothing is written', async () => {
    await put(eddy.ddb, orders, { pk: { S: 'fn' }, sk: { N: '1' }, ss: { SS: ['a', 'b'] }, s: { S: 'str' } });
    const where = (condition: string) => `SELECT * FROM "${orders}" WHERE pk = 'fn' AND ${condition}`;
    const count = (fn: string, n: number) =>
      `Incorrect number of operands for operator or function; operator or function: ${fn}, number of operands: ${n}`;
    await validation(run(where('attribute_exists()')), count('attribute_exists', 0));
    await validation(run(where('attribute_exists(ss, s)')), count('attribute_exists', 2));
    await validation(run(where("begins_with(s)")), count('begins_with', 1));
    await validation(run(where('size(s, ss) > 1')), count('size', 2));
    const path = 'Operator or function requires a document path; operator or function: attribute_exists';
    await validation(run(where("attribute_exists('ss')")), path);
    await validation(run(where('attribute_exists(?)'), { Parameters: [{ S: 'ss' }] }), path);
    await validation(run(where("attribute_type(s, 'X')")), 'Invalid attribute type name found; type: X, valid types: {N,BS,L,B,NULL,M,S,SS,NS,BOOL}');
    assert.equal((await run(where('attribute_exists(ss) = true'))).Items!.length, 1);
    await validation(run(where('s < ?'), { Parameters: [{ BOOL: true }] }), 'Incorrect operand type for operator or function; operator or function: <, operand type: BOOL');
    await validation(run(`SELECT attribute_exists(ss) FROM "${orders}" WHERE pk = 'fn'`), 'Unexpected path component at 1:8:16');

    const update = (set: string) => `UPDATE "${orders}" SET ${set} WHERE pk = 'fn' AND sk = 1`;
    const at = (statement: string, token: string, from = 0) => `1:${statement.indexOf(token, from) + 1}:${token.length}`;
    for (const [set, message] of [
      ["t = set_add(ss, <<'x'>>)", (s: string) => `The first argument to SET_ADD must equal the assignment value at ${at(s, 'set_add')}`],
      ["ss = set_add(<<'a'>>, <<'b'>>)", (s: string) => `The first argument to SET_ADD must equal the assignment value at ${at(s, 'set_add')}`],
      ["ss = set_add(ss, 'x')", (s: string) => `The second argument to SET_ADD must be a value with type SET at ${at(s, 'ss', s.indexOf('set_add('))}`],
      ["ss = set_add(ss, ['x'])", (s: string) => `The second argument to SET_ADD must be a value with type SET at ${at(s, 'ss', s.indexOf('set_add('))}`],
      ['ss = set_add(ss)', (s: string) => `SET_ADD must have exactly two arguments at ${at(s, 'set_add')}`],
      ["ss = set_add(ss, <<'x'>>, <<'y'>>)", (s: string) => `SET_ADD must have exactly two arguments at ${at(s, 'set_add')}`],
      ["t = set_delete(ss, <<'a'>>)", (s: string) => `The first argument to SET_DELETE must equal the assignment value at ${at(s, 'set_delete')}`],
      ["ss = set_delete(ss, 'a')", (s: string) => `The second argument to SET_DELETE must be a value with type SET at ${at(s, 'ss', s.indexOf('set_delete('))}`],
      ['ss = set_add(ss, <<>>)', () => 'Empty bags are not supported'],
      ["ss = set_add(ss, <<'x', 'x'>>)", () => 'One or more parameter values were invalid: Input collection [x, x] contains duplicates.'],
    ] as const) {
      const statement = update(set);
      await validation(run(statement), message(statement));
    }
    assert.deepEqual(await get(eddy.ddb, orders, { pk: { S: 'fn' }, sk: { N: '1' } }), { pk: { S: 'fn' }, sk: { N: '1' }, ss: { SS: ['a', 'b'] }, s: { S: 'str' } });
  });

  it('refuses RETURNING on INSERT, and any DELETE RETURNING but ALL OLD *, with DynamoDB\'s messages; nothing is written', async () => {
    await validation(run(`INSERT INTO "${orders}" VALUE {'pk': 'ret', 'sk': 1} RETURNING ALL NEW *`), 'RETURNING is not supported in INSERT');
    await validation(run(`INSERT INTO "${orders}" VALUE {'pk': 'ret', 'sk': 1} RETURNING ALL OLD *`), 'RETURNING is not supported in INSERT');
    assert.equal(await get(eddy.ddb, orders, { pk: { S: 'ret' }, sk: { N: '1' } }), undefined);
    await put(eddy.ddb, orders, { pk: { S: 'ret' }, sk: { N: '2' } });
    for (const clause of ['RETURNING MODIFIED OLD *', 'RETURNING ALL NEW *', 'RETURNING MODIFIED NEW *']) {
      await validation(
        run(`DELETE FROM "${orders}" WHERE pk = 'ret' AND sk = 2 ${clause}`),
        `Invalid returning clause: ${clause}. Only RETURNING ALL OLD * is allowed in DELETE statements.`,
      );
    }
    assert.notEqual(await get(eddy.ddb, orders, { pk: { S: 'ret' }, sk: { N: '2' } }), undefined);
  });

  it('answers DynamoDB\'s errors: malformed statements, parameters, unknown tables', async () => {
    await validation(run('UPSERT INTO t VALUE {}'), "Statement wasn't well formed, can't be processed: Expected data manipulation");
    await validation(run(`SELECT * FROM "${orders}" WHERE pk = ?`), "Number of parameters in request and statement don't match.");
    await validation(
      run(`SELECT * FROM "${orders}"`, { Parameters: [] }),
      "1 validation error detected: Value '[]' at 'parameters' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
    await rejectsWith(run(`SELECT * FROM "no-such-table" WHERE pk = 'a'`), 'ResourceNotFoundException', 'Requested resource not found');
  });

  it('refuses a token left over and an alias in AWS\'s recorded words; nothing runs', async () => {
    const leftover = "Statement wasn't well formed, can't be processed: Unexpected token after expression";
    await put(eddy.ddb, orders, { pk: { S: 'gram' }, sk: { N: '1' } });
    await validation(run(`SELECT * FROM "${orders}" WHERE pk = 'gram' foo`), leftover);
    await validation(run(`SELECT * FROM "${orders}" WHERE pk = 'gram')`), leftover);
    await validation(run(`SELECT * FROM "${orders}" ORDER BY sk WHERE pk = 'gram'`), leftover);
    await validation(run(`DELETE FROM "${orders}" WHERE pk = 'gram' AND sk = 1 ORDER BY pk`), leftover);
    await validation(run(`INSERT INTO "${orders}" VALUE {'pk': 'gram', 'sk': 2} foo`), leftover);
    await validation(run(`INSERT INTO "${orders}" t VALUE {'pk': 'gram', 'sk': 3}`), leftover);
    await validation(run(`SELECT * FROM "${orders}" t WHERE pk = 'gram'`), 'Aliasing is not supported');
    await validation(run(`SELECT * FROM "${orders}" AS t WHERE pk = 'gram'`), 'Aliasing is not supported');
    await validation(run(`UPDATE "${orders}" t SET a = 3 WHERE pk = 'gram' AND sk = 1`), 'Aliasing is not supported');
    await validation(run(`DELETE FROM "${orders}" t WHERE pk = 'gram' AND sk = 1`), 'Aliasing is not supported');
    const bare = "Statement wasn't well formed, can't be processed: ";
    await validation(run(`DELETE FROM "${orders}" WHERE pk = 'gram' AND sk = 1 # note`), bare);
    await validation(run(`DELETE FROM "${orders}" WHERE pk = 'gram' AND sk = 1 /* note`), bare);
    assert.equal((await run(`/* a */ SELECT * FROM "${orders}" /* b */ WHERE pk = 'gram' /* c */`)).Items!.length, 1);
    assert.deepEqual(await get(eddy.ddb, orders, { pk: { S: 'gram' }, sk: { N: '1' } }), { pk: { S: 'gram' }, sk: { N: '1' } });
    for (const sk of ['2', '3']) assert.equal(await get(eddy.ddb, orders, { pk: { S: 'gram' }, sk: { N: sk } }), undefined);
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
