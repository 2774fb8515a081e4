import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { GetRecordsCommand, GetShardIteratorCommand, ListStreamsCommand } from '@aws-sdk/client-dynamodb-streams';
import { startTestEddy } from '../../helpers/eddy.js';
import { allShards, createStreamTable, readLineage, summary, uniqueTable } from './stream-fixtures.js';

/** Streams, their records, sequence numbers and iterators survive a restart on the same data directory. */
describe('streams across a restart', () => {
  let data: string;
  after(() => rm(data, { recursive: true, force: true }));

  it('keeps streams, records and sequence numbers; iterators issued before still work', async () => {
    data = await mkdtemp(join(tmpdir(), 'eddy-streams-'));
    const table = uniqueTable('durable');
    const first = await startTestEddy({ data, streams: { shardCount: 2 } });
    let arn: string;
    let before: Awaited<ReturnType<typeof readLineage>>;
    let iterators: string[];
    try {
      arn = await createStreamTable(first.ddb, table, 'NEW_IMAGE');
      for (const pk of ['a', 'b', 'c', 'd']) await first.ddb.send(new PutItemCommand({ TableName: table, Item: { pk: { S: pk } } }));
      await first.admin('/_eddy/streams/rotate');
      before = await readLineage(first.streams, arn);
      iterators = await Promise.all(
        (await allShards(first.streams, arn))
          .filter((s) => s.SequenceNumberRange!.EndingSequenceNumber === undefined)
          .map(async (s) => (await first.streams.send(new GetShardIteratorCommand({ StreamArn: arn, ShardId: s.ShardId, ShardIteratorType: 'LATEST' }))).ShardIterator!),
      );
    } finally {
      await first.stop();
    }

    const second = await startTestEddy({ data, streams: { shardCount: 2 } });
    try {
      assert.deepEqual((await second.streams.send(new ListStreamsCommand({ TableName: table }))).Streams!.map((s) => s.StreamArn), [arn]);
      const after = await readLineage(second.streams, arn);
      assert.deepEqual(after, before);
      assert.equal(summary(after).length, 4);
      await second.ddb.send(new PutItemCommand({ TableName: table, Item: { pk: { S: 'e' } } }));
      const fresh = [];
      for (const ShardIterator of iterators) fresh.push(...(await second.streams.send(new GetRecordsCommand({ ShardIterator }))).Records!);
      assert.deepEqual(summary(fresh), ['INSERT e']);
      const lastBefore = before.map((r) => BigInt(r.dynamodb!.SequenceNumber!)).reduce((a, b) => (a > b ? a : b));
      assert.ok(BigInt(fresh[0]!.dynamodb!.SequenceNumber!) > lastBefore, 'sequence numbers keep increasing after the restart');
    } finally {
      await second.stop();
    }
  });
});
