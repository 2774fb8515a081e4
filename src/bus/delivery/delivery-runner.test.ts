import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createQueue } from '../../queues/operations/queue-lifecycle.js';
import { receiveMessage } from '../../queues/operations/receive-message.js';
import { defaultDeployment } from '../../shared/arns.js';
import { ManualClock } from '../../shared/clock.js';
import { silentLogger } from '../../shared/logger.js';
import type { StoredDelivery } from '../../storage/bus-store.js';
import { openSqliteEngine } from '../../storage/sqlite/sqlite-engine.js';
import type { TargetDefinition } from '../bus-documents.js';
import { attemptDelivery } from './attempt-delivery.js';
import { DeliveryFailure } from './delivery-failure.js';
import { DeliveryRunner } from './delivery-runner.js';
import type { DeliveryTarget } from './delivery-target.js';
import { TargetKinds, type TargetKind } from './target-kind.js';
import { testQueuesContext } from '../../queues/fixtures/test-queues-context.js';

const RULE_ARN = 'arn:aws:events:us-east-1:000000000000:rule/app/r';
const dlqArn = (name: string) => `arn:aws:sqs:us-east-1:${defaultDeployment.account}:${name}`;

/** A target kind for `test:` ARNs that fails as its script says, one entry per attempt (then succeeds). */
function scriptedTarget(script: (Error | undefined)[], delivered: string[]): TargetKind {
  return {
    name: 'scripted',
    accepts: (arn) => arn.startsWith('test:'),
    async deliver(delivery) {
      const failure = script.shift();
      if (failure) throw failure;
      delivered.push(delivery.payload);
    },
  };
}

describe('delivery runner: claim, attempt, retry with backoff, dead-letter, settle', () => {
  const clock = new ManualClock(Date.UTC(2026, 5, 1));
  const engine = openSqliteEngine({ path: ':memory:', now: () => clock.now() });
  after(() => engine.close());
  const queues = testQueuesContext(engine.queues, clock);
  const deadLetters = async (queue: string) => {
    const answer = (await receiveMessage(queues, { QueueUrl: `http://127.0.0.1:4566/${defaultDeployment.account}/${queue}`, MaxNumberOfMessages: 10, MessageAttributeNames: ['All'] })) as {
      Messages?: { Body: string; MessageAttributes: Record<string, { DataType: string; StringValue: string }> }[];
    };
    return (answer.Messages ?? []).map((m) => ({
      body: m.Body,
      attributes: Object.fromEntries(Object.entries(m.MessageAttributes).map(([k, v]) => [k, `${v.DataType}:${v.StringValue}`])),
    }));
  };

  /**
   * A runner over `kind` with a backoff of 1 s, 2 s, 4 s … (no jitter, unless given), and one delivery
   * accepted now for `target`. Each test leaves no delivery pending: the next one's runner would take it.
   */
  const setUp = async (kind: TargetKind, target: Partial<TargetDefinition>, backoff = { baseMs: 1_000, maxMs: 60_000 }) => {
    const runner = new DeliveryRunner(
      engine.bus,
      (delivery) => attemptDelivery(delivery, { kinds: new TargetKinds([kind]), queues, clock, logger: silentLogger, backoff }),
      clock,
      silentLogger,
    );
    const id = randomUUID();
    const snapshot: DeliveryTarget = { ruleArn: RULE_ARN, target: { Id: 't', Arn: 'test:target', ...target } };
    await engine.bus.acceptEvents({
      deliveries: [{ id, bus: 'app', rule: 'r', targetId: id, eventId: `event-${id}`, payload: `{"n":"${id}"}`, target: snapshot, acceptedAt: clock.now(), dueAt: clock.now() }],
      archived: [],
      now: clock.now(),
    });
    const pending = async (): Promise<StoredDelivery | undefined> => (await engine.bus.pendingDeliveries(100)).find((d) => d.id === id);
    const stats = async () => (await engine.bus.deliveryStats('app')).find((s) => s.targetId === id);
    return { runner, id, pending, stats };
  };

  it('retries a retriable failure after each backoff delay on the clock, recording attempts and the last error, until it is delivered', async () => {
    const delivered: string[] = [];
    const throttled = new DeliveryFailure('THROTTLING', 'slow down', true);
    const { runner, id, pending, stats } = await setUp(scriptedTarget([throttled, new Error('disk on fire')], delivered), {});
    assert.deepEqual(await runner.deliverDue(), { delivered: 0, retried: 1, deadLettered: 0, dropped: 0 });
    assert.deepEqual({ attempts: (await pending())?.attempts, lastError: (await pending())?.lastError }, { attempts: 1, lastError: 'THROTTLING: slow down' });
    // Not due before its backoff (1 s after the first attempt) has passed.
    clock.advance(999);
    assert.equal((await runner.deliverDue()).retried, 0);
    clock.advance(1);
    assert.deepEqual(await runner.deliverDue(), { delivered: 0, retried: 1, deadLettered: 0, dropped: 0 });
    // Any error that is not a DeliveryFailure is an internal, retriable one.
    assert.equal((await pending())?.lastError, 'INTERNAL_ERROR: disk on fire');
    clock.advance(2_000);
    assert.equal((await runner.deliverDue()).delivered, 1);
    assert.deepEqual(delivered, [`{"n":"${id}"}`]);
    assert.equal(await pending(), undefined);
    assert.deepEqual(await stats(), { bus: 'app', rule: 'r', targetId: id, matched: 1, delivered: 1, failed: 0, deadLettered: 0, pending: 0, retrying: 0 });
  });

  it('gives up after MaximumRetryAttempts retries: the DLQ gets the payload with the exhausted condition and the retries made', async () => {
    await createQueue(queues, { QueueName: 'dlq-retries' });
    const failing = () => new DeliveryFailure('THROTTLING', 'still busy', true);
    const { runner, id, stats } = await setUp(scriptedTarget([failing(), failing(), failing(), failing()], []), {
      RetryPolicy: { MaximumRetryAttempts: 2 },
      DeadLetterConfig: { Arn: dlqArn('dlq-retries') },
    });
    await runner.deliverDue();
    clock.advance(1_000);
    await runner.deliverDue();
    clock.advance(2_000);
    assert.deepEqual(await runner.deliverDue(), { delivered: 0, retried: 0, deadLettered: 1, dropped: 0 });
    assert.deepEqual(await deadLetters('dlq-retries'), [
      {
        body: `{"n":"${id}"}`,
        attributes: {
          RULE_ARN: `String:${RULE_ARN}`,
          TARGET_ARN: 'String:test:target',
          ERROR_CODE: 'String:THROTTLING',
          ERROR_MESSAGE: 'String:still busy',
          EXHAUSTED_RETRY_CONDITION: 'String:MaximumRetryAttempts',
          RETRY_ATTEMPTS: 'Number:2',
        },
      },
    ]);
    assert.equal((await stats())?.deadLettered, 1);
  });

  it('gives up when the next retry would come after MaximumEventAgeInSeconds', async () => {
    await createQueue(queues, { QueueName: 'dlq-age' });
    const failing = () => new DeliveryFailure('TIMEOUT', 'no answer', true);
    // Backoff 40 s, then 80 s: the second retry would come 120 s after acceptance, past 100 s.
    const { runner } = await setUp(
      scriptedTarget([failing(), failing(), failing()], []),
      { RetryPolicy: { MaximumEventAgeInSeconds: 100 }, DeadLetterConfig: { Arn: dlqArn('dlq-age') } },
      { baseMs: 40_000, maxMs: 600_000 },
    );
    assert.equal((await runner.deliverDue()).retried, 1);
    clock.advance(40_000);
    assert.equal((await runner.deliverDue()).deadLettered, 1);
    const [message] = await deadLetters('dlq-age');
    assert.equal(message?.attributes['EXHAUSTED_RETRY_CONDITION'], 'String:MaximumEventAgeInSeconds');
    assert.equal(message?.attributes['RETRY_ATTEMPTS'], 'Number:1');
    assert.equal(message?.attributes['ERROR_CODE'], 'String:TIMEOUT');
  });

  it('does not attempt a retry that comes due past the age limit (Eddy was stopped meanwhile)', async () => {
    await createQueue(queues, { QueueName: 'dlq-late' });
    const attempts: string[] = [];
    const kind: TargetKind = { name: 'counting', accepts: () => true, deliver: async (d) => void attempts.push(d.id) };
    const { runner, id } = await setUp(
      { ...kind, deliver: async () => { throw new DeliveryFailure('TIMEOUT', 'no answer', true); } },
      { RetryPolicy: { MaximumEventAgeInSeconds: 60 }, DeadLetterConfig: { Arn: dlqArn('dlq-late') } },
    );
    assert.equal((await runner.deliverDue()).retried, 1);
    clock.advance(61_000);
    const late = new DeliveryRunner(
      engine.bus,
      (delivery) => attemptDelivery(delivery, { kinds: new TargetKinds([kind]), queues, clock, logger: silentLogger, backoff: { baseMs: 1_000, maxMs: 1_000 } }),
      clock,
      silentLogger,
    );
    assert.equal((await late.deliverDue()).deadLettered, 1);
    assert.deepEqual(attempts, []);
    const [message] = await deadLetters('dlq-late');
    assert.equal(message?.body, `{"n":"${id}"}`);
    assert.equal(message?.attributes['EXHAUSTED_RETRY_CONDITION'], 'String:MaximumEventAgeInSeconds');
    assert.equal(message?.attributes['ERROR_CODE'], 'String:TIMEOUT');
    assert.equal(message?.attributes['RETRY_ATTEMPTS'], 'Number:0');
  });

  it('drops what fails for good without a dead-letter queue, or whose dead-letter queue does not exist, and counts it', async () => {
    for (const target of [{}, { DeadLetterConfig: { Arn: dlqArn('missing-dlq') } }]) {
      const { runner, pending, stats } = await setUp(scriptedTarget([new DeliveryFailure('NO_RESOURCE', 'gone', false)], []), target);
      assert.deepEqual(await runner.deliverDue(), { delivered: 0, retried: 0, deadLettered: 0, dropped: 1 });
      assert.equal(await pending(), undefined);
      assert.equal((await stats())?.failed, 1);
    }
  });

  it('runs on its own once started: woken by new deliveries, and a previous run\'s leases released at start', async () => {
    const delivered: string[] = [];
    const kind = scriptedTarget([], delivered);
    const { id } = await setUp(kind, {});
    // A previous run claimed it and died.
    assert.equal((await engine.bus.claimDeliveries('dead-run', clock.now(), clock.now() + 3_600_000, 100)).length, 1);
    const runner = new DeliveryRunner(
      engine.bus,
      (delivery) => attemptDelivery(delivery, { kinds: new TargetKinds([kind]), queues, clock, logger: silentLogger, backoff: { baseMs: 1_000, maxMs: 1_000 } }),
      clock,
      silentLogger,
    );
    await runner.start(true);
    const second = await setUp(kind, {});
    try {
      const deadline = Date.now() + 15_000;
      while (delivered.length < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
      assert.deepEqual(delivered.sort(), [`{"n":"${id}"}`, `{"n":"${second.id}"}`].sort());
    } finally {
      await runner.close();
    }
  });

  it('deliverDue waits for what the running pump has claimed but not yet heard back about (a claim a round trip away, as on PostgreSQL)', async () => {
    const delivered: string[] = [];
    const kind = scriptedTarget([], delivered);
    const { id } = await setUp(kind, {});
    // The real store, its first claim (the pump's) answered 50 ms late: it takes the delivery, and deliverDue's
    // claim, answered at once, finds none.
    const store = engine.bus;
    let late = true;
    const slowClaims = new Proxy(store, {
      get(target, name) {
        if (name === 'claimDeliveries') {
          return async (...args: Parameters<typeof store.claimDeliveries>) => {
            const claimed = await store.claimDeliveries(...args);
            if (late) {
              late = false;
              await new Promise((resolve) => setTimeout(resolve, 50));
            }
            return claimed;
          };
        }
        const value = Reflect.get(target, name) as unknown;
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const runner = new DeliveryRunner(
      slowClaims,
      (delivery) => attemptDelivery(delivery, { kinds: new TargetKinds([kind]), queues, clock, logger: silentLogger, backoff: { baseMs: 1_000, maxMs: 1_000 } }),
      clock,
      silentLogger,
    );
    await runner.start(false);
    try {
      const counts = await runner.deliverDue();
      assert.deepEqual(delivered, [`{"n":"${id}"}`], 'delivered by the time deliverDue answers');
      assert.equal(counts.delivered, 0, 'the pump made the attempt, not deliverDue');
    } finally {
      await runner.close();
    }
  });
});

describe('delivery runner: lease renewal', () => {
  it('renews the claim of a delivery whose attempt outlasts the lease, so another runner does not take it over while it runs', async () => {
    const clock = new ManualClock(Date.UTC(2026, 5, 1));
    const engine = openSqliteEngine({ path: ':memory:', now: () => clock.now() });
    // The runner's renewal timer is unref'd (it must not keep a stopping Eddy alive): this keeps the test's process up.
    const alive = setInterval(() => {}, 1_000);
    try {
      const real = engine.topics.deliveries;
      let watching = false;
      let renewed!: () => void;
      const renewal = new Promise<void>((resolve) => (renewed = resolve));
      // The real store, watched: the renewal that extended a lease once the clock has moved is awaited below.
      const store = new Proxy(real, {
        get: (target, name) =>
          name === 'renewDeliveryLeases'
            ? async (owner: string, ids: readonly string[], until: number) => {
                const count = await target.renewDeliveryLeases(owner, ids, until);
                if (watching && count === 1) renewed();
                return count;
              }
            : (Reflect.get(target, name) as (...args: unknown[]) => unknown).bind(target),
      });
      let started!: () => void;
      const running = new Promise<void>((resolve) => (started = resolve));
      let finish!: () => void;
      const finished = new Promise<void>((resolve) => (finish = resolve));
      const holder = new DeliveryRunner(
        store,
        async (delivery) => {
          started();
          await finished;
          return { id: delivery.id, kind: 'delivered' as const };
        },
        clock,
        silentLogger,
        { leaseMs: 300 },
      );
      const taken: string[] = [];
      const other = new DeliveryRunner(real, async (delivery) => (taken.push(delivery.id), { id: delivery.id, kind: 'delivered' as const }), clock, silentLogger, { leaseMs: 300 });
      const now = clock.now();
      await holder.start(false);
      await real.addDeliveries([{ id: 'slow', topic: 't', subscription: 's', protocol: 'http', document: '{}', dueAt: now, acceptedAt: now }]);
      await running;
      clock.advance(250); // claimed until +300: renewed from here to +550
      watching = true;
      await renewal;
      clock.advance(150);
      await other.deliverDue();
      assert.deepEqual(taken, [], 'past its first lease, still held by the runner attempting it');
      finish();
      await holder.close();
      assert.deepEqual(await real.pendingDeliveries(10), [], 'settled by its holder');
    } finally {
      clearInterval(alive);
      await engine.close();
    }
  });
});
