import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { configTargets } from '../../../src/config/fixtures/config-targets.js';
import { applyConfig, loadConfig, type NormalizedConfig } from '../../../src/config/index.js';
import { FunctionRuntime, type InvokeRequest, type InvokeResult } from '../../../src/functions/function-runtime.js';
import { compilePattern } from '../../../src/patterns/index.js';
import { receiveMessage } from '../../../src/queues/operations/receive-message.js';
import { sendMessage, sendMessageBatch } from '../../../src/queues/operations/send-message.js';
import { queueArn, queueUrl } from '../../../src/queues/queue-url.js';
import type { QueuesContext } from '../../../src/queues/queues-context.js';
import { decodeReceipt } from '../../../src/queues/receipt-handle.js';
import type { ManualClock } from '../../../src/shared/clock.js';
import { silentLogger } from '../../../src/shared/logger.js';
import type { MappingsContext } from '../../../src/triggers/mappings-context.js';
import {
  applyQueueEvents,
  isFifoQueueArn,
  QueuePoller,
  queueSettingsFrom,
  type QueueBatchOutcome,
  type QueueMappingSettings,
} from '../../../src/triggers/queue-source/index.js';
import { memoryEngine } from '../../../src/storage/sqlite/fixtures/memory-engine.js';

const configFile = fileURLToPath(new URL('./fixtures-queues/eddy.config.ts', import.meta.url));
const validatePattern = (pattern: string) => void compilePattern(JSON.parse(pattern) as object);
const md5 = (text: string) => createHash('md5').update(text).digest('hex');

interface SqsRecord {
  messageId: string;
  receiptHandle: string;
  body: string;
  attributes: Record<string, string>;
  messageAttributes: Record<string, unknown>;
  [member: string]: unknown;
}

interface Invocation {
  fn: string;
  records: SqsRecord[];
  result?: InvokeResult;
}

/** Wakes `until` waits whenever something was recorded. */
class Changes {
  readonly #checks = new Set<() => void>();
  notify(): void {
    for (const check of [...this.#checks]) check();
  }
  until(done: () => boolean, what: string, ms = 15_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!done()) return;
        this.#checks.delete(check);
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.#checks.delete(check);
        reject(new Error(`timed out waiting for ${what}`));
      }, ms);
      this.#checks.add(check);
      check();
    });
  }
}

/** The function runtime as the poller sees it, recording every invocation; `gated` holds them until released. */
class RecordingRuntime {
  readonly invocations: Invocation[] = [];
  running = 0;
  maxRunning = 0;
  gated = false;
  readonly held: (() => void)[] = [];
  constructor(
    readonly real: FunctionRuntime,
    readonly changes: Changes,
  ) {}

  async invoke(name: string, request: InvokeRequest): Promise<InvokeResult> {
    const invocation: Invocation = { fn: name, records: (JSON.parse(request.payload) as { Records: SqsRecord[] }).Records };
    this.invocations.push(invocation);
    this.running++;
    this.maxRunning = Math.max(this.maxRunning, this.running);
    this.changes.notify();
    try {
      if (this.gated) {
        await new Promise<void>((release) => {
          this.held.push(release);
          this.changes.notify();
        });
      }
      invocation.result = await this.real.invoke(name, request);
      return invocation.result;
    } finally {
      this.running--;
      this.changes.notify();
    }
  }
}

describe('queue triggers: SQS queue → function', () => {
  let fixture: ReturnType<typeof configTargets>;
  let ctx: QueuesContext;
  let clock: ManualClock;
  let config: NormalizedConfig;
  let real: FunctionRuntime;
  let runtime: RecordingRuntime;
  const changes = new Changes();
  const outcomes: QueueBatchOutcome[] = [];
  const pollers: QueuePoller[] = [];

  before(async () => {
    fixture = configTargets(memoryEngine);
    ctx = fixture.targets.queues;
    clock = fixture.clock;
    config = (await loadConfig(configFile))!.config;
    await applyConfig(config, fixture.targets, silentLogger);
    real = new FunctionRuntime({ endpoint: () => ctx.endpoint(), region: 'us-east-1', account: '000000000000', logger: silentLogger });
    for (const spec of fixture.deployed) await real.deploy(spec);
    runtime = new RecordingRuntime(real, changes);
  });
  after(async () => {
    await Promise.all(pollers.map((p) => p.stop()));
    await real.close();
    await fixture.close();
  });

  function poll(queue: string, functionName: string, input: Record<string, unknown> = {}): QueuePoller {
    const arn = queueArn(ctx.deployment, queue);
    const settings = queueSettingsFrom(input, undefined, { fifo: isFifoQueueArn(arn), validatePattern });
    return pollWith(queue, functionName, settings);
  }
  function pollWith(queue: string, functionName: string, settings: QueueMappingSettings): QueuePoller {
    const poller = new QueuePoller({
      queues: ctx,
      runtime,
      logger: silentLogger,
      queueArn: queueArn(ctx.deployment, queue),
      functionName,
      settings,
      retryMs: 10,
      onBatch: (outcome) => {
        outcomes.push(outcome);
        changes.notify();
      },
    });
    pollers.push(poller);
    poller.start();
    return poller;
  }
  const url = (queue: string) => queueUrl(ctx.endpoint(), ctx.deployment, queue);
  const send = (queue: string, body: string, extra: Record<string, unknown> = {}) =>
    sendMessage(ctx, { QueueUrl: url(queue), MessageBody: body, ...extra }) as Promise<{ MessageId: string; MD5OfMessageAttributes?: string }>;
  const sendAll = (queue: string, bodies: string[], extra: (body: string) => Record<string, unknown> = () => ({})) =>
    sendMessageBatch(ctx, { QueueUrl: url(queue), Entries: bodies.map((body, i) => ({ Id: `m${i}`, MessageBody: body, ...extra(body) })) });
  const invocationsOf = (fn: string) => runtime.invocations.filter((i) => i.fn === fn);
  const outcomesOf = (queue: string) => outcomes.filter((o) => o.queueName === queue);
  async function stats(queue: string) {
    const found = (await ctx.store.get(queue))!;
    const { visible, inFlight, delayed } = await ctx.store.stats(found.id, clock.now(), 0);
    return { visible, inFlight, delayed };
  }
  /** Moves the clock past the default 30 s visibility timeout and wakes the queue's waiting receivers. */
  async function expireVisibility(queue: string): Promise<void> {
    clock.advance(31_000);
    ctx.waiters.notify((await ctx.store.get(queue))!.id);
  }

  it('wakes on send and delivers a record shaped as Lambda shapes SQS records; deletes the message on success', async () => {
    const poller = poll('jobs', 'ok');
    const sent = await send('jobs', 'hello', {
      MessageAttributes: { color: { DataType: 'String', StringValue: 'blue' }, raw: { DataType: 'Binary', BinaryValue: 'AQID' } },
    });
    await changes.until(() => outcomesOf('jobs').length === 1, 'the jobs batch');
    const [invocation] = invocationsOf('ok');
    const [record] = invocation!.records;
    const now = String(clock.now());
    assert.deepEqual(Object.keys(record!), [
      'messageId', 'receiptHandle', 'body', 'attributes', 'messageAttributes', 'md5OfBody', 'md5OfMessageAttributes', 'eventSource', 'eventSourceARN', 'awsRegion',
    ]);
    assert.equal(record!.messageId, sent.MessageId);
    assert.equal(decodeReceipt(record!.receiptHandle)?.queueId, (await ctx.store.get('jobs'))!.id);
    assert.equal(record!.body, 'hello');
    assert.deepEqual(Object.entries(record!.attributes), [
      ['ApproximateReceiveCount', '1'],
      ['SentTimestamp', now],
      ['SenderId', '000000000000'],
      ['ApproximateFirstReceiveTimestamp', now],
    ]);
    assert.deepEqual(record!.messageAttributes, {
      color: { stringValue: 'blue', stringListValues: [], binaryListValues: [], dataType: 'String' },
      raw: { binaryValue: 'AQID', stringListValues: [], binaryListValues: [], dataType: 'Binary' },
    });
    assert.equal(record!['md5OfBody'], md5('hello'));
    assert.equal(record!['md5OfMessageAttributes'], sent.MD5OfMessageAttributes);
    assert.equal(record!['eventSource'], 'aws:sqs');
    assert.equal(record!['eventSourceARN'], 'arn:aws:sqs:us-east-1:000000000000:jobs');
    assert.equal(record!['awsRegion'], 'us-east-1');
    assert.equal(invocation!.result!.payload, '{"bodies":["hello"]}');
    assert.deepEqual(outcomesOf('jobs'), [{ queueName: 'jobs', received: 1, result: 'success', filtered: 0, deleted: 1, requestId: invocation!.result!.requestId }]);
    assert.deepEqual(await stats('jobs'), { visible: 0, inFlight: 0, delayed: 0 });
    await poller.stop();
  });

  it('leaves a failed batch for its visibility timeout, delivers it again, then the redrive policy moves it to the DLQ', async () => {
    const poller = poll('retry', 'failing');
    await send('retry', 'fail-1');
    await changes.until(() => outcomesOf('retry').length === 1, 'the first attempt');
    assert.equal(outcomesOf('retry')[0]!.result, 'failed');
    assert.equal(invocationsOf('failing')[0]!.result!.functionError, 'Unhandled');
    assert.deepEqual(await stats('retry'), { visible: 0, inFlight: 1, delayed: 0 });

    await expireVisibility('retry');
    await changes.until(() => outcomesOf('retry').length === 2, 'the second attempt');
    assert.deepEqual(invocationsOf('failing').map((i) => i.records.map((r) => [r.body, r.attributes['ApproximateReceiveCount']])), [
      [['fail-1', '1']],
      [['fail-1', '2']],
    ]);

    // maxReceiveCount is 2: the next receive moves the message to the DLQ instead of delivering it.
    const dlq = (await ctx.store.get('retry-dlq'))!;
    const redriven = ctx.waiters.wait(dlq.id, 15_000);
    await expireVisibility('retry');
    await redriven;
    assert.deepEqual(await stats('retry'), { visible: 0, inFlight: 0, delayed: 0 });
    const received = (await receiveMessage(ctx, { QueueUrl: url('retry-dlq'), AttributeNames: ['All'] })) as {
      Messages: { Body: string; Attributes: Record<string, string> }[];
    };
    assert.equal(received.Messages[0]!.Body, 'fail-1');
    assert.equal(received.Messages[0]!.Attributes['DeadLetterQueueSourceArn'], 'arn:aws:sqs:us-east-1:000000000000:retry');
    assert.equal(invocationsOf('failing').length, 2);
    await poller.stop();
  });

  it('with ReportBatchItemFailures deletes all but the reported messages, which come back alone', async () => {
    await sendAll('partial', ['good-1', 'bad-2', 'good-3', 'bad-4']);
    const poller = poll('partial', 'partial', { FunctionResponseTypes: ['ReportBatchItemFailures'] });
    await changes.until(() => outcomesOf('partial').length === 1, 'the batch');
    assert.deepEqual(outcomesOf('partial').map((o) => [o.result, o.received, o.deleted]), [['partial', 4, 2]]);
    assert.deepEqual(await stats('partial'), { visible: 0, inFlight: 2, delayed: 0 });

    await expireVisibility('partial');
    await changes.until(() => outcomesOf('partial').length === 2, 'the retry');
    assert.deepEqual(invocationsOf('partial').map((i) => i.records.map((r) => r.body)), [
      ['good-1', 'bad-2', 'good-3', 'bad-4'],
      ['bad-2', 'bad-4'],
    ]);
    await poller.stop();
  });

  it('without ReportBatchItemFailures a returned batchItemFailures is ignored: every message is deleted', async () => {
    await sendAll('partial', ['bad-5', 'good-6']);
    // The previous test left bad-2 and bad-4 in flight; let them come back too.
    await expireVisibility('partial');
    const before = outcomesOf('partial').length;
    const poller = poll('partial', 'partial');
    await changes.until(() => outcomesOf('partial').slice(before).reduce((n, o) => n + o.deleted, 0) === 4, 'every message deleted');
    assert.ok(outcomesOf('partial').slice(before).every((o) => o.result === 'success'));
    assert.deepEqual(await stats('partial'), { visible: 0, inFlight: 0, delayed: 0 });
    await poller.stop();
  });

  it('treats an unreadable partial response (an empty itemIdentifier) as a failure of the whole batch', async () => {
    await sendAll('busy', ['u-1', 'u-2']);
    const poller = poll('busy', 'unreadable', { FunctionResponseTypes: ['ReportBatchItemFailures'] });
    await changes.until(() => outcomesOf('busy').length === 1, 'the batch');
    assert.deepEqual(outcomesOf('busy').map((o) => [o.result, o.received, o.deleted]), [['failed', 2, 0]]);
    assert.deepEqual(await stats('busy'), { visible: 0, inFlight: 2, delayed: 0 });
    await poller.stop();
    await expireVisibility('busy');
    const left = (await receiveMessage(ctx, { QueueUrl: url('busy'), MaxNumberOfMessages: 10 })) as { Messages: { ReceiptHandle: string }[] };
    for (const m of left.Messages) await ctx.store.deleteMessage((await ctx.store.get('busy'))!.id, decodeReceipt(m.ReceiptHandle)!.sequence, decodeReceipt(m.ReceiptHandle)!.nonce);
    assert.deepEqual(await stats('busy'), { visible: 0, inFlight: 0, delayed: 0 });
  });

  it('deletes messages that match no filter without invoking; a batch with none left is not delivered at all', async () => {
    await sendAll('filtered', ['{"kind":"order","n":1}', '{"kind":"refund","n":2}', 'plain text', '{"kind":"order","n":3}']);
    const poller = poll('filtered', 'ok', { FilterCriteria: { Filters: [{ Pattern: '{"body":{"kind":["order"]}}' }] } });
    await changes.until(() => outcomesOf('filtered').length === 1, 'the batch');
    assert.deepEqual(invocationsOf('ok').at(-1)!.records.map((r) => r.body), ['{"kind":"order","n":1}', '{"kind":"order","n":3}']);
    assert.deepEqual(outcomesOf('filtered').map((o) => [o.result, o.received, o.filtered, o.deleted]), [['success', 4, 2, 2]]);
    assert.deepEqual(await stats('filtered'), { visible: 0, inFlight: 0, delayed: 0 });

    const invoked = runtime.invocations.length;
    await send('filtered', '{"kind":"refund","n":4}');
    await changes.until(() => outcomesOf('filtered').length === 2, 'the filtered-out batch');
    assert.deepEqual(outcomesOf('filtered')[1], { queueName: 'filtered', received: 1, result: 'filtered', filtered: 1, deleted: 0 });
    assert.equal(runtime.invocations.length, invoked);
    assert.deepEqual(await stats('filtered'), { visible: 0, inFlight: 0, delayed: 0 });
    await poller.stop();
  });

  it('FIFO: one batch holds several groups, each in order, with SequenceNumber, MessageGroupId and MessageDeduplicationId', async () => {
    const order = [['A', 'A1'], ['B', 'B1'], ['A', 'A2'], ['C', 'C1'], ['B', 'B2'], ['A', 'A3'], ['C', 'C2']];
    await sendAll('orders.fifo', order.map(([, body]) => body!), (body) => ({ MessageGroupId: body[0] }));
    const poller = poll('orders.fifo', 'ok');
    await changes.until(() => outcomesOf('orders.fifo').length === 1, 'the batch');
    const [record] = invocationsOf('ok').at(-1)!.records;
    assert.deepEqual(invocationsOf('ok').at(-1)!.records.map((r) => r.body), order.map(([, body]) => body));
    assert.deepEqual(Object.keys(record!.attributes), [
      'ApproximateReceiveCount', 'SentTimestamp', 'SequenceNumber', 'MessageGroupId', 'SenderId', 'MessageDeduplicationId', 'ApproximateFirstReceiveTimestamp',
    ]);
    assert.equal(record!.attributes['MessageGroupId'], 'A');
    assert.equal(record!.attributes['MessageDeduplicationId'], createHash('sha256').update('A1').digest('hex'));
    const sequences = invocationsOf('ok').at(-1)!.records.map((r) => BigInt(r.attributes['SequenceNumber']!));
    assert.deepEqual([...sequences].sort((a, b) => (a < b ? -1 : 1)), sequences);
    assert.deepEqual(await stats('orders.fifo'), { visible: 0, inFlight: 0, delayed: 0 });
    await poller.stop();
  });

  it('FIFO: batches of several groups run at once, never two of one group, and a failure holds back only its group', async () => {
    const groupOf = (body: string) => body[0]!;
    await sendAll('steps.fifo', ['A1', 'B1', 'A2!', 'C1', 'B2', 'A3', 'C2'], (body) => ({ MessageGroupId: groupOf(body) }));
    const running = new Set<string>();
    let overlap = false;
    const started: string[] = [];
    const base = runtime.invoke.bind(runtime);
    const watched = {
      invoke: async (name: string, request: InvokeRequest) => {
        const bodies = (JSON.parse(request.payload) as { Records: SqsRecord[] }).Records.map((r) => r.body);
        for (const body of bodies) {
          if (running.has(groupOf(body))) overlap = true;
          running.add(groupOf(body));
          started.push(body);
        }
        try {
          return await base(name, request);
        } finally {
          for (const body of bodies) running.delete(groupOf(body));
        }
      },
    };
    const settings = queueSettingsFrom({ BatchSize: 1, ScalingConfig: { MaximumConcurrency: 3 } }, undefined, { fifo: true, validatePattern });
    const poller = new QueuePoller({
      queues: ctx,
      runtime: watched,
      logger: silentLogger,
      queueArn: queueArn(ctx.deployment, 'steps.fifo'),
      functionName: 'flaky',
      settings,
      onBatch: (outcome) => {
        outcomes.push(outcome);
        changes.notify();
      },
    });
    pollers.push(poller);
    poller.start();
    const succeeded = () => outcomesOf('steps.fifo').filter((o) => o.result === 'success').length;
    await changes.until(() => succeeded() === 5 && outcomesOf('steps.fifo').some((o) => o.result === 'failed'), 'all but group A');
    assert.deepEqual(await stats('steps.fifo'), { visible: 1, inFlight: 1, delayed: 0 });
    await expireVisibility('steps.fifo');
    await changes.until(() => succeeded() === 7, 'group A');
    const byGroup = (group: string) => started.filter((body) => groupOf(body) === group);
    assert.deepEqual(byGroup('A'), ['A1', 'A2!', 'A2!', 'A3']);
    assert.deepEqual(byGroup('B'), ['B1', 'B2']);
    assert.deepEqual(byGroup('C'), ['C1', 'C2']);
    assert.equal(overlap, false);
    assert.deepEqual(await stats('steps.fifo'), { visible: 0, inFlight: 0, delayed: 0 });
    await poller.stop();
  });

  it('keeps at most MaximumConcurrency batches in flight, and claims no message before a slot is free', async () => {
    await sendAll('busy', ['c1', 'c2', 'c3', 'c4', 'c5', 'c6']);
    runtime.gated = true;
    runtime.maxRunning = 0;
    const before = invocationsOf('ok').length;
    const poller = poll('busy', 'ok', { BatchSize: 1, ScalingConfig: { MaximumConcurrency: 2 } });
    try {
      await changes.until(() => runtime.held.length === 2, 'two held invocations');
      assert.deepEqual(await stats('busy'), { visible: 4, inFlight: 2, delayed: 0 });
      const done = () => outcomesOf('busy').filter((o) => o.result === 'success').length === 6;
      while (!done()) {
        await changes.until(() => runtime.held.length > 0 || done(), 'a held invocation');
        while (runtime.held.length > 0) runtime.held.shift()!();
      }
    } finally {
      runtime.gated = false;
      while (runtime.held.length > 0) runtime.held.shift()!();
    }
    assert.equal(runtime.maxRunning, 2);
    assert.deepEqual(invocationsOf('ok').slice(before).map((i) => i.records.length), [1, 1, 1, 1, 1, 1]);
    assert.deepEqual(await stats('busy'), { visible: 0, inFlight: 0, delayed: 0 });
    await poller.stop();
  });

  it('creates mappings for the queue events of eddy.config.ts, with their settings checked as CreateEventSourceMapping checks them', async () => {
    const engine = fixture.targets.tables.engine;
    const changed: string[] = [];
    const mappings: MappingsContext = {
      engine,
      runtime: real,
      deployment: ctx.deployment,
      clock,
      hasQualifier: async (_name, qualifier) => qualifier === '$LATEST',
      validatePattern,
      changed: (uuid) => changed.push(uuid),
      lastProcessingResult: () => undefined,
    };
    const exists = async (name: string) => (await ctx.store.get(name)) !== undefined;
    assert.equal(await applyQueueEvents(config, mappings, exists, silentLogger), 1);
    assert.equal(await applyQueueEvents(config, mappings, exists, silentLogger), 0);
    const [mapping] = await engine.triggers.listMappings<QueueMappingSettings>({ functionName: 'configured' });
    assert.equal(mapping!.sourceArn, 'arn:aws:sqs:us-east-1:000000000000:configured');
    assert.deepEqual(changed, [mapping!.uuid]);
    assert.deepEqual(mapping!.config, {
      kind: 'sqs',
      enabled: true,
      batchSize: 5,
      maximumBatchingWindowInSeconds: 0,
      functionResponseTypes: [],
      maximumConcurrency: 3,
      filterPatterns: ['{"body":{"kind":["order"]}}'],
      state: 'Enabled',
      lastProcessingResult: 'No records processed',
    });
    await sendAll('configured', ['{"kind":"order"}', '{"kind":"other"}']);
    const poller = pollWith('configured', mapping!.functionName, mapping!.config);
    await changes.until(() => outcomesOf('configured').length === 1, 'the configured batch');
    assert.deepEqual(outcomesOf('configured').map((o) => [o.result, o.filtered, o.deleted]), [['success', 1, 1]]);
    await poller.stop();
  });
});
