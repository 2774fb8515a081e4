import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ScanCommand, type ScanCommandInput } from '@aws-sdk/client-dynamodb';
import { startTestEddy, type TestEddy } from '../../helpers/eddy.js';
import { encodeKeyValue, partitionHash } from '../../../src/storage/key-encoding.js';
import { notFound, validation } from './item-fixtures.js';
import { batchWriteAll } from './batch-fixtures.js';
import { allItems, createTable, putAll, scanPages, shuffled, type Item } from './read-fixtures.js';

const TABLE = 'SItems'; // id S
const RANGED = 'SRanged'; // pk S, sk N
const COUNT = 1500;

describe('Scan', () => {
  let eddy: TestEddy;
  const send = (input: Omit<ScanCommandInput, 'TableName'> & { TableName?: string }) =>
    eddy.ddb.send(new ScanCommand({ TableName: TABLE, ...input } as ScanCommandInput));
  const ids = (items: Item[]) => items.map((i) => i['id']!.S!);
  const allIds = Array.from({ length: COUNT }, (_, i) => `item-${i}`);

  before(async () => {
    eddy = await startTestEddy();
    await createTable(eddy.ddb, TABLE, ['id', 'S']);
    await createTable(eddy.ddb, RANGED, ['pk', 'S'], ['sk', 'N']);
    const items = allIds.map((id, i): Item => ({ id: { S: id }, n: { N: String(i) }, odd: { BOOL: i % 2 === 1 } }));
    const ranged = Array.from({ length: 40 }, (_, i): Item => ({ pk: { S: `p${i % 4}` }, sk: { N: String(i) } }));
    await Promise.all([batchWriteAll(eddy.ddb, TABLE, shuffled(items)), putAll(eddy.ddb, RANGED, ranged, 40)]);
  });
  after(() => eddy.stop());

  it('returns every item exactly once across pages, at many page limits', async () => {
    const whole = await send({});
    assert.equal(whole.Count, COUNT);
    assert.equal(whole.ScannedCount, COUNT);
    assert.equal(whole.LastEvaluatedKey, undefined);
    const order = ids(whole.Items!);
    assert.deepEqual([...order].sort(), [...allIds].sort());
    for (const limit of [13, 500, 1499, 1500, 2000]) {
      const pages = await scanPages(eddy.ddb, { TableName: TABLE, Limit: limit });
      assert.deepEqual(ids(allItems(pages)), order, `limit ${limit}: same order as one page, each item once`);
    }
  });

  it('orders items of a ranged table by partition hash, then sort key', async () => {
    const out = await send({ TableName: RANGED });
    const partitions = out.Items!.map((i) => i['pk']!.S!);
    const hashes = partitions.map((p) => partitionHash(encodeKeyValue({ S: p })));
    assert.deepEqual(hashes, [...hashes].sort((a, b) => a - b));
    for (const pk of ['p0', 'p1', 'p2', 'p3']) {
      const sks = out.Items!.filter((i) => i['pk']!.S === pk).map((i) => Number(i['sk']!.N));
      assert.deepEqual(sks, [...sks].sort((a, b) => a - b));
      assert.equal(sks.length, 10);
    }
    const pages = await scanPages(eddy.ddb, { TableName: RANGED, Limit: 3 });
    assert.deepEqual(allItems(pages), out.Items);
    assert.deepEqual(pages[0]!.LastEvaluatedKey, { pk: out.Items![2]!['pk'], sk: out.Items![2]!['sk'] });
  });

  it('parallel scan: the segments of several TotalSegments cover every item exactly once', async () => {
    for (const total of [1, 2, 3, 7, 64]) {
      const seen: string[] = [];
      for (let segment = 0; segment < total; segment++) {
        const pages = await scanPages(eddy.ddb, { TableName: TABLE, Segment: segment, TotalSegments: total, Limit: 200 });
        seen.push(...ids(allItems(pages)));
      }
      assert.equal(seen.length, COUNT, `TotalSegments ${total}`);
      assert.deepEqual([...seen].sort(), [...allIds].sort(), `TotalSegments ${total}`);
    }
  });

  it('parallel scan splits the partition-hash space evenly', async () => {
    const total = 1_000_000;
    for (const id of ['item-0', 'item-777', 'item-1499']) {
      const hash = partitionHash(encodeKeyValue({ S: id }));
      const segment = Math.floor((hash * total) / 2 ** 32);
      const out = await send({ Segment: segment, TotalSegments: total });
      assert.ok(ids(out.Items!).includes(id), `${id} in segment ${segment}`);
      const neighbour = await send({ Segment: segment === 0 ? 1 : segment - 1, TotalSegments: total });
      assert.ok(!ids(neighbour.Items!).includes(id));
    }
    const last = await send({ Segment: 999_999, TotalSegments: total, Select: 'COUNT' });
    assert.equal(typeof last.Count, 'number');
  });

  it('filters after reading (Count vs ScannedCount), with Limit counting items read', async () => {
    const out = await send({ FilterExpression: 'odd = :t', ExpressionAttributeValues: { ':t': { BOOL: true } } });
    assert.equal(out.Count, COUNT / 2);
    assert.equal(out.ScannedCount, COUNT);
    assert.ok(out.Items!.every((i) => i['odd']!.BOOL === true));
    const limited = await send({ Limit: 10, FilterExpression: 'odd = :t', ExpressionAttributeValues: { ':t': { BOOL: true } } });
    assert.equal(limited.ScannedCount, 10);
    assert.ok(limited.Count! <= 10);
    assert.deepEqual(limited.LastEvaluatedKey, { id: (await send({ Limit: 10 })).Items![9]!['id'] });
    const legacy = await send({ ScanFilter: { n: { ComparisonOperator: 'BETWEEN', AttributeValueList: [{ N: '10' }, { N: '14' }] } } });
    assert.deepEqual(ids(legacy.Items!).sort(), ['item-10', 'item-11', 'item-12', 'item-13', 'item-14']);
    const or = await send({
      ScanFilter: {
        n: { ComparisonOperator: 'LT', AttributeValueList: [{ N: '2' }] },
        id: { ComparisonOperator: 'EQ', AttributeValueList: [{ S: 'item-9' }] },
      },
      ConditionalOperator: 'OR',
      Select: 'COUNT',
    });
    assert.equal(or.Count, 3);
    assert.equal(or.Items, undefined);
  });

  it('projects, may filter on key attributes, and reports capacity', async () => {
    const out = await send({
      FilterExpression: 'id = :id',
      ProjectionExpression: 'n',
      ExpressionAttributeValues: { ':id': { S: 'item-5' } },
      ReturnConsumedCapacity: 'TOTAL',
      ConsistentRead: true,
    });
    assert.deepEqual(out.Items, [{ n: { N: '5' } }]);
    assert.equal(out.ConsumedCapacity!.TableName, TABLE);
    assert.equal(out.ConsumedCapacity!.CapacityUnits, out.ConsumedCapacity!.ReadCapacityUnits);
    assert.ok(Number.isInteger(out.ConsumedCapacity!.CapacityUnits));
    const legacy = await send({ AttributesToGet: ['odd'], Limit: 1 });
    assert.deepEqual(Object.keys(legacy.Items![0]!), ['odd']);
  });

  describe('validation', () => {
    it('checks Segment and TotalSegments', async () => {
      await validation(send({ Segment: 0 }), 'The TotalSegments parameter is required but was not present in the request when Segment parameter is present');
      await validation(send({ TotalSegments: 2 }), 'The Segment parameter is required but was not present in the request when parameter TotalSegments is present');
      await validation(
        send({ Segment: 2, TotalSegments: 2 }),
        'The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: 2 is not less than TotalSegments: 2',
      );
      const res = await eddy.raw('Scan', { TableName: TABLE, Segment: -1, TotalSegments: 1000001 });
      assert.equal(
        res.json.message,
        "2 validation errors detected: Value '-1' at 'segment' failed to satisfy constraint: Member must have value greater than or equal to 0; " +
          "Value '1000001' at 'totalSegments' failed to satisfy constraint: Member must have value less than or equal to 1000000",
      );
    });

    it('checks Select against the projection (without the constraint prefix Query has)', async () => {
      await validation(send({ Select: 'COUNT', ProjectionExpression: 'n' }), 'Cannot specify the ProjectionExpression when choosing to get only the Count');
      await validation(send({ Select: 'ALL_ATTRIBUTES', AttributesToGet: ['n'] }), 'Cannot specify the AttributesToGet when choosing to get ALL_ATTRIBUTES');
      await validation(send({ Select: 'ALL_PROJECTED_ATTRIBUTES' }), 'ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName');
      await validation(send({ Select: 'SPECIFIC_ATTRIBUTES' }), 'Must specify the AttributesToGet or ProjectionExpression when choosing to get SPECIFIC_ATTRIBUTES');
    });

    it('checks expressions and their placeholders', async () => {
      await validation(
        send({ ScanFilter: { n: { ComparisonOperator: 'NULL' } }, FilterExpression: 'attribute_exists(n)' }),
        'Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {ScanFilter} Expression parameters: {FilterExpression}',
      );
      await validation(
        send({ ProjectionExpression: 'n', ExpressionAttributeValues: { ':a': { S: 'a' } } }),
        'ExpressionAttributeValues can only be specified when using expressions: FilterExpression is null',
      );
      await validation(send({ FilterExpression: 'n >' }), 'Invalid FilterExpression: Syntax error; token: "<EOF>", near: ">"');
      await validation(
        send({ ScanFilter: { n: { ComparisonOperator: 'BEGINS_WITH', AttributeValueList: [{ N: '1' }] } } }),
        'One or more parameter values were invalid: ComparisonOperator BEGINS_WITH is not valid for N AttributeValue type',
      );
    });

    it('checks ExclusiveStartKey against the key schema and the segment', async () => {
      const mismatch = 'The provided starting key is invalid: The provided key element does not match the schema';
      await validation(send({ ExclusiveStartKey: { other: { S: 'x' } } }), mismatch);
      await validation(send({ ExclusiveStartKey: { id: { N: '1' } } }), mismatch);
      await validation(send({ ExclusiveStartKey: { id: { S: 'a' }, x: { S: 'b' } } }), mismatch);
      await validation(
        send({ ExclusiveStartKey: { id: { S: '' } } }),
        'The provided starting key is invalid: One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: id',
      );
      const hash = partitionHash(encodeKeyValue({ S: 'item-3' }));
      const segment = hash < 2 ** 31 ? 1 : 0;
      await validation(
        send({ ExclusiveStartKey: { id: { S: 'item-3' } }, Segment: segment, TotalSegments: 2 }),
        `The provided starting key is invalid: Invalid ExclusiveStartKey. Please use ExclusiveStartKey with correct Segment. TotalSegments: 2 Segment: ${segment}`,
      );
      await validation(send({ IndexName: 'nope' }), 'The table does not have the specified index: nope');
      await notFound(send({ TableName: 'NoSuchTable' }));
    });
  });
});
