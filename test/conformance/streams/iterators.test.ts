import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PutItemCommand, UpdateTableCommand } from '@aws-sdk/client-dynamodb';
import { GetRecordsCommand, GetShardIteratorCommand, type ShardIteratorType } from '@aws-sdk/client-dynamodb-streams';
import { ManualClock } from '../../../src/shared/clock.js';
import { startTestEddy, type TestEddy } from '../../helpers/eddy.js';
import { allShards, createStreamTable, summary, uniqueTable } from './stream-fixtures.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** GetShardIterator and GetRecords: every iterator type, paging, and the errors AWS gives. */
describe('shard iterators', () => {
  let eddy: TestEddy;
  const clock = new ManualClock(Date.UTC(2026, 4, 1));
  let table: string;
  let arn: string;
  let shardId: string;
  let sequences: string[];

  before(async () => {
    eddy = await startTestEddy({ clock });
    table = uniqueTable('iter');
    arn = await createStreamTable(eddy.ddb, table, 'KEYS_ONLY');
    for (const pk of ['r1', 'r2', 'r3', 'r4']) await put(table, pk);
    shardId = (await allShards(eddy.streams, arn))[0]!.ShardId!;
    sequences = (await read(await iterator('TRIM_HORIZON'))).Records!.map((r) => r.dynamodb!.SequenceNumber!);
    assert.equal(sequences.length, 4);
  });
  after(() => eddy.stop());

  const put = (TableName: string, pk: string) => eddy.ddb.send(new PutItemCommand({ TableName, Item: { pk: { S: pk } } }));
  const iterator = async (type: ShardIteratorType, SequenceNumber?: string, StreamArn = arn, ShardId = shardId) =>
    (await eddy.streams.send(new GetShardIteratorCommand({ StreamArn, ShardId, ShardIteratorType: type, SequenceNumber }))).ShardIterator!;
  const read = (ShardIterator: string, Limit?: number) => eddy.streams.send(new GetRecordsCommand({ ShardIterator, Limit }));
  const names = async (it: string) => summary((await read(it)).Records!);

  it('TRIM_HORIZON reads from the oldest record', async () => {
    assert.deepEqual(await names(await iterator('TRIM_HORIZON')), ['INSERT r1', 'INSERT r2', 'INSERT r3', 'INSERT r4']);
  });

  it('AT_SEQUENCE_NUMBER starts at that record, AFTER_SEQUENCE_NUMBER right after it', async () => {
    assert.deepEqual(await names(await iterator('AT_SEQUENCE_NUMBER', sequences[1])), ['INSERT r2', 'INSERT r3', 'INSERT r4']);
    assert.deepEqual(await names(await iterator('AFTER_SEQUENCE_NUMBER', sequences[1])), ['INSERT r3', 'INSERT r4']);
    assert.deepEqual(await names(await iterator('AFTER_SEQUENCE_NUMBER', sequences[3])), []);
  });

  it('LATEST sees only records written after it, and an open shard always gives a next iterator', async () => {
    const latest = await iterator('LATEST');
    const empty = await read(latest);
    assert.deepEqual(empty.Records, []);
    assert.ok(empty.NextShardIterator);
    await put(table, 'r5');
    const out = await read(empty.NextShardIterator!);
    assert.deepEqual(summary(out.Records!), ['INSERT r5']);
    assert.ok(out.NextShardIterator);
    sequences.push(out.Records![0]!.dynamodb!.SequenceNumber!);
  });

  it('Limit pages through the shard with NextShardIterator', async () => {
    const seen: string[] = [];
    let it: string | undefined = await iterator('TRIM_HORIZON');
    for (let page = 0; page < 3; page++) {
      const out = await read(it!, 2);
      assert.ok(out.Records!.length <= 2);
      seen.push(...summary(out.Records!));
      it = out.NextShardIterator;
    }
    assert.deepEqual(seen, ['INSERT r1', 'INSERT r2', 'INSERT r3', 'INSERT r4', 'INSERT r5']);
  });

  it('Limit outside 1..1000 is a ValidationException', async () => {
    const it = await iterator('TRIM_HORIZON');
    await assert.rejects(read(it, 1001), {
      name: 'ValidationException',
      message: "1 validation error detected: Value '1001' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 1000",
    });
    await assert.rejects(read(it, 0), {
      name: 'ValidationException',
      message: "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1",
    });
  });

  it('an iterator expires 15 minutes after it was issued', async () => {
    const it = await iterator('TRIM_HORIZON');
    clock.advance(15 * MINUTE);
    assert.equal((await read(it)).Records!.length, 5);
    clock.advance(1);
    await assert.rejects(read(it), { name: 'ExpiredIteratorException', message: 'The provided iterator exceeds the maximum age allowed.' });
  });

  it('unknown streams and shards are ResourceNotFoundException', async () => {
    const missing = arn.replace(/stream\/.*$/, 'stream/2020-01-01T00:00:00.000');
    await assert.rejects(iterator('TRIM_HORIZON', undefined, missing), {
      name: 'ResourceNotFoundException',
      message: `Requested resource not found: Stream: ${missing} not found`,
    });
    const otherAccount = arn.replace(':000000000000:', ':111122223333:');
    await assert.rejects(iterator('LATEST', undefined, otherAccount), { name: 'ResourceNotFoundException' });
    const noShard = 'shardId-00000000000000000000-00000000';
    await assert.rejects(iterator('TRIM_HORIZON', undefined, arn, noShard), {
      name: 'ResourceNotFoundException',
      message: `Requested resource not found: Shard: ${noShard} in Stream: ${arn} not found`,
    });
  });

  it('bad sequence numbers are ValidationExceptions', async () => {
    await assert.rejects(iterator('AT_SEQUENCE_NUMBER'), {
      name: 'ValidationException',
      message: 'SequenceNumber is required when ShardIteratorType is AT_SEQUENCE_NUMBER',
    });
    const tooFar = (BigInt(sequences.at(-1)!) + 1n).toString();
    await assert.rejects(iterator('AFTER_SEQUENCE_NUMBER', tooFar), {
      name: 'ValidationException',
      message: `Invalid SequenceNumber ${tooFar} for shard ${shardId}`,
    });
    const before = (BigInt(sequences[0]!) - 1n).toString();
    await assert.rejects(iterator('AT_SEQUENCE_NUMBER', before), { name: 'ValidationException', message: `Invalid SequenceNumber ${before} for shard ${shardId}` });
    await assert.rejects(iterator('AT_SEQUENCE_NUMBER', '12'), {
      name: 'ValidationException',
      message: "1 validation error detected: Value '12' at 'sequenceNumber' failed to satisfy constraint: Member must have length greater than or equal to 21",
    });
  });

  it('an iterator Eddy did not issue is a ValidationException', async () => {
    await assert.rejects(read('not-an-iterator'), { name: 'ValidationException', message: 'Invalid ShardIterator' });
  });

  it('a closed shard read to its end gives no NextShardIterator', async () => {
    const closing = uniqueTable('closing');
    const closingArn = await createStreamTable(eddy.ddb, closing, 'KEYS_ONLY');
    await put(closing, 'c1');
    await put(closing, 'c2');
    const [shard] = await allShards(eddy.streams, closingArn);
    const open = await iterator('TRIM_HORIZON', undefined, closingArn, shard!.ShardId);
    await eddy.ddb.send(new UpdateTableCommand({ TableName: closing, StreamSpecification: { StreamEnabled: false } }));
    const [closed] = await allShards(eddy.streams, closingArn);
    assert.ok(closed!.SequenceNumberRange!.EndingSequenceNumber);
    const first = await read(open, 1);
    assert.deepEqual(summary(first.Records!), ['INSERT c1']);
    assert.ok(first.NextShardIterator, 'records remain: the iterator goes on');
    const last = await read(first.NextShardIterator!);
    assert.deepEqual(summary(last.Records!), ['INSERT c2']);
    assert.equal(last.NextShardIterator, undefined);
    assert.equal(closed!.SequenceNumberRange!.EndingSequenceNumber, last.Records![0]!.dynamodb!.SequenceNumber);
    // LATEST on a closed shard: nothing to read, and no iterator after it.
    const latest = await read(await iterator('LATEST', undefined, closingArn, shard!.ShardId));
    assert.deepEqual(latest.Records, []);
    assert.equal(latest.NextShardIterator, undefined);
  });

  it('trimmed data: an old iterator or sequence number is TrimmedDataAccessException', async () => {
    const trimmed = uniqueTable('trimmed');
    const trimmedArn = await createStreamTable(eddy.ddb, trimmed, 'KEYS_ONLY');
    await put(trimmed, 'old');
    const [shard] = await allShards(eddy.streams, trimmedArn);
    const horizon = await iterator('TRIM_HORIZON', undefined, trimmedArn, shard!.ShardId);
    const oldSequence = (await read(horizon)).Records![0]!.dynamodb!.SequenceNumber!;
    clock.advance(24 * HOUR + 1);
    const fresh = await iterator('TRIM_HORIZON', undefined, trimmedArn, shard!.ShardId);
    await put(trimmed, 'new');
    await eddy.admin('/_eddy/streams/trim');
    const trimmedError = { name: 'TrimmedDataAccessException', message: 'The data you are trying to access has been trimmed.' };
    await assert.rejects(iterator('AT_SEQUENCE_NUMBER', oldSequence, trimmedArn, shard!.ShardId), trimmedError);
    // An iterator issued before the trim, pointing at the trimmed record.
    await assert.rejects(read(fresh), trimmedError);
    // After the trimmed record is fine, and TRIM_HORIZON now starts at the oldest retained one.
    assert.deepEqual(await names(await iterator('AFTER_SEQUENCE_NUMBER', oldSequence, trimmedArn, shard!.ShardId)), ['INSERT new']);
    assert.deepEqual(await names(await iterator('TRIM_HORIZON', undefined, trimmedArn, shard!.ShardId)), ['INSERT new']);
  });
});
