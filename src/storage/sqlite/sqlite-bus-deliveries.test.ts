import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openSqliteEngine, type SqliteEngine } from './sqlite-engine.js';
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

// The contract (accept, claim, settle, counters, archives, firings, two connections racing) is in
// ../bus-deliveries.contract.test.ts, on both engines; what stays here is SQLite's own (group commits, reopening).
describe('SqliteBusStore deliveries', () => {
  let engine: SqliteEngine;
  let store: BusStore;
  before(() => {
    engine = openSqliteEngine({ path: freshPath() });
    store = engine.bus;
  });
  after(() => engine.close());

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

});
