import { after, afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultDeployment } from '../../shared/arns.js';
import { ManualClock } from '../../shared/clock.js';
import { silentLogger } from '../../shared/logger.js';
import type { BusStore } from '../../storage/bus-store.js';
import { openSqliteEngine, type SqliteEngine } from '../../storage/sqlite/sqlite-engine.js';
import type { BusContext } from '../bus-context.js';
import { disableRule } from '../operations/disable-rule.js';
import { enableRule } from '../operations/enable-rule.js';
import { putRule } from '../operations/put-rule.js';
import { putTargets } from '../operations/put-targets.js';
import { EventRouter } from '../routing/event-router.js';
import { FiringLoop } from './firing-loop.js';
import { scheduledEvent } from './scheduled-event.js';

const MINUTE = 60_000;
const at = (hour: number, minute: number, second = 0) => Date.UTC(2026, 6, 1, hour, minute, second);
const QUEUE = 'arn:aws:sqs:us-east-1:000000000000:q';
const ruleArnOf = (rule: string) => `arn:aws:events:us-east-1:000000000000:rule/${rule}`;

/** The control-plane operations use the store, clock and deployment only (no router). */
const contextOf = (engine: SqliteEngine, clock: ManualClock): BusContext =>
  ({ store: engine.bus, clock, deployment: defaultDeployment, logger: silentLogger }) as Omit<BusContext, 'router'> as BusContext;

/** Deliveries stored for `rule`: [target, event time, payload]. */
async function deliveriesOf(store: BusStore, rule: string) {
  const pending = (await store.pendingDeliveries(10_000)).filter((d) => d.rule === rule);
  return pending
    .map((d) => ({ target: d.targetId, eventId: d.eventId, payload: d.payload, time: d.payload.startsWith('{"version"') ? JSON.parse(d.payload).time : undefined }))
    .sort((a, b) => `${a.time}${a.target}`.localeCompare(`${b.time}${b.target}`));
}
/** The event times delivered to a rule's targets that take the whole event. */
const timesOf = async (store: BusStore, rule: string) => (await deliveriesOf(store, rule)).flatMap((d) => (d.time === undefined ? [] : [d.time]));

describe('FiringLoop: scheduled rules fire on the injected clock, once per firing', () => {
  const clock = new ManualClock(at(12, 0, 30));
  let engine: SqliteEngine;
  let ctx: BusContext;
  let loop: FiringLoop;
  // Each test has a database of its own, so the rules of one do not fire in another.
  beforeEach(async () => {
    engine = openSqliteEngine({ path: ':memory:', now: () => clock.now() });
    ctx = contextOf(engine, clock);
    loop = new FiringLoop(engine.bus, clock, defaultDeployment, silentLogger);
    await loop.start();
  });
  afterEach(async () => {
    await loop.close();
    await engine.close();
  });

  it('rate(5 minutes): nothing before a firing, the Scheduled Event at it, to each target, input rendered per target', async () => {
    clock.set(at(12, 0, 30));
    await putRule(ctx, { Name: 'every5', ScheduleExpression: 'rate(5 minutes)' });
    await putTargets(ctx, {
      Rule: 'every5',
      Targets: [
        { Id: 'whole', Arn: QUEUE },
        { Id: 'shaped', Arn: QUEUE, InputTransformer: { InputPathsMap: { t: '$.time', r: '$.resources[0]' }, InputTemplate: '{"at":<t>,"rule":<r>,"name":<aws.events.rule-name>}' } },
      ],
    });
    clock.set(at(12, 5) - 1);
    assert.deepEqual(await loop.fireDue(), { rules: 0, firings: 0, skipped: 0, failed: 0 });
    assert.deepEqual(await deliveriesOf(engine.bus, 'every5'), []);
    clock.set(at(12, 5));
    assert.deepEqual(await loop.fireDue(), { rules: 1, firings: 1, skipped: 0, failed: 0 });
    const [shaped, whole] = await deliveriesOf(engine.bus, 'every5').then((d) => [d.find((x) => x.target === 'shaped')!, d.find((x) => x.target === 'whole')!]);
    assert.equal(
      whole!.payload,
      `{"version":"0","id":"${whole!.eventId}","detail-type":"Scheduled Event","source":"aws.events","account":"000000000000",` +
        `"time":"2026-07-01T12:05:00Z","region":"us-east-1","resources":["${ruleArnOf('every5')}"],"detail":{}}`,
    );
    assert.equal(shaped!.payload, `{"at":"2026-07-01T12:05:00Z","rule":"${ruleArnOf('every5')}","name":"every5"}`);
    assert.equal(shaped!.eventId, whole!.eventId);
    // Once: the same time again fires nothing; the next firing is 12:10.
    assert.equal((await loop.fireDue()).firings, 0);
    clock.set(at(12, 9, 59));
    assert.equal((await loop.fireDue()).firings, 0);
    clock.set(at(12, 10, 20));
    assert.equal((await loop.fireDue()).firings, 1);
    assert.deepEqual(await timesOf(engine.bus, 'every5'), ['2026-07-01T12:05:00Z', '2026-07-01T12:10:00Z']);
  });

  it('every missed firing once, each with its own time, after the clock jumped (as after a stop); a new id each', async () => {
    clock.set(at(13, 0));
    await putRule(ctx, { Name: 'missed', ScheduleExpression: 'rate(10 minutes)' });
    await putTargets(ctx, { Rule: 'missed', Targets: [{ Id: 'q', Arn: QUEUE }] });
    clock.set(at(13, 45));
    assert.deepEqual(await loop.fireDue(), { rules: 1, firings: 4, skipped: 0, failed: 0 });
    const delivered = await deliveriesOf(engine.bus, 'missed');
    assert.deepEqual(delivered.map((d) => d.time), ['2026-07-01T13:10:00Z', '2026-07-01T13:20:00Z', '2026-07-01T13:30:00Z', '2026-07-01T13:40:00Z']);
    assert.equal(new Set(delivered.map((d) => d.eventId)).size, 4);
    assert.equal((await loop.fireDue()).firings, 0);
    assert.equal((await engine.bus.getDocument('rule', 'default', 'missed'))?.dueAt, at(13, 50));
  });

  it('a disabled rule does not fire, and enabled again fires on its grid from then on, the disabled time not caught up', async () => {
    clock.set(at(14, 0));
    await putRule(ctx, { Name: 'toggled', ScheduleExpression: 'rate(5 minutes)' });
    await putTargets(ctx, { Rule: 'toggled', Targets: [{ Id: 'q', Arn: QUEUE }] });
    clock.set(at(14, 5));
    await loop.fireDue();
    await disableRule(ctx, { Name: 'toggled' });
    clock.set(at(14, 31));
    assert.equal((await loop.fireDue()).firings, 0);
    await enableRule(ctx, { Name: 'toggled' });
    assert.equal((await loop.fireDue()).firings, 0);
    clock.set(at(14, 35));
    await loop.fireDue();
    assert.deepEqual(await timesOf(engine.bus, 'toggled'), ['2026-07-01T14:05:00Z', '2026-07-01T14:35:00Z']);
  });

  it('a rule whose schedule changed fires on the new grid only', async () => {
    clock.set(at(15, 0, 30));
    await putRule(ctx, { Name: 'regrid', ScheduleExpression: 'rate(5 minutes)' });
    await putTargets(ctx, { Rule: 'regrid', Targets: [{ Id: 'q', Arn: QUEUE }] });
    clock.set(at(15, 3, 20));
    await putRule(ctx, { Name: 'regrid', ScheduleExpression: 'cron(7/20 * * * ? *)' });
    clock.set(at(15, 5));
    assert.equal((await loop.fireDue()).firings, 0);
    clock.set(at(15, 27));
    await loop.fireDue();
    await putRule(ctx, { Name: 'regrid', ScheduleExpression: 'rate(10 minutes)' });
    clock.set(at(15, 36, 59));
    assert.equal((await loop.fireDue()).firings, 0);
    clock.set(at(15, 37));
    await loop.fireDue();
    assert.deepEqual(await timesOf(engine.bus, 'regrid'), ['2026-07-01T15:07:00Z', '2026-07-01T15:27:00Z', '2026-07-01T15:37:00Z']);
  });

  it("a pattern rule of the default bus matching aws.events does not receive another rule's Scheduled Events", async () => {
    clock.set(at(16, 0));
    await putRule(ctx, { Name: 'watcher', EventPattern: '{"source":["aws.events"]}' });
    await putTargets(ctx, { Rule: 'watcher', Targets: [{ Id: 'q', Arn: QUEUE }] });
    await putRule(ctx, { Name: 'ticker', ScheduleExpression: 'rate(1 minute)' });
    await putTargets(ctx, { Rule: 'ticker', Targets: [{ Id: 'q', Arn: QUEUE }] });
    clock.set(at(16, 1));
    await loop.fireDue();
    assert.deepEqual(await timesOf(engine.bus, 'ticker'), ['2026-07-01T16:01:00Z']);
    assert.deepEqual(await deliveriesOf(engine.bus, 'watcher'), []);
    // Not because the pattern cannot match it: the same event put on the bus would reach the watcher.
    const router = new EventRouter(engine.bus, defaultDeployment, silentLogger);
    const onTheBus = scheduledEvent(defaultDeployment, ruleArnOf('ticker'), at(16, 1));
    assert.equal((await router.accept([{ bus: 'default', events: [onTheBus] }], clock.now())).deliveries, 1);
    assert.deepEqual((await deliveriesOf(engine.bus, 'watcher')).map((d) => d.eventId), [onTheBus.id]);
  });

  it('a storage failure leaves the rule due: it fires on the next pass, once', async () => {
    clock.set(at(17, 0));
    await putRule(ctx, { Name: 'retried', ScheduleExpression: 'rate(1 hour)' });
    await putTargets(ctx, { Rule: 'retried', Targets: [{ Id: 'q', Arn: QUEUE }] });
    let failNext = true;
    // The real store, whose fireDue fails once as a driver error would.
    const real = engine.bus;
    const flaky = new Proxy(real, {
      get(target, key) {
        if (key === 'fireDue' && failNext) {
          return () => {
            failNext = false;
            return Promise.reject(new Error('disk I/O error'));
          };
        }
        const value: unknown = Reflect.get(target, key);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const other = new FiringLoop(flaky, clock, defaultDeployment, silentLogger);
    try {
      clock.set(at(18, 0));
      assert.deepEqual(await other.fireDue(), { rules: 0, firings: 0, skipped: 0, failed: 1 });
      assert.deepEqual(await timesOf(engine.bus, 'retried'), []);
      assert.deepEqual(await other.fireDue(), { rules: 1, firings: 1, skipped: 0, failed: 0 });
      assert.deepEqual(await timesOf(engine.bus, 'retried'), ['2026-07-01T18:00:00Z']);
    } finally {
      await other.close();
    }
  });
});

describe('FiringLoop: two engines on one database file fire each firing exactly once', () => {
  const dir = mkdtempSync(join(tmpdir(), 'eddy-firing-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('twenty rules, five minutes, both loops passing at every minute concurrently', async () => {
    const clock = new ManualClock(at(12, 0, 30));
    const path = join(dir, 'eddy.sqlite');
    const one = openSqliteEngine({ path, now: () => clock.now() });
    const two = openSqliteEngine({ path, now: () => clock.now() });
    const loops = [one, two].map((engine) => new FiringLoop(engine.bus, clock, defaultDeployment, silentLogger));
    try {
      const ctx = contextOf(one, clock);
      const rules = Array.from({ length: 20 }, (_, i) => `rule-${i}`);
      for (const Name of rules) {
        await putRule(ctx, { Name, ScheduleExpression: 'rate(1 minute)' });
        await putTargets(ctx, { Rule: Name, Targets: [{ Id: 'a', Arn: QUEUE }, { Id: 'b', Arn: QUEUE, InputPath: '$.time' }] });
      }
      let taken = 0;
      for (let minute = 1; minute <= 5; minute++) {
        clock.set(at(12, minute));
        const counts = await Promise.all([loops[0]!.fireDue(), loops[1]!.fireDue(), loops[1]!.fireDue(), loops[0]!.fireDue()]);
        taken += counts.reduce((sum, c) => sum + c.firings, 0);
        assert.ok(counts.every((c) => c.failed === 0));
      }
      assert.equal(taken, 20 * 5);
      const expected = [1, 2, 3, 4, 5].map((m) => `2026-07-01T12:0${m}:00Z`);
      for (const rule of rules) {
        const stored = (await two.bus.pendingDeliveries(10_000)).filter((d) => d.rule === rule);
        const times = (target: string) => stored.filter((d) => d.targetId === target).map((d) => (target === 'a' ? JSON.parse(d.payload).time : JSON.parse(d.payload))).sort();
        assert.deepEqual(times('a'), expected, rule);
        assert.deepEqual(times('b'), expected, rule);
      }
    } finally {
      for (const loop of loops) await loop.close();
      await one.close();
      await two.close();
    }
  });
});

describe('FiringLoop wake-ups', () => {
  const clock = new ManualClock(at(12, 0));
  let engine: SqliteEngine;
  beforeEach(() => {
    engine = openSqliteEngine({ path: ':memory:', now: () => clock.now() });
  });
  afterEach(() => engine.close());

  /** A scheduled rule due now written straight into the store, as another node sharing the database would. */
  const writeDueRule = (name: string) =>
    engine.bus.writeDocument({
      kind: 'rule',
      scope: 'default',
      name,
      now: clock.now(),
      decide: () => ({ definition: { ScheduleExpression: 'rate(1 minute)', State: 'ENABLED', Tags: {}, Targets: [{ Id: 'q', Arn: QUEUE }] }, dueAt: clock.now(), result: undefined }),
    });
  /**
   * Resolves at the next commit that stores deliveries (the store's own wake-up: no polling here); fails
   * after a generous 10 s, a timer that also keeps the process alive while the loop's own (unref'd) waits.
   */
  const nextDeliveries = () =>
    new Promise<void>((resolve, reject) => {
      const guard = setTimeout(() => reject(new Error('no deliveries stored within 10 s')), 10_000);
      const stop = engine.bus.onDeliveries(() => {
        stop();
        clearTimeout(guard);
        resolve();
      });
    });

  it('a rule write that sets a next firing wakes the loop of its process; other rule writes do not', async () => {
    let wakes = 0;
    const ctx: BusContext = { ...contextOf(engine, clock), schedules: { wake: () => void wakes++ } };
    await putRule(ctx, { Name: 'r', ScheduleExpression: 'rate(5 minutes)' });
    assert.equal(wakes, 1);
    await putTargets(ctx, { Rule: 'r', Targets: [{ Id: 'q', Arn: QUEUE }] });
    await putRule(ctx, { Name: 'r', ScheduleExpression: 'rate(5 minutes)', Description: 'same schedule: the firing is kept' });
    await putRule(ctx, { Name: 'p', EventPattern: '{"source":["a"]}' });
    await disableRule(ctx, { Name: 'r' });
    assert.equal(wakes, 1);
    await enableRule(ctx, { Name: 'r' });
    await putRule(ctx, { Name: 'r', ScheduleExpression: 'cron(0 * * * ? *)' });
    assert.equal(wakes, 3);
  });

  it('wake() fires what is due at once', async () => {
    const loop = new FiringLoop(engine.bus, clock, defaultDeployment, silentLogger);
    try {
      await loop.start();
      await writeDueRule('woken');
      const stored = nextDeliveries();
      loop.wake();
      await stored;
      assert.deepEqual(await timesOf(engine.bus, 'woken'), ['2026-07-01T12:00:00Z']);
    } finally {
      await loop.close();
    }
  });

  it("a rule written by another node is noticed by the timer's bounded wait (maxIdleMs), without a wake-up", async () => {
    const loop = new FiringLoop(engine.bus, clock, defaultDeployment, silentLogger, { maxIdleMs: 20 });
    try {
      await loop.start();
      const stored = nextDeliveries();
      await writeDueRule('elsewhere');
      await stored;
      assert.deepEqual(await timesOf(engine.bus, 'elsewhere'), ['2026-07-01T12:00:00Z']);
    } finally {
      await loop.close();
    }
  });
});
