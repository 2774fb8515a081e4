import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { GetRecordsCommand, GetShardIteratorCommand, LimitExceededException } from '@aws-sdk/client-dynamodb-streams';
import { ManualClock } from '../../../src/shared/clock.js';
import { startTestEddy, type TestEddy } from '../../helpers/eddy.js';
import { allShards, createStreamTable, uniqueTable } from './stream-fixtures.js';

/** The opt-in GetRecords rate limit per shard (`streams.readsPerSecond`, `--stream-read-limit`). */
describe('GetRecords rate limit', () => {
  let eddy: TestEddy;
  const clock = new ManualClock(Date.UTC(2026, 6, 1));
  before(async () => {
    eddy = await startTestEddy({ clock, streams: { readsPerSecond: 2, shardCount: 2 } });
  });
  after(() => eddy.stop());

  const iterator = async (StreamArn: string, ShardId: string) =>
    (await eddy.streams.send(new GetShardIteratorCommand({ StreamArn, ShardId, ShardIteratorType: 'TRIM_HORIZON' }))).ShardIterator!;
  const read = (ShardIterator: string) => eddy.streams.send(new GetRecordsCommand({ ShardIterator }));

  it('refuses the call over the limit with LimitExceededException and admits it again a second later', async () => {
    const table = uniqueTable('throttled');
    const arn = await createStreamTable(eddy.ddb, table, 'KEYS_ONLY');
    await eddy.ddb.send(new PutItemCommand({ TableName: table, Item: { pk: { S: 'a' } } }));
    const [first, second] = await allShards(eddy.streams, arn);
    const it1 = await iterator(arn, first!.ShardId!);
    const it2 = await iterator(arn, second!.ShardId!);
    await read(it1);
    clock.advance(999);
    await read(it1);
    await assert.rejects(read(it1), (error: unknown) => {
      assert.ok(error instanceof LimitExceededException);
      assert.equal(error.message, `Rate exceeded for shard ${first!.ShardId} in stream ${arn}`);
      assert.equal(error.$metadata.httpStatusCode, 400);
      return true;
    });
    // Another shard of the same stream has its own allowance.
    await read(it2);
    await read(it2);
    // One second after the first call, one slot is free again: the refused call did not count.
    clock.advance(1);
    await read(it1);
    await assert.rejects(read(it1), LimitExceededException);
    clock.advance(1000);
    const page = await read(it1);
    assert.ok(page.NextShardIterator);
  });

  it('GetShardIterator and DescribeStream are not limited', async () => {
    const table = uniqueTable('unthrottled');
    const arn = await createStreamTable(eddy.ddb, table, 'KEYS_ONLY');
    const [shard] = await allShards(eddy.streams, arn);
    for (let i = 0; i < 10; i++) {
      await iterator(arn, shard!.ShardId!);
      await allShards(eddy.streams, arn);
    }
  });
});

describe('GetRecords without a rate limit (the default)', () => {
  let eddy: TestEddy;
  before(async () => {
    eddy = await startTestEddy({ clock: new ManualClock(Date.UTC(2026, 6, 1)) });
  });
  after(() => eddy.stop());

  it('answers any number of calls in the same instant', async () => {
    const table = uniqueTable('free');
    const arn = await createStreamTable(eddy.ddb, table, 'KEYS_ONLY');
    const [shard] = await allShards(eddy.streams, arn);
    const ShardIterator = (await eddy.streams.send(new GetShardIteratorCommand({ StreamArn: arn, ShardId: shard!.ShardId!, ShardIteratorType: 'LATEST' })))
      .ShardIterator!;
    for (let i = 0; i < 20; i++) await eddy.streams.send(new GetRecordsCommand({ ShardIterator }));
  });
});
