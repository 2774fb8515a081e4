import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { startTestEddy, type TestEddy } from '../../helpers/eddy.js';
import { batchWriteAll } from './batch-fixtures.js';
import { allItems, queryPages, scanPages, shuffled, type Item } from './read-fixtures.js';

/** id S; GSI byGroup (grp S, rank N) ALL; GSI byKind (kind S) KEYS_ONLY: every item has kind "k". */
const TABLE = 'IxPages';
const COUNT = 1200;

const items: Item[] = Array.from({ length: COUNT }, (_, i) => ({
  id: { S: `item-${String(i).padStart(4, '0')}` },
  grp: { S: `g${i % 2}` },
  rank: { N: String(i % 7) }, // many items share each (grp, rank)
  kind: { S: 'k' },
  pad: { S: 'x'.repeat(i % 50) },
}));

/** The ids read, asserting none was returned twice. */
function uniqueIds(read: readonly Item[]): Set<string> {
  const ids = read.map((item) => item['id']!.S!);
  const unique = new Set(ids);
  assert.equal(unique.size, ids.length, 'an item was returned twice');
  return unique;
}

describe('Pagination and parallel scans of secondary indexes', () => {
  let eddy: TestEddy;

  before(async () => {
    eddy = await startTestEddy();
    await eddy.ddb.send(
      new CreateTableCommand({
        TableName: TABLE,
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        AttributeDefinitions: [
          { AttributeName: 'id', AttributeType: 'S' },
          { AttributeName: 'grp', AttributeType: 'S' },
          { AttributeName: 'rank', AttributeType: 'N' },
          { AttributeName: 'kind', AttributeType: 'S' },
        ],
        BillingMode: 'PAY_PER_REQUEST',
        GlobalSecondaryIndexes: [
          {
            IndexName: 'byGroup',
            KeySchema: [
              { AttributeName: 'grp', KeyType: 'HASH' },
              { AttributeName: 'rank', KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'ALL' },
          },
          { IndexName: 'byKind', KeySchema: [{ AttributeName: 'kind', KeyType: 'HASH' }], Projection: { ProjectionType: 'KEYS_ONLY' } },
        ],
      }),
    );
    await batchWriteAll(eddy.ddb, TABLE, shuffled(items));
  });
  after(() => eddy.stop());

  it('returns every item of a GSI partition exactly once, in rank order, at many page limits and both directions', async () => {
    const expected = new Set(items.filter((item) => item['grp']!.S === 'g1').map((item) => item['id']!.S!));
    for (const Limit of [1, 7, 100, undefined]) {
      for (const ScanIndexForward of [true, false]) {
        if (Limit === 1 && !ScanIndexForward) continue; // 600 round trips once is enough
        const pages = await queryPages(eddy.ddb, {
          TableName: TABLE,
          IndexName: 'byGroup',
          KeyConditionExpression: 'grp = :g',
          ExpressionAttributeValues: { ':g': { S: 'g1' } },
          ...(Limit !== undefined && { Limit }),
          ScanIndexForward,
        });
        const read = allItems(pages);
        assert.deepEqual(uniqueIds(read), expected, `Limit ${Limit} forward ${ScanIndexForward}`);
        const ranks = read.map((item) => Number(item['rank']!.N));
        const sorted = [...ranks].sort((a, b) => (ScanIndexForward ? a - b : b - a));
        assert.deepEqual(ranks, sorted);
      }
    }
  });

  it('pages through a GSI whose entries all have the same key', async () => {
    const pages = await queryPages(eddy.ddb, {
      TableName: TABLE,
      IndexName: 'byKind',
      KeyConditionExpression: 'kind = :k',
      ExpressionAttributeValues: { ':k': { S: 'k' } },
      Limit: 50,
    });
    assert.equal(pages.length, COUNT / 50 + 1); // the last full page still carries a LastEvaluatedKey
    assert.equal(uniqueIds(allItems(pages)).size, COUNT);
    assert.deepEqual(Object.keys(pages[0]!.LastEvaluatedKey!).sort(), ['id', 'kind']);
  });

  it('covers every index entry exactly once with a parallel scan', async () => {
    const read: Item[] = [];
    const total = 4;
    const segments = await Promise.all(
      Array.from({ length: total }, (_, segment) =>
        scanPages(eddy.ddb, { TableName: TABLE, IndexName: 'byGroup', Segment: segment, TotalSegments: total, Limit: 97 }),
      ),
    );
    for (const pages of segments) read.push(...allItems(pages));
    assert.equal(uniqueIds(read).size, COUNT);
    // Segments split the index's partition hashes: each index partition is read by exactly one segment.
    const groupsBySegment = segments.map((pages) => [...new Set(allItems(pages).map((item) => item['grp']!.S))].sort());
    assert.deepEqual(groupsBySegment.flat().sort(), ['g0', 'g1']);
  });
});
