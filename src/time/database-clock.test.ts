import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Pool } from 'pg';
import { ManualClock, type Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';
import { openPgPool } from '../storage/postgres/pg-pool.js';
import { PostgresTimeStore } from '../storage/postgres/postgres-time-store.js';
import { eventually } from '../../test/helpers/eventually.js';
import { sharedPostgresCluster, testEngines } from '../../test/helpers/postgres-cluster.js';
import { DatabaseClock } from './database-clock.js';

const MINUTE = 60_000;
const skip = testEngines().includes('postgres') ? false : 'PostgreSQL is not among EDDY_TEST_ENGINES (the clock is disciplined to its server)';

/** A logger that keeps what it was told. */
function recordingLogger(): Logger & { warnings: string[]; debugs: string[] } {
  const warnings: string[] = [];
  const debugs: string[] = [];
  return { warnings, debugs, info() {}, error() {}, warn: (m) => void warnings.push(m), debug: (m) => void debugs.push(m) };
}

/** This machine's clock, `shift` ms off (a machine whose clock is wrong); `shift` can be changed. */
function shiftedClock(shift: number): Clock & { shift: number } {
  return {
    shift,
    now() {
      return Date.now() + this.shift;
    },
  };
}

describe('DatabaseClock (on a real PostgreSQL server)', { skip }, () => {
  const pools: Pool[] = [];
  after(async () => {
    for (const pool of pools.splice(0)) await pool.end();
  });
  const cluster = sharedPostgresCluster(); // its after() is registered second: it stops once the pools are closed
  /** The server's time, as the PostgreSQL engine reads it (no tables needed). */
  const serverTime = async () => {
    const pool = await openPgPool({ url: await (await cluster()).createDatabase(), size: 2 });
    pools.push(pool);
    return new PostgresTimeStore(pool).serverTime;
  };

  it('answers the server\'s time on a machine whose clock is 10 minutes behind, and warns about that clock', async () => {
    const read = await serverTime();
    const logger = recordingLogger();
    const clock = new DatabaseClock({ base: shiftedClock(-10 * MINUTE), logger, periodMs: 0 });
    const estimate = await clock.discipline(read);
    assert.ok(Math.abs(estimate.skewMs - 10 * MINUTE) < 1_000, `skew ${estimate.skewMs} ms: the server (this machine) is 10 minutes ahead of the base`);
    const before = await read();
    const now = clock.now();
    const after = await read();
    assert.ok(now >= before - 50 && now <= after + 50, `${now} is within tens of ms of the server's [${before}, ${after}]`);
    assert.ok(Number.isInteger(now), 'whole ms, as lease columns store them');
    assert.equal(logger.warnings.length, 1);
    assert.match(logger.warnings[0]!, /this machine's clock is \d+ ms behind the database server's/);
    assert.match(logger.debugs.at(-1)!, /the database server's clock is \d+ ms ahead of this machine's/);
    await clock.measure();
    assert.equal(logger.warnings.length, 1, 'warned once, not at every measurement');
  });

  it('never goes back: when the skew drops, it holds its last answer until the base catches up', async () => {
    const base = new ManualClock(Date.now());
    const clock = new DatabaseClock({ base, logger: recordingLogger(), periodMs: 0 });
    await clock.discipline(await serverTime());
    const first = clock.now();
    base.advance(MINUTE); // the machine's clock is stepped a minute forward between two measurements
    const held = clock.now();
    assert.equal(held, first + MINUTE);
    const estimate = await clock.measure();
    assert.ok(Math.abs(estimate.skewMs - (Date.now() - base.now())) < 1_000, `the new skew (${estimate.skewMs} ms) takes the minute back`);
    assert.equal(clock.now(), held, 'held, not stepped back');
    base.advance(MINUTE / 2);
    assert.equal(clock.now(), held, 'still held while the base is behind its last answer');
    base.advance(MINUTE);
    assert.ok(clock.now() > held, 'runs again once the base is past it');
  });

  it('keeps its estimate when a new one differs by less than the measurement\'s uncertainty, and takes one that differs by more', async () => {
    // Each sample's second reading of this base is 40 ms late: a round trip of at least 40 ms, ±20 ms.
    let readings = 0;
    const base = { shift: 0, now: () => Date.now() + base.shift + 40 * (readings++ % 2) };
    const clock = new DatabaseClock({ base, logger: recordingLogger(), periodMs: 0, samples: 3 });
    const first = await clock.discipline(await serverTime());
    assert.ok(first.uncertaintyMs >= 20);
    base.shift -= 5;
    assert.deepEqual(await clock.measure(), first, 'a 5 ms change within ±20 ms is noise');
    base.shift -= 500;
    const moved = await clock.measure();
    assert.ok(Math.abs(moved.skewMs - first.skewMs - 505) < 100, `moved by ${moved.skewMs - first.skewMs} ms`);
  });

  it('measures again every periodMs: a machine clock stepped after the start is followed', async () => {
    const base = shiftedClock(0);
    const clock = new DatabaseClock({ base, logger: recordingLogger(), periodMs: 20 });
    try {
      await clock.discipline(await serverTime());
      base.shift = 5 * MINUTE; // stepped forward: now() holds at once, then the skew follows
      await eventually('the skew following the step', () => clock.estimate!.skewMs, { accept: (skew) => Math.abs(skew + 5 * MINUTE) < 1_000 });
    } finally {
      clock.stop();
    }
  });

  it('rejects discipline when the server cannot be read, so a node never starts on an undisciplined clock', async () => {
    const pool = await openPgPool({ url: await (await cluster()).createDatabase(), size: 1 });
    await pool.end();
    const clock = new DatabaseClock({ base: shiftedClock(0), logger: recordingLogger(), periodMs: 0 });
    await assert.rejects(clock.discipline(new PostgresTimeStore(pool).serverTime));
    assert.equal(clock.estimate, undefined);
  });
});

describe('DatabaseClock, undisciplined', () => {
  it('is its base until disciplined (an engine with no server: SQLite), held against the base stepping back', () => {
    const base = new ManualClock(Date.UTC(2026, 5, 1));
    const clock = new DatabaseClock({ base, logger: recordingLogger() });
    assert.equal(clock.now(), base.now());
    base.advance(1_000);
    assert.equal(clock.now(), base.now());
    base.advance(-3_000);
    assert.equal(clock.now(), Date.UTC(2026, 5, 1) + 1_000);
  });
});
