import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { QueryCommand, type QueryCommandInput } from '@aws-sdk/client-dynamodb';
import { QueryCommand as DocQueryCommand } from '@aws-sdk/lib-dynamodb';
import { startTestEddy, type TestEddy } from '../../helpers/eddy.js';
import { allItems, createTable, putAll, queryPages, shuffled, type Item } from './read-fixtures.js';

const NUMBERS = 'QNumbers'; // pk S, sk N
const STRINGS = 'QStrings'; // pk S, sk S
const BINARIES = 'QBinaries'; // pk S, sk B
const HASH_ONLY = 'QHashOnly'; // id S

/** Numbers in DynamoDB order, each in its canonical text. */
const ORDERED_NUMBERS = [
  '-99999999999999999999999999999999999999',
  '-12345678901234567890123456789012345678',
  '-1000',
  '-100.5',
  '-100',
  '-1.05',
  '-1',
  '-0.5',
  '0',
  `0.${'0'.repeat(129)}1`,
  '0.001',
  '0.5',
  '1',
  '1.000000000000000000000000000000000001',
  '1.5',
  '2',
  '10',
  '99.99',
  '100',
  '12345678901234567890123456789012345678',
  '99999999999999999999999999999999999999',
  `1${'0'.repeat(125)}`,
];
/** Strings in UTF-8 byte order (UTF-16 order would put the emoji before the full-width tilde). */
const ORDERED_STRINGS = ['A', 'Z', 'a', 'aa', 'ab', 'abc', 'abd', 'b', 'é', '中', '\uff5e', '\u{1f600}'];
/** Binaries in unsigned byte order, shorter prefix first. */
const ORDERED_BINARIES = [[0x00], [0x00, 0x00], [0x01], [0x7f], [0x80], [0x80, 0x01], [0xfe, 0xff], [0xff], [0xff, 0x00], [0xff, 0xff]];

describe('Query', () => {
  let eddy: TestEddy;
  const q = (input: Omit<QueryCommandInput, 'TableName'> & { TableName?: string }) =>
    eddy.ddb.send(new QueryCommand({ TableName: NUMBERS, ...input } as QueryCommandInput));
  const sks = (items: Item[] | undefined) => (items ?? []).map((i) => i['sk']!.N ?? i['sk']!.S);

  before(async () => {
    eddy = await startTestEddy();
    await createTable(eddy.ddb, NUMBERS, ['pk', 'S'], ['sk', 'N']);
    await createTable(eddy.ddb, STRINGS, ['pk', 'S'], ['sk', 'S']);
    await createTable(eddy.ddb, BINARIES, ['pk', 'S'], ['sk', 'B']);
    await createTable(eddy.ddb, HASH_ONLY, ['id', 'S']);
    const items: [string, Item][] = [
      ...ORDERED_NUMBERS.map((n): [string, Item] => [NUMBERS, { pk: { S: 'order' }, sk: { N: n } }]),
      ...Array.from({ length: 20 }, (_, i): [string, Item] => [
        NUMBERS,
        { pk: { S: 'ops' }, sk: { N: String(i + 1) }, even: { BOOL: (i + 1) % 2 === 0 }, tag: { S: `t${i + 1}` } },
      ]),
      ...Array.from({ length: 30 }, (_, i): [string, Item] => [NUMBERS, { pk: { S: 'other' }, sk: { N: String(i) } }]),
      ...ORDERED_STRINGS.map((s): [string, Item] => [STRINGS, { pk: { S: 'order' }, sk: { S: s } }]),
      ...ORDERED_BINARIES.map((b): [string, Item] => [BINARIES, { pk: { S: 'order' }, sk: { B: new Uint8Array(b) } }]),
      [HASH_ONLY, { id: { S: 'one' }, v: { N: '1' } }],
      [HASH_ONLY, { id: { S: 'two' }, v: { N: '2' } }],
    ];
    await Promise.all(
      [NUMBERS, STRINGS, BINARIES, HASH_ONLY].map((table) =>
        putAll(eddy.ddb, table, shuffled(items.filter(([t]) => t === table).map(([, item]) => item))),
      ),
    );
  });
  after(() => eddy.stop());

  describe('order', () => {
    it('orders numbers numerically (negative, decimal, 38 digits, extreme exponents), both directions', async () => {
      const forward = await q({ KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': { S: 'order' } } });
      assert.deepEqual(sks(forward.Items), ORDERED_NUMBERS);
      assert.equal(forward.Count, ORDERED_NUMBERS.length);
      assert.equal(forward.ScannedCount, ORDERED_NUMBERS.length);
      assert.equal(forward.LastEvaluatedKey, undefined);
      const backward = await q({
        KeyConditionExpression: 'pk = :p',
        ExpressionAttributeValues: { ':p': { S: 'order' } },
        ScanIndexForward: false,
      });
      assert.deepEqual(sks(backward.Items), [...ORDERED_NUMBERS].reverse());
    });

    it('orders strings by UTF-8 bytes, both directions', async () => {
      const input = { TableName: STRINGS, KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': { S: 'order' } } };
      assert.deepEqual(sks((await q(input)).Items), ORDERED_STRINGS);
      assert.deepEqual(sks((await q({ ...input, ScanIndexForward: false })).Items), [...ORDERED_STRINGS].reverse());
    });

    it('orders binaries by unsigned bytes, both directions', async () => {
      const input = { TableName: BINARIES, KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': { S: 'order' } } };
      const bytes = (items: Item[] | undefined) => (items ?? []).map((i) => [...i['sk']!.B!]);
      assert.deepEqual(bytes((await q(input)).Items), ORDERED_BINARIES);
      assert.deepEqual(bytes((await q({ ...input, ScanIndexForward: false })).Items), [...ORDERED_BINARIES].reverse());
    });

    it('reads only the partition asked for, and nothing for an absent one', async () => {
      const out = await q({ KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': { S: 'other' } } });
      assert.deepEqual(sks(out.Items), Array.from({ length: 30 }, (_, i) => String(i)));
      const none = await eddy.raw('Query', {
        TableName: NUMBERS,
        KeyConditionExpression: 'pk = :p',
        ExpressionAttributeValues: { ':p': { S: 'nobody' } },
      });
      assert.deepEqual(none.json, { Items: [], Count: 0, ScannedCount: 0 });
    });

    it('queries a table without sort key', async () => {
      const out = await q({ TableName: HASH_ONLY, KeyConditionExpression: 'id = :id', ExpressionAttributeValues: { ':id': { S: 'two' } } });
      assert.deepEqual(out.Items, [{ id: { S: 'two' }, v: { N: '2' } }]);
    });
  });

  describe('key conditions', () => {
    const cases: [string, Record<string, { N: string }>, number[]][] = [
      ['sk = :a', { ':a': { N: '5' } }, [5]],
      ['sk < :a', { ':a': { N: '5' } }, [1, 2, 3, 4]],
      ['sk <= :a', { ':a': { N: '5' } }, [1, 2, 3, 4, 5]],
      ['sk > :a', { ':a': { N: '17' } }, [18, 19, 20]],
      ['sk >= :a', { ':a': { N: '17' } }, [17, 18, 19, 20]],
      ['sk BETWEEN :a AND :b', { ':a': { N: '7' }, ':b': { N: '10' } }, [7, 8, 9, 10]],
      ['sk BETWEEN :a AND :b', { ':a': { N: '7.5' }, ':b': { N: '7.6' } }, []],
      [':a > sk', { ':a': { N: '3' } }, [1, 2]],
      [':a <= sk', { ':a': { N: '19' } }, [19, 20]],
      ['sk > :a', { ':a': { N: '-1E+3' } }, Array.from({ length: 20 }, (_, i) => i + 1)],
      ['sk = :a', { ':a': { N: '5.00' } }, [5]],
    ];
    for (const [expression, values, expected] of cases) {
      it(`${expression} ${JSON.stringify(values)}, both directions`, async () => {
        const input = {
          KeyConditionExpression: `pk = :p AND ${expression}`,
          ExpressionAttributeValues: { ':p': { S: 'ops' }, ...values },
        };
        assert.deepEqual(sks((await q(input)).Items), expected.map(String));
        assert.deepEqual(sks((await q({ ...input, ScanIndexForward: false })).Items), expected.map(String).reverse());
      });
    }

    it('begins_with on strings, both directions', async () => {
      const input = {
        TableName: STRINGS,
        KeyConditionExpression: '#p = :p AND begins_with(#s, :s)',
        ExpressionAttributeNames: { '#p': 'pk', '#s': 'sk' },
        ExpressionAttributeValues: { ':p': { S: 'order' }, ':s': { S: 'ab' } },
      };
      assert.deepEqual(sks((await q(input)).Items), ['ab', 'abc', 'abd']);
      assert.deepEqual(sks((await q({ ...input, ScanIndexForward: false })).Items), ['abd', 'abc', 'ab']);
      const multibyte = { ...input, ExpressionAttributeValues: { ':p': { S: 'order' }, ':s': { S: '\u{1f600}' } } };
      assert.deepEqual(sks((await q(multibyte)).Items), ['\u{1f600}']);
    });

    it('begins_with on binaries, including an all-0xFF prefix', async () => {
      const run = async (prefix: number[]) => {
        const out = await q({
          TableName: BINARIES,
          KeyConditionExpression: 'pk = :p AND begins_with(sk, :b)',
          ExpressionAttributeValues: { ':p': { S: 'order' }, ':b': { B: new Uint8Array(prefix) } },
        });
        return (out.Items ?? []).map((i) => [...i['sk']!.B!]);
      };
      assert.deepEqual(await run([0x00]), [[0x00], [0x00, 0x00]]);
      assert.deepEqual(await run([0x80]), [[0x80], [0x80, 0x01]]);
      assert.deepEqual(await run([0xff]), [[0xff], [0xff, 0x00], [0xff, 0xff]]);
      assert.deepEqual(await run([0xff, 0xff]), [[0xff, 0xff]]);
    });

    it('accepts legacy KeyConditions with every sort-key operator', async () => {
      const legacy = async (op: string, values: string[]) => {
        const out = await q({
          KeyConditions: {
            pk: { ComparisonOperator: 'EQ', AttributeValueList: [{ S: 'ops' }] },
            sk: { ComparisonOperator: op as 'EQ', AttributeValueList: values.map((N) => ({ N })) },
          },
        });
        return sks(out.Items);
      };
      assert.deepEqual(await legacy('EQ', ['3']), ['3']);
      assert.deepEqual(await legacy('LT', ['3']), ['1', '2']);
      assert.deepEqual(await legacy('LE', ['2']), ['1', '2']);
      assert.deepEqual(await legacy('GT', ['19']), ['20']);
      assert.deepEqual(await legacy('GE', ['19']), ['19', '20']);
      assert.deepEqual(await legacy('BETWEEN', ['4', '6']), ['4', '5', '6']);
      const strings = await q({
        TableName: STRINGS,
        KeyConditions: {
          pk: { ComparisonOperator: 'EQ', AttributeValueList: [{ S: 'order' }] },
          sk: { ComparisonOperator: 'BEGINS_WITH', AttributeValueList: [{ S: 'a' }] },
        },
      });
      assert.deepEqual(sks(strings.Items), ['a', 'aa', 'ab', 'abc', 'abd']);
    });

    it('works through the document client', async () => {
      const out = await eddy.doc.send(
        new DocQueryCommand({
          TableName: NUMBERS,
          KeyConditionExpression: 'pk = :p AND sk BETWEEN :a AND :b',
          ExpressionAttributeValues: { ':p': 'ops', ':a': 1, ':b': 2 },
        }),
      );
      assert.deepEqual(out.Items, [
        { pk: 'ops', sk: 1, even: false, tag: 't1' },
        { pk: 'ops', sk: 2, even: true, tag: 't2' },
      ]);
    });
  });

  describe('filter, Limit, Select and projection', () => {
    const ops = { KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': { S: 'ops' } } } as const;

    it('filters after reading: Count counts matches, ScannedCount items read', async () => {
      const out = await q({ ...ops, FilterExpression: 'even = :t', ExpressionAttributeValues: { ':p': { S: 'ops' }, ':t': { BOOL: true } } });
      assert.deepEqual(sks(out.Items), ['2', '4', '6', '8', '10', '12', '14', '16', '18', '20']);
      assert.equal(out.Count, 10);
      assert.equal(out.ScannedCount, 20);
    });

    it('applies Limit before the filter and returns the last evaluated key', async () => {
      const out = await q({
        ...ops,
        Limit: 5,
        FilterExpression: 'even = :t',
        ExpressionAttributeValues: { ':p': { S: 'ops' }, ':t': { BOOL: true } },
      });
      assert.deepEqual(sks(out.Items), ['2', '4']);
      assert.equal(out.Count, 2);
      assert.equal(out.ScannedCount, 5);
      assert.deepEqual(out.LastEvaluatedKey, { pk: { S: 'ops' }, sk: { N: '5' } });
      const none = await q({ ...ops, Limit: 1, FilterExpression: 'even = :t', ExpressionAttributeValues: { ':p': { S: 'ops' }, ':t': { BOOL: true } } });
      assert.deepEqual(none.Items, []);
      assert.equal(none.Count, 0);
      assert.equal(none.ScannedCount, 1);
      assert.deepEqual(none.LastEvaluatedKey, { pk: { S: 'ops' }, sk: { N: '1' } });
    });

    it('applies the legacy QueryFilter with ConditionalOperator', async () => {
      const out = await q({
        KeyConditions: { pk: { ComparisonOperator: 'EQ', AttributeValueList: [{ S: 'ops' }] } },
        QueryFilter: {
          tag: { ComparisonOperator: 'IN', AttributeValueList: [{ S: 't3' }, { S: 't4' }] },
          even: { ComparisonOperator: 'EQ', AttributeValueList: [{ BOOL: true }] },
        },
        ConditionalOperator: 'AND',
      });
      assert.deepEqual(sks(out.Items), ['4']);
      const or = await q({
        KeyConditions: { pk: { ComparisonOperator: 'EQ', AttributeValueList: [{ S: 'ops' }] } },
        QueryFilter: {
          tag: { ComparisonOperator: 'EQ', AttributeValueList: [{ S: 't3' }] },
          even: { ComparisonOperator: 'EQ', AttributeValueList: [{ BOOL: true }] },
        },
        ConditionalOperator: 'OR',
      });
      assert.equal(or.Count, 11);
    });

    it('Select COUNT returns counts without Items', async () => {
      const res = await eddy.raw('Query', {
        TableName: NUMBERS,
        KeyConditionExpression: 'pk = :p AND sk > :s',
        FilterExpression: 'even = :t',
        ExpressionAttributeValues: { ':p': { S: 'ops' }, ':s': { N: '10' }, ':t': { BOOL: false } },
        Select: 'COUNT',
      });
      assert.deepEqual(res.json, { Count: 5, ScannedCount: 10 });
    });

    it('projects with ProjectionExpression, SPECIFIC_ATTRIBUTES and legacy AttributesToGet', async () => {
      const expected = [{ sk: { N: '1' }, tag: { S: 't1' } }, { sk: { N: '2' }, tag: { S: 't2' } }];
      const input = { ...ops, Limit: 2 };
      assert.deepEqual((await q({ ...input, ProjectionExpression: 'sk, #t', ExpressionAttributeNames: { '#t': 'tag' } })).Items, expected);
      assert.deepEqual((await q({ ...input, ProjectionExpression: 'sk, tag', Select: 'SPECIFIC_ATTRIBUTES' })).Items, expected);
      const legacy = await q({
        KeyConditions: { pk: { ComparisonOperator: 'EQ', AttributeValueList: [{ S: 'ops' }] } },
        AttributesToGet: ['tag', 'sk', 'missing'],
        Limit: 2,
      });
      assert.deepEqual(legacy.Items, expected);
      assert.deepEqual(legacy.LastEvaluatedKey, { pk: { S: 'ops' }, sk: { N: '2' } });
    });

    it('returns a LastEvaluatedKey when Limit is reached, even on the last item; the next page is empty', async () => {
      const first = await q({ ...ops, Limit: 20 });
      assert.equal(first.Count, 20);
      assert.deepEqual(first.LastEvaluatedKey, { pk: { S: 'ops' }, sk: { N: '20' } });
      const next = await q({ ...ops, Limit: 20, ExclusiveStartKey: first.LastEvaluatedKey });
      assert.deepEqual(next.Items, []);
      assert.equal(next.LastEvaluatedKey, undefined);
    });

    it('resumes after ExclusiveStartKey in both directions, within a sort-key range', async () => {
      const forward = await q({
        KeyConditionExpression: 'pk = :p AND sk BETWEEN :a AND :b',
        ExpressionAttributeValues: { ':p': { S: 'ops' }, ':a': { N: '3' }, ':b': { N: '9' } },
        ExclusiveStartKey: { pk: { S: 'ops' }, sk: { N: '5' } },
      });
      assert.deepEqual(sks(forward.Items), ['6', '7', '8', '9']);
      const backward = await q({
        KeyConditionExpression: 'pk = :p AND sk BETWEEN :a AND :b',
        ExpressionAttributeValues: { ':p': { S: 'ops' }, ':a': { N: '3' }, ':b': { N: '9' } },
        ExclusiveStartKey: { pk: { S: 'ops' }, sk: { N: '5' } },
        ScanIndexForward: false,
      });
      assert.deepEqual(sks(backward.Items), ['4', '3']);
      const hashOnly = await q({
        TableName: HASH_ONLY,
        KeyConditionExpression: 'id = :id',
        ExpressionAttributeValues: { ':id': { S: 'one' } },
        ExclusiveStartKey: { id: { S: 'one' } },
      });
      assert.deepEqual(hashOnly.Items, []);
    });

    it('reports ConsumedCapacity like GetItem: whole 4 KB units of the items read, halved when eventually consistent', async () => {
      const total = await q({ ...ops, ReturnConsumedCapacity: 'TOTAL' });
      assert.deepEqual(total.ConsumedCapacity, { TableName: NUMBERS, CapacityUnits: 0.5, ReadCapacityUnits: 0.5 });
      const indexes = await q({ ...ops, ReturnConsumedCapacity: 'INDEXES', ConsistentRead: true });
      assert.deepEqual(indexes.ConsumedCapacity, {
        TableName: NUMBERS,
        CapacityUnits: 1,
        ReadCapacityUnits: 1,
        Table: { CapacityUnits: 1, ReadCapacityUnits: 1 },
      });
      assert.equal((await q({ ...ops, ReturnConsumedCapacity: 'NONE' })).ConsumedCapacity, undefined);
    });
  });

  it('pages are the whole result exactly once, in order, at every page limit', async () => {
    const all = (await queryPages(eddy.ddb, { TableName: NUMBERS, KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': { S: 'order' } } }))
      .flatMap((p) => sks(p.Items));
    assert.deepEqual(all, ORDERED_NUMBERS);
    for (const limit of [1, 2, 3, 5, 21, 22, 23]) {
      for (const forward of [true, false]) {
        const pages = await queryPages(eddy.ddb, {
          TableName: NUMBERS,
          KeyConditionExpression: 'pk = :p',
          ExpressionAttributeValues: { ':p': { S: 'order' } },
          Limit: limit,
          ScanIndexForward: forward,
        });
        assert.deepEqual(sks(allItems(pages)), forward ? ORDERED_NUMBERS : [...ORDERED_NUMBERS].reverse(), `limit ${limit}`);
        for (const page of pages.slice(0, -1)) assert.equal(page.Count, limit);
      }
    }
  });
});
