import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BatchWriteItemCommand, CreateTableCommand, DescribeTableCommand, UpdateTableCommand, type GlobalSecondaryIndexDescription } from '@aws-sdk/client-dynamodb';
import { BackfillGate } from '../helpers/backfill-gate.js';
import { startTestEddy, type TestEddy } from '../helpers/eddy.js';

const TABLE = 'Tagged';

describe('--processes 2: DescribeTable in a request process and pending index backfills', { skip: process.platform === 'win32' && 'request processes take sockets over IPC' }, () => {
  it('has the main process resume a backfill a restart interrupted once a request process describes the table', async () => {
    const data = mkdtempSync(join(tmpdir(), 'eddy-processes-backfill-'));
    const gate = new BackfillGate();
    let eddy: TestEddy | undefined;
    try {
      eddy = await startTestEddy({ data, durability: 'process', indexBackfill: gate.options });
      await eddy.ddb.send(new CreateTableCommand({ TableName: TABLE, KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }], BillingMode: 'PAY_PER_REQUEST' }));
      for (let batch = 0; batch < 6; batch++) {
        const puts = Array.from({ length: 25 }, (_, i) => ({ PutRequest: { Item: { id: { S: `i${batch * 25 + i}` }, tag: { S: `t${i % 3}` } } } }));
        await eddy.ddb.send(new BatchWriteItemCommand({ RequestItems: { [TABLE]: puts } }));
      }
      await eddy.ddb.send(
        new UpdateTableCommand({
          TableName: TABLE,
          AttributeDefinitions: [{ AttributeName: 'tag', AttributeType: 'S' }],
          GlobalSecondaryIndexUpdates: [{ Create: { IndexName: 'byTag', KeySchema: [{ AttributeName: 'tag', KeyType: 'HASH' }], Projection: { ProjectionType: 'KEYS_ONLY' } } }],
        }),
      );
      await gate.held();
      gate.step();
      assert.equal((await gate.held()).done, 100);
      await eddy.stop(); // a page done: the index stays CREATING on disk
      eddy = undefined;

      // Every connection is served by a request process: its DescribeTable starts no backfill itself.
      const again = new BackfillGate();
      eddy = await startTestEddy({ data, durability: 'process', indexBackfill: again.options, processes: 2 });
      const described = (await eddy.ddb.send(new DescribeTableCommand({ TableName: TABLE }))).Table!.GlobalSecondaryIndexes![0]!;
      assert.equal(described.IndexStatus, 'CREATING');
      assert.equal((await again.held()).done, 0); // the main process began it anew, told by the request process
      again.open();
      let index: GlobalSecondaryIndexDescription | undefined;
      for (let i = 0; i < 10_000 && index?.IndexStatus !== 'ACTIVE'; i++) {
        index = (await eddy.ddb.send(new DescribeTableCommand({ TableName: TABLE }))).Table!.GlobalSecondaryIndexes![0];
      }
      assert.equal(index?.IndexStatus, 'ACTIVE');
      assert.equal(index?.ItemCount, 150);
    } finally {
      gate.open();
      await eddy?.stop();
      rmSync(data, { recursive: true, force: true });
    }
  });
});
