import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { defaultDeployment } from '../../shared/arns.js';
import { ManualClock } from '../../shared/clock.js';
import { silentLogger } from '../../shared/logger.js';
import { tempDir } from '../../storage/sqlite/fixtures/temp-dir.js';
import { openSqliteEngine, type SqliteEngine } from '../../storage/sqlite/sqlite-engine.js';
import type { ArchiveDefinition, BusDefinition, ReplayDefinition, RuleDefinition } from '../bus-documents.js';
import type { BusEvent } from '../events/bus-event.js';
import { EventRouter } from '../routing/event-router.js';
import { ReplayRunner } from './replay-runner.js';

const dir = tempDir();
let counter = 0;
const T0 = Date.UTC(2026, 6, 1, 12);
const MINUTE = 60_000;
const LEASE_MS = 30_000;

/** A bus `app` with an archive `kept` holding `count` events, one every 20 s from T0, a rule matching them all, and a replay of them due now. */
async function prepare(engine: SqliteEngine, clock: ManualClock, count: number): Promise<string[]> {
  const write = <D>(kind: 'bus' | 'rule' | 'archive' | 'replay', scope: string, name: string, definition: D, dueAt?: number) =>
    engine.bus.writeDocument<D, void>({
      kind,
      scope,
      name,
      now: clock.now(),
      ...(kind !== 'bus' && kind !== 'replay' && { touch: { kind: 'bus', scope: '', name: 'app' } }),
      decide: () => ({ definition, ...(dueAt !== undefined && { dueAt }), result: undefined }),
    });
  await write<BusDefinition>('bus', '', 'app', { Tags: {} });
  await write<RuleDefinition>('rule', 'app', 'all', { EventPattern: '{"source":["test"]}', State: 'ENABLED', Tags: {}, Targets: [{ Id: 'q', Arn: 'arn:aws:sqs:us-east-1:000000000000:q' }] });
  const EventSourceArn = 'arn:aws:events:us-east-1:000000000000:event-bus/app';
  await write<ArchiveDefinition>('archive', '', 'kept', { EventSourceArn, bus: 'app', RetentionDays: 0, State: 'ENABLED' });
  const events: BusEvent[] = Array.from({ length: count }, (_, i) => ({
    id: `e-${String(i).padStart(3, '0')}`,
    detailType: 'T',
    source: 'test',
    account: '000000000000',
    time: T0 + i * 20_000,
    region: 'us-east-1',
    resources: [],
    detail: { i },
    detailJson: `{"i":${i}}`,
  }));
  const router = new EventRouter(engine.bus, defaultDeployment, silentLogger);
  await router.accept([{ bus: 'app', events }], clock.now());
  // The originals' deliveries are settled away: what is pending from now on was replayed.
  const claimed = await engine.bus.claimDeliveries('test', clock.now(), clock.now() + 1000, 1000);
  await engine.bus.settleDeliveries('test', claimed.map((d) => ({ id: d.id, kind: 'delivered' })));
  const archive = (await engine.bus.getDocument<ArchiveDefinition>('archive', '', 'kept'))!;
  await write<ReplayDefinition>(
    'replay',
    '',
    'again',
    {
      EventSourceArn: 'arn:aws:events:us-east-1:000000000000:archive/kept',
      archive: 'kept',
      archiveCreatedAt: archive.createdAt,
      bus: 'app',
      EventStartTime: T0,
      EventEndTime: T0 + 60 * MINUTE,
      Destination: { Arn: EventSourceArn },
      State: 'STARTING',
      ReplayStartTime: clock.now(),
    },
    clock.now(),
  );
  return events.map((event) => event.id);
}

describe('ReplayRunner: replay steps under a lease, on engines sharing one database file', () => {
  const open = () => {
    const path = join(dir, `replay-${++counter}`, 'eddy.db');
    const clock = new ManualClock(T0 + 2 * 60 * MINUTE);
    const engines = [openSqliteEngine({ path, now: () => clock.now() }), openSqliteEngine({ path, now: () => clock.now() })] as const;
    const runners = engines.map(
      (engine) => new ReplayRunner({ store: engine.bus, router: new EventRouter(engine.bus, defaultDeployment, silentLogger), clock, logger: silentLogger }, { manual: true, eventsPerStep: 2, leaseMs: LEASE_MS }),
    );
    return { clock, engines, runners, close: () => Promise.all(engines.map((engine) => engine.close())) };
  };
  const replayed = async (engine: SqliteEngine) => (await engine.bus.pendingDeliveries(1000)).map((d) => d.eventId).sort();
  const replay = async (engine: SqliteEngine) => (await engine.bus.getDocument<ReplayDefinition>('replay', '', 'again'))!;

  it('replays an event once per step, in one-minute buckets, through STARTING → RUNNING → COMPLETED', async () => {
    const { clock, engines, runners, close } = open();
    try {
      const ids = await prepare(engines[0], clock, 7); // buckets: 0 20 40 | 60 80 100 | 120
      assert.deepEqual(await runners[0]!.runDue(1), { steps: 1 });
      let doc = await replay(engines[0]);
      assert.deepEqual([doc.definition.State, doc.definition.EventLastReplayedTime, doc.definition.cursor?.eventId], ['RUNNING', T0 + 20_000, 'e-001']);
      assert.equal(doc.owner, runners[0]!.owner);
      assert.deepEqual(await runners[0]!.runDue(1), { steps: 1 }); // the rest of the first bucket, not the second's first
      assert.deepEqual((await replay(engines[0])).definition.cursor?.eventId, 'e-002');
      assert.deepEqual(await runners[0]!.runDue(), { steps: 3 });
      doc = await replay(engines[1]);
      // Done: not due, the lease given up (it ends now).
      assert.deepEqual([doc.definition.State, doc.definition.EventLastReplayedTime, doc.definition.ReplayEndTime, doc.dueAt, doc.leaseUntil], ['COMPLETED', T0 + 120_000, clock.now(), undefined, clock.now()]);
      assert.deepEqual(await replayed(engines[1]), ids);
      assert.equal((await engines[0].bus.archiveStats('kept')).eventCount, 7);
    } finally {
      await close();
    }
  });

  it('two engines on one file cannot both run a step: the lease holder runs the replay, the other none of it', async () => {
    const { clock, engines, runners, close } = open();
    try {
      const ids = await prepare(engines[0], clock, 9); // buckets: 0 20 40 | 60 80 100 | 120 140 160
      const [one, two] = await Promise.all([runners[0]!.runDue(), runners[1]!.runDue()]);
      assert.deepEqual([one.steps, two.steps].sort(), [0, 6]); // three buckets of three events, two a step
      assert.deepEqual(await replayed(engines[0]), ids);
      assert.equal((await replay(engines[1])).definition.State, 'COMPLETED');
    } finally {
      await close();
    }
  });

  it("a replay whose runner died is resumed by another once the lease expires, from the stored cursor", async () => {
    const { clock, engines, runners, close } = open();
    try {
      const ids = await prepare(engines[0], clock, 5);
      assert.deepEqual(await runners[0]!.runDue(2), { steps: 2 }); // then the runner is gone, its lease held
      assert.deepEqual(await runners[1]!.runDue(), { steps: 0 });
      clock.advance(LEASE_MS - 1);
      assert.deepEqual(await runners[1]!.runDue(), { steps: 0 });
      clock.advance(1);
      assert.deepEqual(await runners[1]!.runDue(), { steps: 2 });
      assert.deepEqual(await replayed(engines[1]), ids); // each once: no step ran twice
      // The first runner, back, finds nothing to do and cannot write over the replay.
      assert.deepEqual(await runners[0]!.runDue(), { steps: 0 });
      assert.equal((await replay(engines[0])).definition.State, 'COMPLETED');
    } finally {
      await close();
    }
  });

  it('a CANCELLING replay ends CANCELLED at its next step; a replay whose archive was deleted ends FAILED', async () => {
    const { clock, engines, runners, close } = open();
    try {
      await prepare(engines[0], clock, 5);
      await runners[0]!.runDue(1);
      await engines[0].bus.writeDocument<ReplayDefinition, void>({
        kind: 'replay', scope: '', name: 'again', now: clock.now(),
        decide: (current) => ({ definition: { ...current!.definition, State: 'CANCELLING' }, dueAt: clock.now(), result: undefined }),
      });
      assert.deepEqual(await runners[0]!.runDue(), { steps: 1 });
      const cancelled = await replay(engines[0]);
      assert.deepEqual([cancelled.definition.State, cancelled.definition.EventLastReplayedTime, cancelled.dueAt, cancelled.leaseUntil], ['CANCELLED', T0 + 20_000, undefined, clock.now()]);
      assert.equal((await replayed(engines[0])).length, 2);

      await engines[0].bus.writeDocument<ReplayDefinition, void>({
        kind: 'replay', scope: '', name: 'again', now: clock.now(),
        decide: (current) => ({ definition: { ...current!.definition, State: 'RUNNING' }, dueAt: clock.now(), result: undefined }),
      });
      await engines[0].bus.writeDocument({ kind: 'archive', scope: '', name: 'kept', now: clock.now(), decide: () => ({ definition: null, result: undefined }) });
      await runners[1]!.runDue();
      const failed = (await replay(engines[0])).definition;
      assert.deepEqual([failed.State, failed.StateReason], ['FAILED', 'Archive kept does not exist.']);
    } finally {
      await close();
    }
  });
});

describe('ReplayRunner in the background', () => {
  it('finds a replay another node started (no wake-up here) with its bounded timer, and runs it to the end', async () => {
    const path = join(dir, `replay-${++counter}`, 'eddy.db');
    const clock = new ManualClock(T0 + 2 * 60 * MINUTE);
    const engines = [openSqliteEngine({ path, now: () => clock.now() }), openSqliteEngine({ path, now: () => clock.now() })] as const;
    const runner = new ReplayRunner(
      { store: engines[1].bus, router: new EventRouter(engines[1].bus, defaultDeployment, silentLogger), clock, logger: silentLogger },
      { eventsPerStep: 2, maxIdleMs: 20 },
    );
    try {
      runner.start();
      const ids = await prepare(engines[0], clock, 5); // written through the other engine: nothing wakes the runner
      // Looked at every 10 ms, for at most 10 s: the runner's own waits are unref'd timers of at most 20 ms.
      const deadline = Date.now() + 10_000;
      while ((await engines[0].bus.getDocument<ReplayDefinition>('replay', '', 'again'))?.definition.State !== 'COMPLETED') {
        assert.ok(Date.now() < deadline, 'the replay did not complete within 10 s');
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      assert.deepEqual((await engines[0].bus.pendingDeliveries(1000)).map((d) => d.eventId).sort(), ids);
    } finally {
      await runner.close();
      await Promise.all(engines.map((engine) => engine.close()));
    }
  });
});
