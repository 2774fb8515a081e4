import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openSqliteEngine, type SqliteEngine } from './sqlite-engine.js';
import { StorageError } from './sqlite-errors.js';
import type { BusStore, NewDelivery, StoredDelivery, TargetStats } from '../bus-store.js';
import { tempDir } from './fixtures/temp-dir.js';

const dir = tempDir();
let counter = 0;
const freshPath = () => join(dir, `deliveries-${++counter}`, 'eddy.db');
const T0 = 1_700_000_000_000;

function delivery(id: string, more: Partial<NewDelivery> = {}): NewDelivery {
  return {
    id,
    bus: 'app',
    rule: 'r',
    targetId: 't',
    eventId: `e-${id}`,
    payload: `{"n":"${id}"}`,
    target: { Arn: 'arn:aws:sqs:us-east-1:000000000000:q', RetryPolicy: { MaximumRetryAttempts: 3 } },
    acceptedAt: T0,
    dueAt: T0,
    ...more,
  };
}

const accept = (store: BusStore, deliveries: NewDelivery[]) => store.acceptEvents({ deliveries, archived: [], now: T0 });
const ids = (deliveries: readonly StoredDelivery[]) => deliveries.map((d) => d.id);
const stats = (more: Partial<TargetStats>): TargetStats => ({
  bus: 'app', rule: 'r', targetId: 't', matched: 0, delivered: 0, failed: 0, deadLettered: 0, pending: 0, retrying: 0, ...more,
});

describe('SqliteBusStore deliveries', () => {
  let engine: SqliteEngine;
  let store: BusStore;
  before(() => {
    engine = openSqliteEngine({ path: freshPath() });
    store = engine.bus;
  });
  after(() => engine.close());

  it('stores accepted deliveries as given, counts them matched and pending per target, pending in due order', async () => {
    await accept(store, [delivery('late', { dueAt: T0 + 10 }), delivery('a1'), delivery('b1', { rule: 'r2', targetId: 'x' }), delivery('a2')]);
    const pending = await store.pendingDeliveries(10);
    assert.deepEqual(ids(pending), ['a1', 'b1', 'a2', 'late']);
    assert.deepEqual(pending[0], { ...delivery('a1'), attempts: 0 });
    assert.deepEqual(ids(await store.pendingDeliveries(2)), ['a1', 'b1']);
    assert.deepEqual(ids(await store.pendingDeliveries(10, 'other')), []);
    assert.deepEqual(await store.deliveryStats(), [
      stats({ matched: 3, pending: 3 }),
      stats({ rule: 'r2', targetId: 'x', matched: 1, pending: 1 }),
    ]);
    assert.equal(await store.nextDeliveryDue(), T0);
    // Clean up through the contract: claim everything and settle it delivered.
    const all = await store.claimDeliveries('cleaner', T0 + 10, T0 + 20, 10);
    assert.equal(await store.settleDeliveries('cleaner', all.map((d) => ({ id: d.id, kind: 'delivered' as const }))), 4);
    assert.deepEqual(await store.deliveryStats(), [
      stats({ matched: 3, delivered: 3 }),
      stats({ rule: 'r2', targetId: 'x', matched: 1, delivered: 1 }),
    ]);
    assert.equal(await store.nextDeliveryDue(), undefined);
  });

  it('claims only due deliveries, oldest due first, and never one whose lease holds; an expired lease is taken over', async () => {
    await accept(store, [delivery('c3', { dueAt: T0 + 3 }), delivery('c1', { dueAt: T0 + 1 }), delivery('c2', { dueAt: T0 + 2 }), delivery('c9', { dueAt: T0 + 9 })]);
    assert.deepEqual(ids(await store.claimDeliveries('a', T0, T0 + 100, 10)), []);
    const first = await store.claimDeliveries('a', T0 + 5, T0 + 100, 2);
    assert.deepEqual(ids(first), ['c1', 'c2']);
    assert.deepEqual(ids(await store.claimDeliveries('b', T0 + 99, T0 + 200, 10)), ['c3', 'c9']);
    assert.deepEqual(ids(await store.claimDeliveries('b', T0 + 99, T0 + 200, 10)), []);
    // Everything is in flight: the next claim can succeed when a's leases end, not at the old due times.
    assert.equal(await store.nextDeliveryDue(), T0 + 100);
    assert.deepEqual(ids(await store.pendingDeliveries(10)), ['c1', 'c2', 'c3', 'c9']);
    const taken = await store.claimDeliveries('b', T0 + 100, T0 + 300, 10);
    assert.deepEqual(ids(taken), ['c1', 'c2']);
    assert.deepEqual(taken[0], { ...delivery('c1', { dueAt: T0 + 1 }), attempts: 0 });
    // a lost its leases: its outcomes change nothing and are not counted.
    assert.equal(await store.settleDeliveries('a', [{ id: 'c1', kind: 'delivered' }, { id: 'c2', kind: 'retry', attempts: 1, dueAt: T0, error: 'x' }]), 0);
    assert.equal(await store.settleDeliveries('b', ['c1', 'c2', 'c3', 'c9'].map((id) => ({ id, kind: 'delivered' as const }))), 4);
    assert.deepEqual((await store.deliveryStats()).find((s) => s.rule === 'r'), stats({ matched: 7, delivered: 7 }));
    assert.deepEqual(await store.claimDeliveries('a', T0 + 1000, T0 + 2000, 0), []);
  });

  it('settles each kind once, only for the holder; retry releases with attempts, due time and last error', async () => {
    const rule = 'settle';
    await accept(store, ['d', 'f', 'x', 'r', 's'].map((id) => delivery(id, { rule })));
    await store.claimDeliveries('me', T0, T0 + 60_000, 10);
    const applied = await store.settleDeliveries('me', [
      { id: 'd', kind: 'delivered' },
      { id: 'f', kind: 'dropped', error: 'too old' },
      { id: 'x', kind: 'dead-lettered', error: 'sent to the DLQ' },
      { id: 'r', kind: 'retry', attempts: 1, dueAt: T0 + 500, error: 'HTTP 500' },
      { id: 'd', kind: 'delivered' }, // settled already
      { id: 'nope', kind: 'delivered' },
    ]);
    assert.equal(applied, 4);
    assert.deepEqual((await store.deliveryStats()).find((s) => s.rule === rule), stats({
      rule, matched: 5, delivered: 1, failed: 1, deadLettered: 1, pending: 2, retrying: 1,
    }));
    // The retried delivery is free again (another owner may take it) once due, with what the retry set.
    assert.deepEqual(ids(await store.claimDeliveries('you', T0 + 499, T0 + 1000, 10)), []);
    assert.equal(await store.settleDeliveries('me', [{ id: 'r', kind: 'delivered' }]), 0, 'the retry ended my lease');
    const again = await store.claimDeliveries('you', T0 + 500, T0 + 1000, 10); // s is still leased to me
    assert.deepEqual(again, [{ ...delivery('r', { rule, dueAt: T0 + 500 }), attempts: 1, lastError: 'HTTP 500' }]);
    await store.settleDeliveries('you', [{ id: 'r', kind: 'retry', attempts: 2, dueAt: T0 + 60_500, error: 'HTTP 503' }]);
    const [s, r] = await store.claimDeliveries('you', T0 + 60_500, T0 + 61_000, 10); // my lease of s ended at T0 + 60_000
    assert.deepEqual([s!.id, s!.attempts, s!.lastError], ['s', 0, undefined]);
    assert.deepEqual([r!.id, r!.attempts, r!.lastError, r!.dueAt], ['r', 2, 'HTTP 503', T0 + 60_500]);
    assert.equal((await store.deliveryStats()).find((x) => x.rule === rule)!.retrying, 1);
    await store.settleDeliveries('you', [{ id: 'r', kind: 'dead-lettered', error: 'gave up' }, { id: 's', kind: 'delivered' }]);
    assert.deepEqual((await store.deliveryStats()).find((x) => x.rule === rule), stats({
      rule, matched: 5, delivered: 2, failed: 1, deadLettered: 2,
    }));
  });

  it('a malformed delivery or outcome rejects its own call with nothing written; calls in the same commit are unaffected', async () => {
    const bad = { ...delivery('bad-2'), payload: { not: 'text' } } as unknown as NewDelivery;
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    const results = await Promise.allSettled([
      accept(store, [delivery('ok-1', { rule: 'malformed' })]),
      accept(store, [delivery('bad-1', { rule: 'malformed' }), bad]),
      accept(store, [delivery('bad-3', { rule: 'malformed', dueAt: T0 + 0.5 })]),
      accept(store, [delivery('bad-4', { rule: 'malformed', target: circular })]),
      accept(store, [delivery('ok-2', { rule: 'malformed' })]),
    ]);
    assert.deepEqual(results.map((r) => r.status), ['fulfilled', 'rejected', 'rejected', 'rejected', 'fulfilled']);
    assert.ok((results[1] as PromiseRejectedResult).reason instanceof StorageError);
    const pending = await store.pendingDeliveries(100, 'app');
    assert.deepEqual(ids(pending.filter((d) => d.rule === 'malformed')), ['ok-1', 'ok-2']);
    assert.equal((await store.deliveryStats()).find((s) => s.rule === 'malformed')!.matched, 2);
    await store.claimDeliveries('m', T0, T0 + 10, 100);
    await assert.rejects(
      store.settleDeliveries('m', [{ id: 'ok-1', kind: 'delivered' }, { id: 'ok-2', kind: 'retry', attempts: 1, dueAt: T0 } as never]),
      StorageError,
    );
    assert.deepEqual(ids((await store.pendingDeliveries(100)).filter((d) => d.rule === 'malformed')), ['ok-1', 'ok-2']);
    assert.equal(await store.settleDeliveries('m', [{ id: 'ok-1', kind: 'delivered' }, { id: 'ok-2', kind: 'delivered' }]), 2);
  });

  it('counters of a group commit that failed are dropped with it; the next commit counts only its own', async () => {
    const rule = 'rolled-back';
    // A limit SQLite refuses is a driver error, which fails the whole group commit it runs in.
    const results = await Promise.allSettled([
      accept(store, [delivery('rb-1', { rule })]),
      store.claimDeliveries('o', T0, T0 + 1, 'not a number' as unknown as number),
    ]);
    assert.deepEqual(results.map((r) => r.status), ['rejected', 'rejected']);
    assert.equal((await store.deliveryStats()).find((s) => s.rule === rule), undefined);
    assert.deepEqual(ids(await store.pendingDeliveries(100)).filter((id) => id.startsWith('rb-')), []);
    await accept(store, [delivery('rb-2', { rule })]);
    assert.deepEqual((await store.deliveryStats()).find((s) => s.rule === rule), stats({ rule, matched: 1, pending: 1 }));
    const [claimed] = await store.claimDeliveries('o', T0, T0 + 1, 10);
    assert.equal(await store.settleDeliveries('o', [{ id: claimed!.id, kind: 'delivered' }]), 1);
  });

  it('wakes listeners once per commit that added or freed deliveries, after the commit; a throwing listener harms nothing', async () => {
    const heard: (number | undefined)[] = [];
    const offThrowing = store.onDeliveries(() => {
      throw new Error('listener bug');
    });
    const off = store.onDeliveries(() => {
      // Called after the commit: the engine is free and the deliveries are visible.
      void store.nextDeliveryDue().then((due) => heard.push(due));
    });
    try {
      await Promise.all([accept(store, [delivery('w1', { rule: 'wake' })]), accept(store, [delivery('w2', { rule: 'wake' })])]);
      await accept(store, []);
      await new Promise(setImmediate);
      assert.deepEqual(heard, [T0]);
      const claimed = await store.claimDeliveries('w', T0, T0 + 10, 10);
      await store.settleDeliveries('w', claimed.filter((d) => d.id !== 'w2').map((d) => ({ id: d.id, kind: 'delivered' as const })));
      await new Promise(setImmediate);
      assert.equal(heard.length, 1, 'claims and deliveries settled as done free nothing');
      await store.settleDeliveries('w', [{ id: 'w2', kind: 'retry', attempts: 1, dueAt: T0 + 50, error: 'e' }]);
      await new Promise(setImmediate);
      assert.deepEqual(heard, [T0, T0 + 50]);
    } finally {
      off();
      offThrowing();
    }
    await accept(store, [delivery('w3', { rule: 'wake' })]);
    await new Promise(setImmediate);
    assert.equal(heard.length, 2, 'unsubscribed');
    const rest = await store.claimDeliveries('w', T0 + 50, T0 + 60, 10);
    await store.settleDeliveries('w', rest.map((d) => ({ id: d.id, kind: 'delivered' as const })));
  });
});

describe('SqliteBusStore deliveries across engines', () => {
  it('keeps deliveries, leases and counters across close and reopen; releaseAllLeases frees every lease', async () => {
    const path = freshPath();
    let engine = openSqliteEngine({ path });
    await accept(engine.bus, [delivery('k1'), delivery('k2'), delivery('k3')]);
    await engine.bus.claimDeliveries('node', T0, T0 + 60_000, 1);
    const settling = engine.bus.settleDeliveries('node', [{ id: 'k1', kind: 'retry', attempts: 1, dueAt: T0 + 5, error: 'e' }]);
    await engine.bus.claimDeliveries('node', T0, T0 + 60_000, 1);
    await engine.close();
    assert.equal(await settling, 1);
    engine = openSqliteEngine({ path });
    try {
      assert.deepEqual(ids(await engine.bus.claimDeliveries('other', T0 + 10, T0 + 20, 10)), ['k3', 'k1']);
      assert.deepEqual(await engine.bus.deliveryStats(), [stats({ matched: 3, pending: 3, retrying: 1 })]);
      let woke = 0;
      engine.bus.onDeliveries(() => woke++);
      assert.equal(await engine.bus.releaseAllLeases(), 3);
      await new Promise(setImmediate);
      assert.equal(woke, 1);
      assert.equal(await engine.bus.nextDeliveryDue(), T0);
      assert.deepEqual(ids(await engine.bus.claimDeliveries('fresh', T0 + 10, T0 + 20, 10)), ['k2', 'k3', 'k1']);
      assert.equal(await engine.bus.releaseAllLeases(), 3);
      assert.equal(await engine.bus.releaseAllLeases(), 0);
    } finally {
      await engine.close();
    }
  });

  it('two engines on one file claiming at once never hand one delivery to both', async () => {
    const path = freshPath();
    const one = openSqliteEngine({ path });
    const two = openSqliteEngine({ path });
    try {
      await accept(one.bus, Array.from({ length: 200 }, (_, i) => delivery(`race-${i}`, { dueAt: T0 + (i % 7) })));
      const claims: Promise<StoredDelivery[]>[] = [];
      for (let turn = 0; turn < 12; turn++) {
        claims.push(one.bus.claimDeliveries('one', T0 + 10, T0 + 1000, 9), two.bus.claimDeliveries('two', T0 + 10, T0 + 1000, 11));
        if (turn % 3 === 2) await new Promise(setImmediate);
      }
      const results = await Promise.all(claims);
      const byOne = results.filter((_, i) => i % 2 === 0).flatMap(ids);
      const byTwo = results.filter((_, i) => i % 2 === 1).flatMap(ids);
      assert.ok(byOne.length > 0 && byTwo.length > 0, 'both engines claimed');
      assert.equal(new Set([...byOne, ...byTwo]).size, 200, 'every delivery claimed exactly once');
      assert.equal(byOne.length + byTwo.length, 200);
      // The loser of a lease can settle none of it; after the leases expire the other engine takes them.
      assert.equal(await two.bus.settleDeliveries('two', byOne.map((id) => ({ id, kind: 'delivered' as const }))), 0);
      assert.deepEqual(await two.bus.claimDeliveries('two', T0 + 999, T0 + 2000, 500), []);
      const takenOver = await two.bus.claimDeliveries('two', T0 + 1000, T0 + 2000, 500);
      assert.equal(takenOver.length, 200);
      assert.equal(await one.bus.settleDeliveries('one', byOne.map((id) => ({ id, kind: 'delivered' as const }))), 0);
      assert.equal(await two.bus.settleDeliveries('two', takenOver.map((d) => ({ id: d.id, kind: 'delivered' as const }))), 200);
      assert.deepEqual(await one.bus.deliveryStats(), [stats({ matched: 200, delivered: 200 })]);
    } finally {
      await one.close();
      await two.close();
    }
  });
});
