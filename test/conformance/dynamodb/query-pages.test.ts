import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { QueryCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { startTestEddy, type TestEddy } from '../../helpers/eddy.js';
import { batchWriteAll } from './batch-fixtures.js';
import { allItems, createTable, putAll, queryPages, scanPages, shuffled, type Item } from './read-fixtures.js';

const MANY = 'PagesMany'; // pk S, sk N
const LARGE = 'PagesLarge'; // pk S, sk N
const COUNT = 2000;
/** A 100,000-character value: with its name and keys, each large item is 100,013 bytes (DynamoDB's measure). */
const DATA = 'x'.repeat(100_000);
const LARGE_ITEM_SIZE = 2 + 5 /* pk + "large" */ + 2 + 2 /* sk + a one-pair number */ + 4 + DATA.length;

describe('Query and Scan pages', () => {
  let eddy: TestEddy;

  before(async () => {
    eddy = await startTestEddy();
    await createTable(eddy.ddb, MANY, ['pk', 'S'], ['sk', 'N']);
    await createTable(eddy.ddb, LARGE, ['pk', 'S'], ['sk', 'N']);
    const many: Item[] = Array.from({ length: COUNT }, (_, i) => ({
      pk: { S: 'p' },
      sk: { N: String(i) },
      third: { BOOL: i % 3 === 0 },
    }));
    const large: Item[] = Array.from({ length: 15 }, (_, i) => ({ pk: { S: 'large' }, sk: { N: String(i + 1) }, data: { S: DATA } }));
    await Promise.all([batchWriteAll(eddy.ddb, MANY, shuffled(many)), putAll(eddy.ddb, LARGE, large, 15)]);
  });
  after(() => eddy.stop());

  const numbers = (items: Item[]) => items.map((i) => Number(i['sk']!.N));
  const range = (n: number, step = 1) => Array.from({ length: Math.ceil(n / step) }, (_, i) => i * step);

  it(`concatenated query pages are all ${COUNT} items exactly once, in order, at many page limits`, async () => {
    for (const limit of [7, 64, 333, 1000, 1999, 2000, 5000, undefined]) {
      for (const forward of [true, false]) {
        const pages = await queryPages(eddy.ddb, {
          TableName: MANY,
          KeyConditionExpression: 'pk = :p',
          ExpressionAttributeValues: { ':p': { S: 'p' } },
          ScanIndexForward: forward,
          ...(limit !== undefined && { Limit: limit }),
        });
        const expected = forward ? range(COUNT) : range(COUNT).reverse();
        assert.deepEqual(numbers(allItems(pages)), expected, `limit ${limit} forward ${forward}`);
        const full = limit === undefined ? 1 : Math.ceil(COUNT / limit) + (COUNT % limit === 0 ? 1 : 0);
        assert.equal(pages.length, full, `pages at limit ${limit}`);
      }
    }
  });

  it('pages with a filter: matches exactly once, ScannedCount summing to every item', async () => {
    for (const limit of [10, 250, 1024]) {
      const pages = await queryPages(eddy.ddb, {
        TableName: MANY,
        KeyConditionExpression: 'pk = :p AND sk >= :from',
        FilterExpression: 'third = :t',
        ExpressionAttributeValues: { ':p': { S: 'p' }, ':from': { N: '100' }, ':t': { BOOL: true } },
        Limit: limit,
      });
      assert.deepEqual(numbers(allItems(pages)), range(COUNT, 3).filter((n) => n >= 100));
      assert.equal(pages.reduce((sum, p) => sum + p.ScannedCount!, 0), COUNT - 100);
      assert.equal(pages.reduce((sum, p) => sum + p.Count!, 0), range(COUNT, 3).filter((n) => n >= 100).length);
    }
  });

  it('stops a query page at 1 MB of items read, the item crossing it included', async () => {
    const input = { TableName: LARGE, KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': { S: 'large' } } };
    const perPage = Math.ceil((1024 * 1024) / LARGE_ITEM_SIZE); // 11
    const first = await eddy.ddb.send(new QueryCommand({ ...input, ReturnConsumedCapacity: 'TOTAL' }));
    assert.equal(first.Count, perPage);
    assert.equal(first.ScannedCount, perPage);
    assert.deepEqual(first.LastEvaluatedKey, { pk: { S: 'large' }, sk: { N: String(perPage) } });
    const units = Math.ceil((perPage * LARGE_ITEM_SIZE) / 4096) / 2;
    assert.deepEqual(first.ConsumedCapacity, { TableName: LARGE, CapacityUnits: units, ReadCapacityUnits: units });
    const second = await eddy.ddb.send(new QueryCommand({ ...input, ExclusiveStartKey: first.LastEvaluatedKey }));
    assert.equal(second.Count, 15 - perPage);
    assert.equal(second.LastEvaluatedKey, undefined);
  });

  it('applies the 1 MB limit before the filter', async () => {
    const out = await eddy.ddb.send(
      new QueryCommand({
        TableName: LARGE,
        KeyConditionExpression: 'pk = :p',
        FilterExpression: 'attribute_not_exists(#d)',
        ExpressionAttributeNames: { '#d': 'data' },
        ExpressionAttributeValues: { ':p': { S: 'large' } },
        ScanIndexForward: false,
      }),
    );
    assert.deepEqual(out.Items, []);
    assert.equal(out.Count, 0);
    assert.equal(out.ScannedCount, 11);
    assert.deepEqual(out.LastEvaluatedKey, { pk: { S: 'large' }, sk: { N: '5' } });
  });

  it('stops a scan page at 1 MB too, and Limit below it wins', async () => {
    const first = await eddy.ddb.send(new ScanCommand({ TableName: LARGE }));
    assert.equal(first.Count, 11);
    assert.ok(first.LastEvaluatedKey);
    const limited = await eddy.ddb.send(new ScanCommand({ TableName: LARGE, Limit: 4, Select: 'COUNT' }));
    assert.equal(limited.Count, 4);
    assert.equal(limited.Items, undefined);
    const pages = await scanPages(eddy.ddb, { TableName: LARGE });
    assert.deepEqual(pages.map((p) => p.Count), [11, 4]);
    assert.deepEqual(numbers(allItems(pages)).sort((a, b) => a - b), range(15).map((n) => n + 1));
  });
});
