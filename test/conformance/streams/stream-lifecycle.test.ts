import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DeleteTableCommand, DescribeTableCommand, PutItemCommand, UpdateTableCommand } from '@aws-sdk/client-dynamodb';
import { DescribeStreamCommand, ListStreamsCommand } from '@aws-sdk/client-dynamodb-streams';
import { ManualClock } from '../../../src/shared/clock.js';
import { startTestEddy, type TestEddy } from '../../helpers/eddy.js';
import { allShards, createStreamTable, readLineage, readOnlyShard, readShard, summary, uniqueTable } from './stream-fixtures.js';

const START = Date.UTC(2026, 5, 1, 12, 0, 0, 250);

/** ListStreams and DescribeStream through a stream's life: enable, write, disable, re-enable, delete. */
describe('stream lifecycle', () => {
  let eddy: TestEddy;
  const clock = new ManualClock(START);
  before(async () => {
    eddy = await startTestEddy({ clock, streams: { shardCount: 4 } });
  });
  after(() => eddy.stop());

  const put = (TableName: string, pk: string) => eddy.ddb.send(new PutItemCommand({ TableName, Item: { pk: { S: pk } } }));
  const describeStream = async (StreamArn: string) => (await eddy.streams.send(new DescribeStreamCommand({ StreamArn }))).StreamDescription!;

  it('DescribeStream shows the stream, its key schema and its open shards covering all writes', async () => {
    const table = uniqueTable('described');
    const arn = await createStreamTable(eddy.ddb, table, 'NEW_IMAGE', { sortKey: true });
    const description = await describeStream(arn);
    assert.equal(description.StreamArn, arn);
    assert.equal(description.StreamLabel, '2026-06-01T12:00:00.250');
    assert.equal(arn, `arn:aws:dynamodb:us-east-1:000000000000:table/${table}/stream/2026-06-01T12:00:00.250`);
    assert.equal(description.StreamStatus, 'ENABLED');
    assert.equal(description.StreamViewType, 'NEW_IMAGE');
    assert.equal(description.TableName, table);
    assert.deepEqual(description.CreationRequestDateTime, new Date(START));
    assert.deepEqual(description.KeySchema, [
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ]);
    assert.equal(description.Shards!.length, 4);
    for (const shard of description.Shards!) {
      assert.match(shard.ShardId!, /^shardId-\d{20}-[0-9a-f]{8}$/);
      assert.match(shard.SequenceNumberRange!.StartingSequenceNumber!, /^\d{21,40}$/);
      assert.equal(shard.SequenceNumberRange!.EndingSequenceNumber, undefined);
      assert.equal(shard.ParentShardId, undefined);
    }
    const keys = Array.from({ length: 40 }, (_, i) => `key-${i}`);
    for (const pk of keys) await eddy.ddb.send(new PutItemCommand({ TableName: table, Item: { pk: { S: pk }, sk: { N: '1' } } }));
    const records = await readLineage(eddy.streams, arn);
    assert.deepEqual(summary(records).sort(), keys.map((k) => `INSERT ${k}`).sort());
    // Hashing spreads 40 keys over more than one of the 4 shards, and a key stays in one shard.
    const used = new Set<string>();
    for (const shard of description.Shards!) {
      if ((await readShard(eddy.streams, arn, shard.ShardId!)).length > 0) used.add(shard.ShardId!);
    }
    assert.ok(used.size > 1, `records in ${used.size} shard(s)`);
  });

  it('DescribeStream pages shards with Limit and ExclusiveStartShardId', async () => {
    const table = uniqueTable('paged');
    const arn = await createStreamTable(eddy.ddb, table, 'KEYS_ONLY');
    const all = (await describeStream(arn)).Shards!.map((s) => s.ShardId);
    const first = (await eddy.streams.send(new DescribeStreamCommand({ StreamArn: arn, Limit: 3 }))).StreamDescription!;
    assert.deepEqual(first.Shards!.map((s) => s.ShardId), all.slice(0, 3));
    assert.equal(first.LastEvaluatedShardId, all[2]);
    const second = (await eddy.streams.send(new DescribeStreamCommand({ StreamArn: arn, Limit: 3, ExclusiveStartShardId: first.LastEvaluatedShardId })))
      .StreamDescription!;
    assert.deepEqual(second.Shards!.map((s) => s.ShardId), all.slice(3));
    assert.equal(second.LastEvaluatedShardId, undefined);
  });

  it('unknown streams are ResourceNotFoundException; a missing StreamArn is a ValidationException', async () => {
    const missing = 'arn:aws:dynamodb:us-east-1:000000000000:table/Nope/stream/2026-01-01T00:00:00.000';
    await assert.rejects(eddy.streams.send(new DescribeStreamCommand({ StreamArn: missing })), {
      name: 'ResourceNotFoundException',
      message: `Requested resource not found: Stream: ${missing} not found`,
    });
    const raw = await eddy.raw('DynamoDBStreams_20120810.DescribeStream', {});
    assert.equal(raw.status, 400);
    assert.equal(raw.json.__type, 'com.amazon.coral.validate#ValidationException');
    assert.equal(raw.json.message, "1 validation error detected: Value null at 'streamArn' failed to satisfy constraint: Member must not be null");
  });

  it('disable closes the shards, the stream stays listed and readable; re-enable makes a new stream', async () => {
    const table = uniqueTable('toggled');
    const first = await createStreamTable(eddy.ddb, table, 'KEYS_ONLY');
    await put(table, 'before');
    clock.advance(1000);
    await eddy.ddb.send(new UpdateTableCommand({ TableName: table, StreamSpecification: { StreamEnabled: false } }));
    await put(table, 'while-off');
    const disabled = await describeStream(first);
    assert.equal(disabled.StreamStatus, 'DISABLED');
    for (const shard of disabled.Shards!) assert.ok(shard.SequenceNumberRange!.EndingSequenceNumber, `${shard.ShardId} closed`);
    assert.deepEqual(summary(await readLineage(eddy.streams, first)), ['INSERT before']);

    clock.advance(1000);
    const enabled = await eddy.ddb.send(
      new UpdateTableCommand({ TableName: table, StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' } }),
    );
    const second = enabled.TableDescription!.LatestStreamArn!;
    assert.notEqual(second, first);
    await put(table, 'after');
    assert.deepEqual(summary(await readLineage(eddy.streams, second)), ['INSERT after']);
    assert.equal((await describeStream(second)).StreamViewType, 'NEW_IMAGE');
    assert.equal((await describeStream(first)).StreamViewType, 'KEYS_ONLY');

    const listed = await eddy.streams.send(new ListStreamsCommand({ TableName: table }));
    assert.deepEqual(listed.Streams, [
      { StreamArn: first, TableName: table, StreamLabel: first.split('/stream/')[1] },
      { StreamArn: second, TableName: table, StreamLabel: second.split('/stream/')[1] },
    ]);
    assert.equal(listed.LastEvaluatedStreamArn, undefined);
  });

  it('ListStreams pages with Limit and ExclusiveStartStreamArn', async () => {
    const names = [uniqueTable('listed-a'), uniqueTable('listed-b'), uniqueTable('listed-c')];
    for (const name of names) await createStreamTable(eddy.ddb, name, 'KEYS_ONLY');
    const all = (await eddy.streams.send(new ListStreamsCommand({}))).Streams!.map((s) => s.StreamArn!);
    assert.ok(all.length >= 3);
    const seen: string[] = [];
    let ExclusiveStartStreamArn: string | undefined;
    do {
      const page = await eddy.streams.send(new ListStreamsCommand({ Limit: 2, ExclusiveStartStreamArn }));
      assert.ok(page.Streams!.length <= 2);
      seen.push(...page.Streams!.map((s) => s.StreamArn!));
      ExclusiveStartStreamArn = page.LastEvaluatedStreamArn;
    } while (ExclusiveStartStreamArn);
    assert.deepEqual(seen, all);
    const tables = (await eddy.streams.send(new ListStreamsCommand({}))).Streams!.map((s) => s.TableName!);
    assert.deepEqual(tables, [...tables].sort());
  });

  it('the stream of a deleted table stays readable until its retention ends', async () => {
    const table = uniqueTable('deleted');
    const arn = await createStreamTable(eddy.ddb, table, 'KEYS_ONLY');
    await put(table, 'kept');
    await eddy.ddb.send(new DeleteTableCommand({ TableName: table }));
    await assert.rejects(eddy.ddb.send(new DescribeTableCommand({ TableName: table })), { name: 'ResourceNotFoundException' });
    const description = await describeStream(arn);
    assert.equal(description.StreamStatus, 'DISABLED');
    for (const shard of description.Shards!) assert.ok(shard.SequenceNumberRange!.EndingSequenceNumber);
    assert.deepEqual(summary(await readLineage(eddy.streams, arn)), ['INSERT kept']);
    assert.ok((await eddy.streams.send(new ListStreamsCommand({ TableName: table }))).Streams!.some((s) => s.StreamArn === arn));

    clock.advance(23 * 3_600_000);
    await eddy.admin('/_eddy/streams/trim');
    assert.equal((await describeStream(arn)).StreamStatus, 'DISABLED');
    clock.advance(3_600_000 + 1);
    await eddy.admin('/_eddy/streams/trim');
    await assert.rejects(describeStream(arn), { name: 'ResourceNotFoundException' });
    // With its last stream gone the name is no table's: not found (list-streams-table.test.ts).
    await assert.rejects(eddy.streams.send(new ListStreamsCommand({ TableName: table })), { name: 'ResourceNotFoundException' });
  });

  it('a single-shard table by default', async () => {
    const single = await startTestEddy();
    try {
      const arn = await createStreamTable(single.ddb, uniqueTable('single'), 'KEYS_ONLY');
      assert.equal((await allShards(single.streams, arn)).length, 1);
      assert.deepEqual(await readOnlyShard(single.streams, arn), []);
    } finally {
      await single.stop();
    }
  });
});
