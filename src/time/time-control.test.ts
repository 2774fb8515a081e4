import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../shared/clock.js';
import { silentLogger } from '../shared/logger.js';
import { openSqliteEngine } from '../storage/sqlite/sqlite-engine.js';
import { ControlledClock } from './controlled-clock.js';
import { TimeControl, type TimePass } from './time-control.js';
import { timePasses } from './time-passes.js';

const HOUR = 3_600_000;

describe('TimeControl', () => {
  it('runs the passes in order after a jump and answers what each did; a failing pass does not stop the others', async () => {
    const clock = new ControlledClock(new ManualClock(Date.UTC(2026, 5, 1)));
    const ran: string[] = [];
    const pass = (name: string, result: unknown): TimePass => ({ name, run: async () => (ran.push(`${name}@${new Date(clock.now()).toISOString()}`), result) });
    const failing: TimePass = { name: 'broken', run: async () => { throw new Error('disk full'); } };
    const time = new TimeControl(clock, [pass('ttl', { deleted: 2 }), failing, pass('queues', undefined)], silentLogger);
    const jump = await time.advance(2 * HOUR);
    assert.deepEqual(ran, ['ttl@2026-06-01T02:00:00.000Z', 'queues@2026-06-01T02:00:00.000Z']);
    assert.deepEqual(jump, {
      now: '2026-06-01T02:00:00.000Z',
      wallClock: '2026-06-01T00:00:00.000Z',
      offsetMs: 2 * HOUR,
      offset: '+2h',
      from: '2026-06-01T00:00:00.000Z',
      fired: { ttl: { deleted: 2 }, broken: { error: 'disk full' }, queues: {} },
      steps: 0,
    });
    await time.close();
  });

  it('runs the passes of one group side by side, between the passes before and after it; a failing one does not stop the others', async () => {
    const clock = new ControlledClock(new ManualClock(Date.UTC(2026, 5, 1)));
    const events: string[] = [];
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const pass = (name: string, group?: string, body: () => Promise<unknown> = async () => ({})): TimePass => ({
      name,
      ...(group && { group }),
      run: async () => {
        events.push(`${name} starts`);
        try {
          return await body();
        } finally {
          events.push(`${name} ends`);
        }
      },
    });
    const passes = [
      pass('ttl'),
      // The first of the group waits until the last has started: run one after another, the jump would never end.
      pass('streams', 'trim', async () => (await held, { trimmed: 1 })),
      pass('messages', 'trim', async () => { throw new Error('disk full'); }),
      pass('archives', 'trim', async () => (release(), { trimmed: 2 })),
      pass('connections'),
    ];
    const time = new TimeControl(clock, passes, silentLogger);
    const jump = await time.advance(HOUR);
    assert.deepEqual(events.slice(0, 2), ['ttl starts', 'ttl ends']);
    assert.deepEqual(events.slice(2, 5).sort(), ['archives starts', 'messages starts', 'streams starts']);
    assert.deepEqual(events.slice(-2), ['connections starts', 'connections ends']);
    assert.deepEqual(Object.keys(jump.fired), ['ttl', 'streams', 'messages', 'archives', 'connections']);
    assert.deepEqual(jump.fired, { ttl: {}, streams: { trimmed: 1 }, messages: { error: 'disk full' }, archives: { trimmed: 2 }, connections: {} });
    await time.close();
  });

  it('runs the passes when another node moved time, once it is seen', async () => {
    const engine = openSqliteEngine({ path: ':memory:' });
    try {
      const wall = new ManualClock(Date.UTC(2026, 5, 1));
      const here = new ControlledClock(wall);
      const there = new ControlledClock(wall);
      await here.attach(engine.time, 0);
      await there.attach(engine.time, 0);
      let seen!: () => void;
      const ran = new Promise<void>((resolve) => (seen = resolve));
      const remote = new TimeControl(there, [{ name: 'ttl', run: async () => (seen(), { deleted: 0 }) }], silentLogger);
      const local = new TimeControl(here, [], silentLogger);
      await local.set(Date.UTC(2027, 0, 1));
      await there.refresh();
      await ran;
      assert.equal(remote.show().now, '2027-01-01T00:00:00.000Z');
      await local.close();
      await remote.close();
    } finally {
      await engine.close();
    }
  });

  it('replays a jump step by step: each due time in order across passes, at its own time; counts add up', async () => {
    const start = Date.UTC(2026, 5, 1);
    const clock = new ControlledClock(new ManualClock(start));
    const seen: string[] = [];
    const at = (ms: number) => new Date(clock.now()).toISOString().slice(11, 19) + (clock.now() === ms ? '' : ` (due ${ms})`);
    /** A rate(5 minutes) rule: fires each owed period, then is due at the next. */
    let ruleDue = start + 5 * 60_000;
    const rule: TimePass = {
      name: 'rule',
      nextDue: async () => ruleDue,
      run: async () => {
        let firings = 0;
        for (; ruleDue <= clock.now(); ruleDue += 5 * 60_000, firings++) seen.push(`rule ${at(ruleDue)}`);
        return { firings };
      },
    };
    /** One due time, done once. */
    const once = (name: string, due: number): TimePass => {
      let done = false;
      return { name, nextDue: async () => (done ? undefined : due), run: async () => (!done && due <= clock.now() ? ((done = true), seen.push(`${name} ${at(due)}`), { ran: 1 }) : { ran: 0 }) };
    };
    const time = new TimeControl(clock, [once('ttl', start + 32 * 60_000), rule, once('at', start + 41 * 60_000)], silentLogger);
    const jump = await time.advance(HOUR);
    assert.deepEqual(seen, [
      'rule 00:05:00', 'rule 00:10:00', 'rule 00:15:00', 'rule 00:20:00', 'rule 00:25:00', 'rule 00:30:00', 'ttl 00:32:00',
      'rule 00:35:00', 'rule 00:40:00', 'at 00:41:00', 'rule 00:45:00', 'rule 00:50:00', 'rule 00:55:00', 'rule 01:00:00',
    ]);
    assert.equal(jump.steps, 14);
    assert.deepEqual(jump.fired, { ttl: { ran: 1 }, rule: { firings: 12 }, at: { ran: 1 } });
    assert.equal(jump.now, '2026-06-01T01:00:00.000Z');
    // Nothing due inside: no step.
    assert.equal((await time.advance(60_000)).steps, 0);
    await time.close();
  });

  it('makes the rest of a jump at once past the step limit', async () => {
    const start = Date.UTC(2026, 5, 1);
    const clock = new ControlledClock(new ManualClock(start));
    let due = start + 60_000;
    const times: number[] = [];
    const everyMinute: TimePass = { name: 'rule', nextDue: async () => due, run: async () => (times.push(clock.now()), (due = Math.max(due, clock.now()) + 60_000), {}) };
    const time = new TimeControl(clock, [everyMinute], silentLogger, 3);
    const jump = await time.advance(HOUR);
    assert.equal(jump.steps, 3);
    assert.equal(jump.capped, true);
    assert.deepEqual(times.map((t) => (t - start) / 60_000), [1, 2, 3, 60], 'three steps, then the end of the jump');
    await time.close();
    // Past the real-time budget alike.
    const hurried = new TimeControl(clock, [everyMinute], silentLogger, Infinity, -1);
    const rushed = await hurried.advance(HOUR);
    assert.equal(rushed.steps, 0);
    assert.equal(rushed.capped, true);
    await hurried.close();
  });

  it('steps on this node only: another node sees the offset before the jump, then its end', async () => {
    const engine = openSqliteEngine({ path: ':memory:' });
    try {
      const wall = new ManualClock(Date.UTC(2026, 5, 1));
      const here = new ControlledClock(wall);
      const there = new ControlledClock(wall);
      await here.attach(engine.time, 0);
      await there.attach(engine.time, 0);
      const offsetsThere: number[] = [];
      there.onChange((change) => offsetsThere.push(change.offsetMs));
      const causesHere: string[] = [];
      here.onChange((change) => causesHere.push(change.cause));
      const seenThere: number[] = [];
      let due: number | undefined = wall.now() + 10 * 60_000;
      const step: TimePass = {
        name: 'rule',
        nextDue: async () => due,
        run: async () => {
          await there.refresh();
          seenThere.push(there.offsetMs);
          assert.notEqual(here.jumpDone(), undefined, 'a jump is under way here');
          due = undefined;
          return {};
        },
      };
      const time = new TimeControl(here, [step], silentLogger);
      await time.advance(HOUR);
      assert.equal(here.jumpDone(), undefined);
      await there.refresh();
      assert.deepEqual(seenThere, [0, HOUR], 'the step saw the old offset there; the passes after the jump, its end');
      assert.deepEqual(offsetsThere, [HOUR]);
      assert.deepEqual(causesHere, ['step', 'advance']);
      await time.close();
    } finally {
      await engine.close();
    }
  });

  it('answers the admin routes; malformed bodies are ValidationExceptions', async () => {
    const clock = new ControlledClock(new ManualClock(Date.UTC(2026, 5, 1)));
    const time = new TimeControl(clock, [], silentLogger);
    const routes = time.adminRoutes();
    assert.deepEqual(Object.keys(routes), ['GET /_eddy/time', 'POST /_eddy/time/advance', 'POST /_eddy/time/set', 'POST /_eddy/time/resume']);
    assert.equal(((await routes['POST /_eddy/time/advance']!({ by: '1d' })) as { offset: string }).offset, '+1d');
    await assert.rejects(routes['POST /_eddy/time/advance']!({}), { code: 'ValidationException', message: 'Expected a JSON body {"by": "2h"}' });
    await assert.rejects(routes['POST /_eddy/time/set']!({ to: 7 }), { code: 'ValidationException' });
    await assert.rejects(routes['POST /_eddy/time/set']!({ to: '2026-06-01T12:00:00Z' }), { code: 'TimeMovesForwardOnlyException' });
    assert.equal(((await routes['POST /_eddy/time/resume']!({})) as { offsetMs: number }).offsetMs, 0);
    await time.close();
  });

  it('orders the passes of a running Eddy: expiries, schedules, retries, wake-ups, retention', () => {
    const part = { sweep: async () => 0, fireDue: async () => 0, deliverDue: async () => 0, runDue: async () => 0, reschedule: async () => 0, wake: () => undefined, notifyAll: () => undefined, trim: async () => 0 };
    const names = timePasses(
      { ttl: part, ruleSchedules: part, busDeliveries: part, asyncInvocations: part, replays: part, queueWaiters: part, streamRetention: part, archiveRetention: part, messageRetention: part, pointInTimeRetention: part, connections: part },
      [{ name: 'scheduler', run: async () => 0 }],
    ).map((p) => p.name);
    assert.deepEqual(names, ['ttl', 'ruleSchedules', 'scheduler', 'busDeliveries', 'asyncInvocations', 'replays', 'queues', 'streamRetention', 'archiveRetention', 'messageRetention', 'pointInTimeRetention', 'connections']);
  });
});
