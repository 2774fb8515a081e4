import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { CreateTableCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { CreateEventSourceMappingCommand, DeleteEventSourceMappingCommand, LambdaClient, UpdateEventSourceMappingCommand } from '@aws-sdk/client-lambda';
import { DeleteMessageCommand, GetQueueUrlCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { ManualClock } from '../../../src/shared/clock.js';
import type { MappingStatus } from '../../../src/triggers/mapping-status.js';
import { startTestEddy, testCredentials, type TestEddy } from '../../helpers/eddy.js';

const config = fileURLToPath(new URL('./fixtures-features/eddy.config.ts', import.meta.url));

interface Report {
  fn: string;
  arn: string;
  records: unknown[];
  [member: string]: unknown;
}
interface TimedRecord {
  pk: string;
  n: number;
  seq: string;
}

/** 2026-01-01T00:10:00Z: a multiple of the 60 s windows below. */
const T0 = Date.UTC(2026, 0, 1, 0, 10);

describe('stream triggers: ParallelizationFactor, tumbling windows, mapping status', () => {
  const clock = new ManualClock(T0);
  let eddy: TestEddy;
  let lambda: LambdaClient;
  let seenUrl: string;
  let tableCounter = 0;
  const reports: Report[] = [];

  before(async () => {
    eddy = await startTestEddy({ config, clock, triggers: { retryBaseMs: 5, retryMaxMs: 20 } });
    lambda = new LambdaClient({ endpoint: eddy.endpoint, region: 'us-east-1', credentials: testCredentials, maxAttempts: 1 });
    seenUrl = (await eddy.sqs.send(new GetQueueUrlCommand({ QueueName: 'seen' }))).QueueUrl!;
  });
  after(async () => {
    lambda.destroy();
    await eddy.stop();
  });

  /** Reads the `seen` queue until `done()` holds (at most 10 s). */
  async function until(done: () => boolean): Promise<void> {
    const deadline = Date.now() + 10_000;
    while (!done() && Date.now() < deadline) {
      const out = await eddy.sqs.send(new ReceiveMessageCommand({ QueueUrl: seenUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
      for (const m of out.Messages ?? []) {
        reports.push(JSON.parse(m.Body!) as Report);
        await eddy.sqs.send(new DeleteMessageCommand({ QueueUrl: seenUrl, ReceiptHandle: m.ReceiptHandle }));
      }
    }
    assert.ok(done(), 'the expected invocations did not arrive within 10 s');
  }
  const reportsOf = (fn: string, arn: string) => reports.filter((r) => r.fn === fn && r.arn === arn);

  /** One mapping's status from the admin API (GET /_eddy/mappings). */
  async function statusOf(uuid: string): Promise<MappingStatus> {
    const response = await fetch(`${eddy.endpoint}/_eddy/mappings`);
    assert.equal(response.status, 200);
    const { mappings } = (await response.json()) as { mappings: MappingStatus[] };
    return mappings.find((m) => m.uuid === uuid)!;
  }

  /** Polls one mapping's status until `done(status)` holds (at most 10 s). */
  async function statusUntil(uuid: string, done: (status: MappingStatus) => boolean): Promise<MappingStatus> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const status = await statusOf(uuid);
      if (done(status) || Date.now() > deadline) return status;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  async function streamTable(): Promise<{ name: string; arn: string }> {
    const name = `Feat${++tableCounter}`;
    const out = await eddy.ddb.send(
      new CreateTableCommand({
        TableName: name,
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'sk', AttributeType: 'N' },
        ],
        BillingMode: 'PAY_PER_REQUEST',
        StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
      }),
    );
    return { name, arn: out.TableDescription!.LatestStreamArn! };
  }
  const put = (TableName: string, pk: string, n = 1) =>
    eddy.ddb.send(new PutItemCommand({ TableName, Item: { pk: { S: pk }, sk: { N: String(n) }, n: { N: String(n) } } }));

  it('ParallelizationFactor 4: several batches of one shard in flight at once, each partition key in order, the checkpoint at the last record', async () => {
    const table = await streamTable();
    // "slow-0": its first batch takes longer, so its later records would overtake it if keys were not kept in order.
    const keys = ['slow-0', ...Array.from({ length: 12 }, (_, i) => `k${i + 1}`)];
    // Items with the same pk and different sort keys: one partition key, several records in order.
    for (let n = 1; n <= 4; n++) for (const pk of keys) await put(table.name, pk, n);
    const { UUID } = await lambda.send(
      new CreateEventSourceMappingCommand({ FunctionName: 'timed', EventSourceArn: table.arn, StartingPosition: 'TRIM_HORIZON', BatchSize: 3, ParallelizationFactor: 4 }),
    );
    const delivered = () => reportsOf('timed', table.arn).flatMap((r) => r.records as TimedRecord[]);
    await until(() => delivered().length >= keys.length * 4);
    const batches = reportsOf('timed', table.arn)
      .map((r) => ({ start: r.start as number, end: r.end as number, records: r.records as TimedRecord[] }))
      .sort((a, b) => a.start - b.start);
    const all = delivered();
    assert.equal(all.length, keys.length * 4);
    assert.equal(new Set(all.map((r) => r.seq)).size, keys.length * 4);
    for (const pk of keys) {
      const mine = batches.filter((b) => b.records.some((r) => r.pk === pk));
      // In order: n = 1, 2, 3, 4 across the batches sorted by start time.
      assert.deepEqual(mine.flatMap((b) => b.records.filter((r) => r.pk === pk).map((r) => r.n)), [1, 2, 3, 4], `order of ${pk}`);
      // Never concurrently: each batch with the key ends before the next one with it starts.
      for (let i = 1; i < mine.length; i++) assert.ok(mine[i - 1]!.end <= mine[i]!.start, `${pk} processed concurrently`);
    }
    const overlapping = batches.some((b, i) => batches.slice(i + 1).some((c) => c.start < b.end));
    assert.ok(overlapping, 'no two batches were in flight at once');
    const last = all.map((r) => r.seq).sort().at(-1)!;
    const status = await statusUntil(UUID!, (s) => s.shards[0]?.checkpoint === last);
    assert.equal(status.shards.length, 1);
    assert.equal(status.shards[0]!.checkpoint, last);
    assert.equal(status.shards[0]!.iteratorAgeMs, 0);
    assert.equal(status.shards[0]!.inFlight, 0);
    await lambda.send(new DeleteEventSourceMappingCommand({ UUID }));
  });

  it('tumbling windows: state carried across invocations of a window, a final invocation when it ends (by a later record or the clock), the next window starting with {}', async () => {
    const table = await streamTable();
    clock.set(T0 + 1_000);
    for (const pk of ['w-1', 'w-2', 'w-3']) await put(table.name, pk);
    clock.set(T0 + 61_000);
    await put(table.name, 'w-4');
    const { UUID } = await lambda.send(
      new CreateEventSourceMappingCommand({ FunctionName: 'windowed', EventSourceArn: table.arn, StartingPosition: 'TRIM_HORIZON', BatchSize: 2, TumblingWindowInSeconds: 60 }),
    );
    const invocations = () => reportsOf('windowed', table.arn).sort((a, b) => Number(a.at) - Number(b.at));
    await until(() => invocations().length >= 4);
    const first = { start: '2026-01-01T00:10:00Z', end: '2026-01-01T00:11:00Z' };
    const second = { start: '2026-01-01T00:11:00Z', end: '2026-01-01T00:12:00Z' };
    const view = (r: Report) => [r.records, r.window, r.state, r.isFinalInvokeForWindow, r.isWindowTerminatedEarly];
    assert.deepEqual(invocations().map(view), [
      [['w-1', 'w-2'], first, {}, false, false],
      [['w-3'], first, { count: 2 }, false, false],
      [[], first, { count: 3 }, true, false],
      [['w-4'], second, {}, false, false],
    ]);
    const [one] = invocations();
    assert.deepEqual(one!.keys, ['Records', 'window', 'state', 'shardId', 'eventSourceARN', 'isFinalInvokeForWindow', 'isWindowTerminatedEarly']);
    const status = await statusOf(UUID!);
    assert.equal(one!.shardId, status.shards[0]!.shardId);
    // No more records: the window closes when the clock passes its end.
    clock.set(T0 + 121_000);
    await until(() => invocations().length >= 5);
    assert.deepEqual(view(invocations()[4]!), [[], second, { count: 1 }, true, false]);
    await lambda.send(new DeleteEventSourceMappingCommand({ UUID }));
  });

  it('tumbling windows: a state over 1 MB ends the window early, and its later records start again from {}', async () => {
    const table = await streamTable();
    clock.set(T0 + 180_000);
    await put(table.name, 'big-1');
    await put(table.name, 'e-2');
    const { UUID } = await lambda.send(
      new CreateEventSourceMappingCommand({ FunctionName: 'windowed', EventSourceArn: table.arn, StartingPosition: 'TRIM_HORIZON', BatchSize: 1, TumblingWindowInSeconds: 60 }),
    );
    const invocations = () => reportsOf('windowed', table.arn).sort((a, b) => Number(a.at) - Number(b.at));
    await until(() => invocations().length >= 3);
    const window = { start: '2026-01-01T00:13:00Z', end: '2026-01-01T00:14:00Z' };
    const view = (r: Report) => [r.records, r.window, r.state, r.isFinalInvokeForWindow, r.isWindowTerminatedEarly];
    assert.deepEqual(invocations().map(view), [
      [['big-1'], window, {}, false, false],
      [[], window, { count: 1, filler: 1024 * 1024 }, true, true],
      [['e-2'], window, {}, false, false],
    ]);
    await lambda.send(new DeleteEventSourceMappingCommand({ UUID }));
  });

  it('tumbling windows: the state lives in the checkpoint, so a mapping stopped and started again resumes its window', async () => {
    const table = await streamTable();
    clock.set(T0 + 240_000);
    await put(table.name, 'r-1');
    const { UUID } = await lambda.send(
      new CreateEventSourceMappingCommand({ FunctionName: 'windowed', EventSourceArn: table.arn, StartingPosition: 'TRIM_HORIZON', TumblingWindowInSeconds: 60 }),
    );
    const invocations = () => reportsOf('windowed', table.arn).sort((a, b) => Number(a.at) - Number(b.at));
    await until(() => invocations().length >= 1);
    await statusUntil(UUID!, (s) => s.shards[0]?.iteratorAgeMs === 0 && s.shards[0]?.inFlight === 0);
    await lambda.send(new UpdateEventSourceMappingCommand({ UUID, Enabled: false }));
    await put(table.name, 'r-2');
    await lambda.send(new UpdateEventSourceMappingCommand({ UUID, Enabled: true }));
    await until(() => invocations().length >= 2);
    assert.deepEqual(
      invocations().map((r) => [r.records, r.state, r.isFinalInvokeForWindow]),
      [
        [['r-1'], {}, false],
        [['r-2'], { count: 1 }, false],
      ],
    );
    await lambda.send(new DeleteEventSourceMappingCommand({ UUID }));
  });

  it('status: a failing batch shows its attempts and last error; a caught-up mapping shows its checkpoint and iterator age 0', async () => {
    const table = await streamTable();
    clock.set(T0 + 300_000);
    await put(table.name, 'poison-1');
    clock.advance(5_000);
    const failing = await lambda.send(new CreateEventSourceMappingCommand({ FunctionName: 'failing', EventSourceArn: table.arn, StartingPosition: 'TRIM_HORIZON' }));
    const stuck = await statusUntil(failing.UUID!, (s) => (s.shards[0]?.attempts ?? 0) >= 2);
    assert.equal(stuck.state, 'Enabled');
    assert.equal(stuck.functionName, 'failing');
    assert.equal(stuck.sourceArn, table.arn);
    assert.equal(stuck.lastProcessingResult, 'PROBLEM: Function call failed');
    const shard = stuck.shards[0]!;
    assert.ok(shard.attempts >= 2);
    assert.equal(shard.lastError, 'Error: poison record');
    assert.equal(shard.inFlight, 1);
    assert.equal(shard.iteratorAgeMs, 5_000);
    assert.equal(shard.finished, false);
    assert.equal(typeof shard.leaseOwner, 'string');
    await lambda.send(new DeleteEventSourceMappingCommand({ UUID: failing.UUID }));

    const fine = await streamTable();
    await put(fine.name, 'ok-1');
    const ok = await lambda.send(new CreateEventSourceMappingCommand({ FunctionName: 'failing', EventSourceArn: fine.arn, StartingPosition: 'TRIM_HORIZON' }));
    const before = await statusOf(ok.UUID!);
    assert.ok(['No records processed', 'OK'].includes(before.lastProcessingResult));
    await until(() => reportsOf('failing', fine.arn).length >= 1);
    const seq = (reportsOf('failing', fine.arn)[0]!.records[0] as TimedRecord).seq;
    const caughtUp = await statusUntil(ok.UUID!, (s) => s.shards[0]?.checkpoint === seq);
    assert.equal(caughtUp.lastProcessingResult, 'OK');
    assert.deepEqual({ ...caughtUp.shards[0]!, leaseOwner: typeof caughtUp.shards[0]!.leaseOwner }, {
      shardId: caughtUp.shards[0]!.shardId,
      checkpoint: seq,
      finished: false,
      leaseOwner: 'string',
      iteratorAgeMs: 0,
      state: 'OK',
      attempts: 0,
      lastSuccessAt: new Date(clock.now()).toISOString(),
      inFlight: 0,
    });
    await lambda.send(new DeleteEventSourceMappingCommand({ UUID: ok.UUID }));
  });
});
