import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DescribeTableCommand,
  QueryCommand,
  ScanCommand,
  UpdateTableCommand,
  type GlobalSecondaryIndexDescription,
} from '@aws-sdk/client-dynamodb';
import { BackfillGate } from '../../helpers/backfill-gate.js';
import { startTestEddy, type TestEddy } from '../../helpers/eddy.js';
import { batchWriteAll } from './batch-fixtures.js';
import { createTable, type Item } from './read-fixtures.js';
import { validationError } from './table-fixtures.js';

const TABLE = 'IxBackfill'; // id S; GSI byTag (tag S) added by UpdateTable
const COUNT = 450; // several backfill pages

/** Every third item has no tag, every fifth a numeric one (left out of an S index, as on AWS). */
const items: Item[] = Array.from({ length: COUNT }, (_, i) => ({
  id: { S: `id-${i}` },
  ...(i % 3 === 0 ? {} : { tag: i % 5 === 0 ? { N: String(i) } : { S: `t${i % 4}` } }),
}));
const tagged = items.filter((item) => item['tag']?.S !== undefined);

describe('GSIs added and removed by UpdateTable', () => {
  let eddy: TestEddy;
  const describeIndex = async (): Promise<GlobalSecondaryIndexDescription | undefined> =>
    (await eddy.ddb.send(new DescribeTableCommand({ TableName: TABLE }))).Table!.GlobalSecondaryIndexes?.[0];
  /** Waits for the backfill to make the index ACTIVE (event-driven: each DescribeTable is a round trip). */
  const untilActive = async (): Promise<GlobalSecondaryIndexDescription> => {
    for (let i = 0; i < 10_000; i++) {
      const index = await describeIndex();
      if (index?.IndexStatus === 'ACTIVE') return index;
      assert.equal(index?.IndexStatus, 'CREATING');
      assert.equal(index?.Backfilling, true);
    }
    assert.fail('the index never became ACTIVE');
  };
  const addIndex = () =>
    eddy.ddb.send(
      new UpdateTableCommand({
        TableName: TABLE,
        AttributeDefinitions: [{ AttributeName: 'tag', AttributeType: 'S' }],
        GlobalSecondaryIndexUpdates: [
          { Create: { IndexName: 'byTag', KeySchema: [{ AttributeName: 'tag', KeyType: 'HASH' }], Projection: { ProjectionType: 'KEYS_ONLY' } } },
        ],
      }),
    );
  const queryTag = (tag: string) =>
    eddy.ddb.send(
      new QueryCommand({ TableName: TABLE, IndexName: 'byTag', KeyConditionExpression: 'tag = :t', ExpressionAttributeValues: { ':t': { S: tag } } }),
    );

  before(async () => {
    eddy = await startTestEddy();
    await createTable(eddy.ddb, TABLE, ['id', 'S']);
    await batchWriteAll(eddy.ddb, TABLE, items);
  });
  after(() => eddy.stop());

  it('backfills a GSI created on a table with items: CREATING with Backfilling, then ACTIVE and queryable', async () => {
    const created = (await addIndex()).TableDescription!.GlobalSecondaryIndexes![0]!;
    assert.equal(created.IndexStatus, 'CREATING');
    assert.equal(created.Backfilling, true);
    const active = await untilActive();
    assert.equal(active.Backfilling, undefined);
    assert.equal(active.ItemCount, tagged.length);
    const t1 = await queryTag('t1');
    const expected = tagged.filter((item) => item['tag']!.S === 't1').map((item) => ({ id: item['id']!, tag: item['tag']! }));
    assert.deepEqual(
      t1.Items!.map((item) => item['id']!.S).sort(),
      expected.map((item) => item.id.S).sort(),
    );
    assert.deepEqual(t1.Items![0], expected.find((item) => item.id.S === t1.Items![0]!['id']!.S));
    const scanned = await eddy.ddb.send(new ScanCommand({ TableName: TABLE, IndexName: 'byTag', Select: 'COUNT' }));
    assert.equal(scanned.Count, tagged.length);
  });

  it('removes a deleted GSI and its entries; re-created under the same name it is backfilled anew', async () => {
    const deleted = await eddy.ddb.send(
      new UpdateTableCommand({ TableName: TABLE, GlobalSecondaryIndexUpdates: [{ Delete: { IndexName: 'byTag' } }] }),
    );
    assert.equal(deleted.TableDescription!.GlobalSecondaryIndexes, undefined);
    await validationError(queryTag('t1'), 'The table does not have the specified index: byTag');
    await validationError(
      eddy.ddb.send(new ScanCommand({ TableName: TABLE, IndexName: 'byTag' })),
      'The table does not have the specified index: byTag',
    );
    await addIndex();
    const active = await untilActive();
    assert.equal(active.ItemCount, tagged.length); // no entry survived the delete to be counted twice
  });

  it('finishes a backfill a restart interrupted once the table is described again', async () => {
    const data = mkdtempSync(join(tmpdir(), 'eddy-backfill-'));
    const gate = new BackfillGate();
    let durable: TestEddy | undefined;
    try {
      // On files, to be started again; what survives a power cut is not the point here ('process': no fsync per commit).
      durable = await startTestEddy({ data, durability: 'process', indexBackfill: gate.options });
      await createTable(durable.ddb, TABLE, ['id', 'S']);
      await batchWriteAll(durable.ddb, TABLE, items);
      await durable.ddb.send(
        new UpdateTableCommand({
          TableName: TABLE,
          AttributeDefinitions: [{ AttributeName: 'tag', AttributeType: 'S' }],
          GlobalSecondaryIndexUpdates: [
            { Create: { IndexName: 'byTag', KeySchema: [{ AttributeName: 'tag', KeyType: 'HASH' }], Projection: { ProjectionType: 'KEYS_ONLY' } } },
          ],
        }),
      );
      await gate.held();
      gate.step();
      assert.equal((await gate.held()).done, 100);
      await durable.stop(); // mid-backfill, a page done: the index stays CREATING on disk
      durable = undefined;

      const again = new BackfillGate();
      durable = await startTestEddy({ data, durability: 'process', indexBackfill: again.options });
      const described = (await durable.ddb.send(new DescribeTableCommand({ TableName: TABLE }))).Table!.GlobalSecondaryIndexes![0]!;
      assert.equal(described.IndexStatus, 'CREATING');
      assert.equal((await again.held()).done, 0); // begun anew, from the first page
      again.open();
      let index: GlobalSecondaryIndexDescription | undefined;
      for (let i = 0; i < 10_000 && index?.IndexStatus !== 'ACTIVE'; i++) {
        index = (await durable.ddb.send(new DescribeTableCommand({ TableName: TABLE }))).Table!.GlobalSecondaryIndexes![0];
      }
      assert.equal(index?.IndexStatus, 'ACTIVE');
      assert.equal(index?.ItemCount, tagged.length);
    } finally {
      gate.open();
      await durable?.stop();
      rmSync(data, { recursive: true, force: true });
    }
  });
});
