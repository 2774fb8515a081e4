import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { CreateTableCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { DescribeStreamCommand, GetRecordsCommand, GetShardIteratorCommand } from '@aws-sdk/client-dynamodb-streams';
import { CreateEventSourceMappingCommand, DeleteEventSourceMappingCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { DeleteMessageCommand, GetQueueUrlCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { ManualClock } from '../../../src/shared/clock.js';
import type { MappingStatus, ShardStatus } from '../../../src/triggers/mapping-status.js';
import { signedHeaders, startTestEddy, testCredentials, type TestEddy } from '../../helpers/eddy.js';
import { eventually } from '../../helpers/eventually.js';

const config = fileURLToPath(new URL('./fixtures-actions/eddy.config.ts', import.meta.url));

/** 2026-01-01T00:10:00Z. */
const T0 = Date.UTC(2026, 0, 1, 0, 10);
const iso = (ms: number) => new Date(ms).toISOString();

interface Batch {
  arn: string;
  records: { pk: string; seq: string }[];
}

describe('mapping actions: retry, skip and rewind a stream mapping through the admin API', () => {
  const clock = new ManualClock(T0);
  let eddy: TestEddy;
  let lambda: LambdaClient;
  let tableCounter = 0;
  const seen: Batch[] = [];
  let seenUrl: string;
  let failuresUrl: string;

  before(async () => {
    // A minute's backoff (of real time too, with a clock nobody moves): only a retry asked for tries again sooner.
    eddy = await startTestEddy({ config, clock, triggers: { retryBaseMs: 60_000, retryMaxMs: 60_000 } });
    lambda = new LambdaClient({ endpoint: eddy.endpoint, region: 'us-east-1', credentials: testCredentials, maxAttempts: 1 });
    seenUrl = (await eddy.sqs.send(new GetQueueUrlCommand({ QueueName: 'seen' }))).QueueUrl!;
    failuresUrl = (await eddy.sqs.send(new GetQueueUrlCommand({ QueueName: 'failures' }))).QueueUrl!;
  });
  after(async () => {
    lambda.destroy();
    await eddy.stop();
  });

  async function post(action: string, body: object): Promise<{ status: number; json: Record<string, unknown> }> {
    const url = `${eddy.endpoint}/_eddy/mappings/${action}`;
    const text = JSON.stringify(body);
    const res = await fetch(url, { method: 'POST', headers: signedHeaders('POST', url, {}, text, 'eddy'), body: text });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  }

  async function statusOf(uuid: string): Promise<MappingStatus> {
    const { mappings } = (await (await fetch(`${eddy.endpoint}/_eddy/mappings`)).json()) as { mappings: MappingStatus[] };
    return mappings.find((m) => m.uuid === uuid)!;
  }
  const shardUntil = (uuid: string, what: string, done: (shard: ShardStatus) => boolean) =>
    eventually(what, async () => (await statusOf(uuid)).shards[0]!, { accept: (shard) => shard !== undefined && done(shard) });

  /** The records `flaky` handled on `arn`, in order, once `done` holds for them. */
  async function handled(arn: string, what: string, done: (pks: string[]) => boolean): Promise<{ pk: string; seq: string }[]> {
    const of = () => seen.filter((b) => b.arn === arn).flatMap((b) => b.records);
    return eventually(
      what,
      async () => {
        const out = await eddy.sqs.send(new ReceiveMessageCommand({ QueueUrl: seenUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
        for (const m of out.Messages ?? []) {
          seen.push(JSON.parse(m.Body!) as Batch);
          await eddy.sqs.send(new DeleteMessageCommand({ QueueUrl: seenUrl, ReceiptHandle: m.ReceiptHandle }));
        }
        return of();
      },
      { accept: (records) => done(records.map((r) => r.pk)) },
    );
  }

  /** A table with a stream and its items written in order (each at `times[i]` of the clock when given); its stream ARN and the records' SequenceNumbers. */
  async function streamOf(pks: string[], times: number[] = []): Promise<{ name: string; arn: string; sequences: string[] }> {
    const name = `Actions${++tableCounter}`;
    const out = await eddy.ddb.send(
      new CreateTableCommand({
        TableName: name,
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        BillingMode: 'PAY_PER_REQUEST',
        StreamSpecification: { StreamEnabled: true, StreamViewType: 'KEYS_ONLY' },
      }),
    );
    for (const [i, pk] of pks.entries()) {
      if (times[i] !== undefined) clock.set(times[i]!);
      await eddy.ddb.send(new PutItemCommand({ TableName: name, Item: { pk: { S: pk } } }));
    }
    const arn = out.TableDescription!.LatestStreamArn!;
    const { StreamDescription } = await eddy.streams.send(new DescribeStreamCommand({ StreamArn: arn }));
    const { ShardIterator } = await eddy.streams.send(
      new GetShardIteratorCommand({ StreamArn: arn, ShardId: StreamDescription!.Shards![0]!.ShardId!, ShardIteratorType: 'TRIM_HORIZON' }),
    );
    const { Records = [] } = await eddy.streams.send(new GetRecordsCommand({ ShardIterator }));
    return { name, arn, sequences: Records.map((r) => r.dynamodb!.SequenceNumber!) };
  }

  async function map(EventSourceArn: string, options: { BatchSize?: number; onFailure?: string; ParallelizationFactor?: number } = {}): Promise<string> {
    const { UUID } = await lambda.send(
      new CreateEventSourceMappingCommand({
        FunctionName: 'flaky',
        EventSourceArn,
        StartingPosition: 'TRIM_HORIZON',
        BatchSize: options.BatchSize ?? 10,
        ...(options.ParallelizationFactor && { ParallelizationFactor: options.ParallelizationFactor }),
        ...(options.onFailure && { DestinationConfig: { OnFailure: { Destination: options.onFailure } } }),
      }),
    );
    return UUID!;
  }
  const unmap = (uuid: string) => lambda.send(new DeleteEventSourceMappingCommand({ UUID: uuid }));
  const fix = (name: string) => eddy.ddb.send(new PutItemCommand({ TableName: 'Switches', Item: { name: { S: name } } }));

  it('a failing batch shows as blocked (attempts, last error, its records); retry tries it at once, not after its backoff; a recovered one is no longer blocked', async () => {
    clock.set(T0);
    const { arn, sequences } = await streamOf(['ok-1', 'poison:a', 'ok-3']);
    const uuid = await map(arn);
    const blocked = await shardUntil(uuid, 'the batch to fail', (s) => s.blockingBatch !== undefined);
    assert.equal(blocked.state, 'RETRYING');
    assert.equal(blocked.attempts, 1);
    assert.equal(blocked.lastError, 'Error: SMTP refused poison:a');
    assert.deepEqual({ ...blocked.blockingBatch, lastFailure: undefined }, {
      attempts: 1,
      since: iso(T0),
      retryAt: iso(T0 + 60_000),
      lastFailure: undefined,
      records: {
        firstSequence: sequences[0],
        lastSequence: sequences[2],
        count: 3,
        firstArrival: iso(T0),
        lastArrival: iso(T0),
        keys: [{ pk: { S: 'ok-1' } }, { pk: { S: 'poison:a' } }, { pk: { S: 'ok-3' } }],
      },
    });
    assert.equal(blocked.blockingBatch!.lastFailure.kind, 'function-error');

    const retried = await post('retry', { uuid });
    assert.equal(retried.status, 200);
    assert.deepEqual(retried.json, { uuid, action: 'retry', shards: [{ shardId: blocked.shardId }] });
    const again = await shardUntil(uuid, 'a second attempt well before the backoff ends', (s) => s.blockingBatch?.attempts === 2);
    assert.equal(again.attempts, 2);
    assert.equal(again.pendingAction, undefined, 'the lease holder took the action');

    await fix('a');
    assert.equal((await post('retry', { uuid })).status, 200);
    const done = await shardUntil(uuid, 'the batch to go through', (s) => s.checkpoint === sequences[2]);
    assert.equal(done.blockingBatch, undefined);
    assert.equal(done.state, 'OK');
    assert.deepEqual(await handled(arn, 'the batch', (pks) => pks.length === 3), [
      { pk: 'ok-1', seq: sequences[0] },
      { pk: 'poison:a', seq: sequences[1] },
      { pk: 'ok-3', seq: sequences[2] },
    ]);
    const nothing = await post('retry', { uuid });
    assert.equal(nothing.status, 409);
    assert.equal(nothing.json['type'], 'ResourceConflictException');
    await unmap(uuid);
  });

  it('skip gives the blocking batch up to the OnFailure queue (the record Lambda sends) and delivery goes on after it', async () => {
    clock.set(T0 + 3_600_000);
    const { arn, sequences } = await streamOf(['poison:never', 'ok-after']);
    const uuid = await map(arn, { BatchSize: 1, onFailure: 'arn:aws:sqs:us-east-1:000000000000:failures' });
    const blocked = await shardUntil(uuid, 'the poison record to block the shard', (s) => s.blockingBatch !== undefined);
    assert.deepEqual(blocked.blockingBatch!.records.keys, [{ pk: { S: 'poison:never' } }]);
    const skipped = await post('skip', { uuid, shard: blocked.shardId });
    assert.equal(skipped.status, 200);
    assert.equal(skipped.json['action'], 'skip');
    const out = await eddy.sqs.send(new ReceiveMessageCommand({ QueueUrl: failuresUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 10 }));
    assert.equal(out.Messages?.length, 1);
    const failure = JSON.parse(out.Messages![0]!.Body!);
    assert.deepEqual(Object.keys(failure), ['requestContext', 'responseContext', 'version', 'timestamp', 'DDBStreamBatchInfo']);
    assert.equal(failure.requestContext.condition, 'RetryAttemptsExhausted');
    assert.equal(failure.requestContext.approximateInvokeCount, 1);
    assert.deepEqual(failure.responseContext, { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' });
    assert.equal(failure.DDBStreamBatchInfo.startSequenceNumber, sequences[0]);
    assert.equal(failure.DDBStreamBatchInfo.endSequenceNumber, sequences[0]);
    assert.equal(failure.DDBStreamBatchInfo.batchSize, 1);
    assert.equal(failure.DDBStreamBatchInfo.streamArn, arn);
    await eddy.sqs.send(new DeleteMessageCommand({ QueueUrl: failuresUrl, ReceiptHandle: out.Messages![0]!.ReceiptHandle }));
    assert.deepEqual(await handled(arn, 'the record after the skipped one', (pks) => pks.includes('ok-after')), [{ pk: 'ok-after', seq: sequences[1] }]);
    const after = await shardUntil(uuid, 'the checkpoint past both', (s) => s.checkpoint === sequences[1]);
    assert.equal(after.blockingBatch, undefined);
    await unmap(uuid);
  });

  it('with ParallelizationFactor, skip gives up the batch the status shows as blocking, and only it', async () => {
    clock.set(T0 + 5_400_000);
    const { arn, sequences } = await streamOf(['poison:p1', 'poison:p2']);
    const uuid = await map(arn, { BatchSize: 1, ParallelizationFactor: 2, onFailure: 'arn:aws:sqs:us-east-1:000000000000:failures' });
    const both = await shardUntil(uuid, 'both lanes failing', (s) => s.inFlight === 2 && s.blockingBatch !== undefined);
    const shown = both.blockingBatch!.records.firstSequence;
    const other = sequences.find((s) => s !== shown)!;
    assert.equal((await post('skip', { uuid })).status, 200);
    const out = await eddy.sqs.send(new ReceiveMessageCommand({ QueueUrl: failuresUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 10 }));
    assert.deepEqual(out.Messages?.map((m) => JSON.parse(m.Body!).DDBStreamBatchInfo.startSequenceNumber), [shown]);
    await eddy.sqs.send(new DeleteMessageCommand({ QueueUrl: failuresUrl, ReceiptHandle: out.Messages![0]!.ReceiptHandle }));
    const left = await shardUntil(uuid, 'the other batch still blocking', (s) => s.inFlight === 1 && s.blockingBatch?.records.firstSequence === other);
    assert.equal(left.blockingBatch!.attempts, 1, 'the other lane was not tried again');
    await fix(other === sequences[0] ? 'p1' : 'p2');
    assert.equal((await post('retry', { uuid })).status, 200);
    await shardUntil(uuid, 'the checkpoint past both', (s) => s.checkpoint === sequences[1] && s.blockingBatch === undefined);
    const none = await eddy.sqs.send(new ReceiveMessageCommand({ QueueUrl: failuresUrl, WaitTimeSeconds: 0 }));
    assert.equal(none.Messages, undefined);
    await unmap(uuid);
  });

  it('rewind re-delivers from a sequence number, and from the first record at or after a time', async () => {
    const times = [T0 + 7_200_000, T0 + 7_260_000, T0 + 7_320_000];
    const { arn, sequences } = await streamOf(['r-1', 'r-2', 'r-3'], times);
    const uuid = await map(arn, { BatchSize: 1 });
    await handled(arn, 'the first delivery', (pks) => pks.length === 3);
    const shardId = (await shardUntil(uuid, 'the checkpoint at the end', (s) => s.checkpoint === sequences[2])).shardId;

    const bySequence = await post('rewind', { uuid, sequenceNumber: sequences[1] });
    assert.equal(bySequence.status, 200);
    assert.deepEqual(bySequence.json, { uuid, action: 'rewind', shards: [{ shardId, checkpoint: sequences[0] }] });
    const again = await handled(arn, 'r-2 and r-3 again', (pks) => pks.length === 5);
    assert.deepEqual(again.slice(3).map((r) => r.pk), ['r-2', 'r-3']);

    await shardUntil(uuid, 'the checkpoint at the end again', (s) => s.checkpoint === sequences[2] && s.pendingAction === undefined);
    const byTime = await post('rewind', { uuid, shard: shardId, time: iso(times[2]! - 1) });
    assert.equal(byTime.status, 200);
    assert.deepEqual(byTime.json, { uuid, action: 'rewind', shards: [{ shardId, checkpoint: sequences[1] }] });
    const third = await handled(arn, 'r-3 once more', (pks) => pks.length === 6);
    assert.deepEqual(third.at(-1), { pk: 'r-3', seq: sequences[2] });
    await shardUntil(uuid, 'the checkpoint at the end once more', (s) => s.checkpoint === sequences[2]);
    await unmap(uuid);
  });

  it('disable and enable a mapping: it stops, keeps its position, and goes on from it', async () => {
    clock.set(T0 + 9_000_000);
    const { name, arn } = await streamOf(['d-1']);
    const uuid = await map(arn);
    await handled(arn, 'd-1', (pks) => pks.includes('d-1'));
    const disabled = await post('disable', { uuid });
    assert.deepEqual(disabled, { status: 200, json: { uuid, state: 'Disabling' } });
    // Disabling until its consumer has let the shard go, then Disabled.
    const stopped = await eventually('Disabled', () => statusOf(uuid), { accept: (s) => s.state !== 'Disabling' });
    assert.deepEqual([stopped.state, stopped.shards[0]!.leaseOwner], ['Disabled', undefined]);
    await eddy.ddb.send(new PutItemCommand({ TableName: name, Item: { pk: { S: 'd-2' } } }));
    const enabled = await post('enable', { uuid });
    assert.deepEqual(enabled, { status: 200, json: { uuid, state: 'Enabling' } });
    assert.deepEqual(await handled(arn, 'd-2 once enabled', (pks) => pks.includes('d-2')).then((r) => r.map((x) => x.pk)), ['d-1', 'd-2']);
    const missing = await post('disable', { uuid: 'nobody' });
    assert.deepEqual([missing.status, missing.json['type']], [404, 'ResourceNotFoundException']);
    await unmap(uuid);
  });

  it('typed errors: an unknown mapping is 404, a bad body or sequence number 400, a blocked batch needed 409', async () => {
    for (const action of ['retry', 'skip', 'rewind']) {
      const missing = await post(action, { uuid: 'aaaaaaaa-0000-0000-0000-000000000000', sequenceNumber: '1' });
      assert.equal(missing.status, 404, action);
      assert.equal(missing.json['type'], 'ResourceNotFoundException');
    }
    assert.equal((await post('retry', {})).json['type'], 'InvalidParameterValueException');
    const { arn } = await streamOf(['e-1']);
    const uuid = await map(arn);
    await handled(arn, 'e-1', (pks) => pks.includes('e-1'));
    const both = await post('rewind', { uuid, sequenceNumber: '1', time: iso(T0) });
    assert.deepEqual([both.status, both.json['type']], [400, 'InvalidParameterValueException']);
    const badTime = await post('rewind', { uuid, time: 'yesterday' });
    assert.deepEqual([badTime.status, badTime.json['type']], [400, 'InvalidParameterValueException']);
    const outside = await post('rewind', { uuid, sequenceNumber: '1' });
    assert.deepEqual([outside.status, outside.json['type']], [400, 'InvalidParameterValueException']);
    const skip = await post('skip', { uuid });
    assert.deepEqual([skip.status, skip.json['type']], [409, 'ResourceConflictException']);
    await unmap(uuid);
  });

  it('a rewind to records trimmed away (stream retention, 24 h) is refused with TrimmedDataAccessException', async () => {
    const HOUR = 3_600_000;
    const old = await streamOf(['old-1'], [T0 + 10 * HOUR]);
    const uuid = await map(old.arn);
    await handled(old.arn, 'old-1', (pks) => pks.includes('old-1'));
    clock.set(T0 + 40 * HOUR);
    await eddy.ddb.send(new PutItemCommand({ TableName: old.name, Item: { pk: { S: 'new-1' } } }));
    await handled(old.arn, 'new-1', (pks) => pks.includes('new-1'));
    await eddy.admin('/_eddy/streams/trim');
    const bySequence = await post('rewind', { uuid, sequenceNumber: old.sequences[0] });
    assert.deepEqual([bySequence.status, bySequence.json['type']], [400, 'TrimmedDataAccessException']);
    const byTime = await post('rewind', { uuid, time: iso(T0 + 10 * HOUR) });
    assert.deepEqual([byTime.status, byTime.json['type']], [400, 'TrimmedDataAccessException']);
    const kept = await post('rewind', { uuid, time: iso(T0 + 40 * HOUR) });
    assert.equal(kept.status, 200, JSON.stringify(kept.json));
    await handled(old.arn, 'new-1 again', (pks) => pks.filter((pk) => pk === 'new-1').length === 2);
    await unmap(uuid);
  });

  it('GET /_eddy/mappings/feed sends the statuses at once, then again when they change', async () => {
    const abort = new AbortController();
    const res = await fetch(`${eddy.endpoint}/_eddy/mappings/feed`, { signal: abort.signal });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /text\/event-stream/);
    const reader = res.body!.getReader();
    let buffer = '';
    const nextEvent = async (): Promise<{ event: string; data: { mappings: MappingStatus[] } }> => {
      for (;;) {
        const end = buffer.indexOf('\n\n');
        if (end !== -1) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1] ?? '';
          const data = block.split('\n').filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('\n');
          if (event) return { event, data: JSON.parse(data) };
          continue;
        }
        const { value, done } = await reader.read();
        if (done) throw new Error('the feed ended');
        buffer += new TextDecoder().decode(value);
      }
    };
    const first = await nextEvent();
    assert.equal(first.event, 'mappings');
    const before = first.data.mappings.length;
    const { arn } = await streamOf(['f-1']);
    const uuid = await map(arn);
    let seenIt: MappingStatus | undefined;
    while (!seenIt?.shards[0]?.checkpoint) {
      const next = await nextEvent();
      assert.equal(next.event, 'mappings');
      seenIt = next.data.mappings.find((m) => m.uuid === uuid);
      if (seenIt) assert.equal(next.data.mappings.length, before + 1);
    }
    abort.abort();
    await reader.cancel().catch(() => undefined);
    await unmap(uuid);
  });
});
