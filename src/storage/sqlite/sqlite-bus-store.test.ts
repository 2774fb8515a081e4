import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openSqliteEngine, type SqliteEngine } from './sqlite-engine.js';
import type { BusDocument, BusStore, DocumentWrite, NewDelivery } from '../bus-store.js';
import { tempDir } from './fixtures/temp-dir.js';

const dir = tempDir();
let counter = 0;
const freshPath = () => join(dir, `bus-${++counter}`, 'eddy.db');
const T0 = 1_700_000_000_000;

/** A write that puts `definition` (null deletes) and returns what decide saw. */
function put<D>(
  kind: 'bus' | 'rule' | 'replay',
  scope: string,
  name: string,
  definition: D | null,
  more: { now?: number; dueAt?: number | null; touch?: DocumentWrite<D, unknown>['touch'] } = {},
): DocumentWrite<D, BusDocument<D> | undefined> {
  return {
    kind,
    scope,
    name,
    now: more.now ?? T0,
    ...(more.touch && { touch: more.touch }),
    decide: (current) => ({ definition, ...(more.dueAt !== undefined && { dueAt: more.dueAt }), result: current }),
  };
}

function delivery(id: string, more: Partial<NewDelivery> = {}): NewDelivery {
  return { id, bus: 'app', rule: 'r', targetId: 't', eventId: `e-${id}`, payload: `{"n":"${id}"}`, target: { Arn: 'arn:q' }, acceptedAt: T0, dueAt: T0, ...more };
}

const BUS = { kind: 'bus', scope: '', name: 'app' } as const;

// The document contract itself (writes, touches, dueAt, lists, leases, racing connections) is in
// ../bus-store.contract.test.ts, on both engines; what stays here reads deliveries or reopens a file.
describe('SqliteBusStore documents', () => {
  let engine: SqliteEngine;
  let store: BusStore;
  before(() => {
    engine = openSqliteEngine({ path: freshPath() });
    store = engine.bus;
  });
  after(() => engine.close());

  it('fireDue takes a firing once, only at the expected dueAt, and stores its deliveries only then', async () => {
    await store.writeDocument(put('rule', 'app', 'every-minute', { schedule: 'rate(1 minute)' }, { dueAt: T0 + 60_000 }));
    const firing = (id: string, expectedDueAt: number, nextDueAt: number | null) => ({
      kind: 'rule' as const, scope: 'app', name: 'every-minute', expectedDueAt, nextDueAt,
      accepted: { deliveries: [delivery(id, { rule: 'every-minute' })], archived: [], now: expectedDueAt },
    });
    assert.equal(await store.fireDue(firing('f-wrong', T0, T0 + 60_000)), false);
    assert.equal(await store.fireDue(firing('f-1', T0 + 60_000, T0 + 120_000)), true);
    assert.equal(await store.fireDue(firing('f-again', T0 + 60_000, T0 + 120_000)), false);
    const rule = (await store.getDocument('rule', 'app', 'every-minute'))!;
    assert.equal(rule.dueAt, T0 + 120_000);
    assert.equal(rule.version, 1, 'a firing is not a write of the definition');
    assert.equal(await store.fireDue(firing('f-2', T0 + 120_000, null)), true);
    assert.equal('dueAt' in (await store.getDocument('rule', 'app', 'every-minute'))!, false);
    assert.equal(await store.fireDue({ ...firing('f-missing', T0, null), name: 'no-such-rule' }), false);
    const ids = (await store.pendingDeliveries(100, 'app')).map((d) => d.id).filter((id) => id.startsWith('f-'));
    assert.deepEqual(ids, ['f-1', 'f-2']);
  });
});

describe('SqliteBusStore documents across engines', () => {
  it('keeps documents, versions, dueAt and leases across close and reopen, including a write not yet awaited', async () => {
    const path = freshPath();
    let engine = openSqliteEngine({ path });
    await engine.bus.writeDocument(put('bus', '', 'app', { tags: { a: 'b' } }, { now: T0 }));
    await engine.bus.writeDocument(put('replay', '', 'r', { s: 1 }, { dueAt: T0 + 5 }));
    await engine.bus.claimDocument('replay', '', 'r', 'node-1', T0 + 1000, T0);
    const pending = engine.bus.writeDocument(put('rule', 'app', 'r', { p: 1 }, { now: T0 + 1, touch: BUS }));
    await engine.close();
    assert.equal(await pending, undefined);
    engine = openSqliteEngine({ path });
    try {
      assert.equal((await engine.bus.getDocument('bus', '', 'app'))!.version, 2);
      assert.deepEqual(await engine.bus.getDocument('rule', 'app', 'r'), {
        kind: 'rule', scope: 'app', name: 'r', definition: { p: 1 }, version: 1, createdAt: T0 + 1, modifiedAt: T0 + 1,
      });
      const replay = (await engine.bus.getDocument('replay', '', 'r'))!;
      assert.deepEqual([replay.dueAt, replay.owner, replay.leaseUntil], [T0 + 5, 'node-1', T0 + 1000]);
      assert.equal(await engine.bus.releaseAllLeases(), 1);
      assert.equal((await engine.bus.getDocument('replay', '', 'r'))!.owner, undefined);
    } finally {
      await engine.close();
    }
  });

  it('two engines on one file racing for the same firings: each is taken exactly once, its deliveries stored once', async () => {
    const path = freshPath();
    const one = openSqliteEngine({ path });
    const two = openSqliteEngine({ path });
    try {
      const rules = Array.from({ length: 30 }, (_, i) => `rule-${i}`);
      for (const name of rules) await one.bus.writeDocument(put('rule', 'app', name, { s: 1 }, { dueAt: T0 }));
      const fire = (engine: SqliteEngine, who: string, name: string) =>
        engine.bus.fireDue({
          kind: 'rule', scope: 'app', name, expectedDueAt: T0, nextDueAt: T0 + 60_000,
          accepted: { deliveries: [delivery(`${name}-${who}`, { rule: name })], archived: [], now: T0 },
        });
      // Each engine commits its calls of one turn together: in the first turn one fires the even rules
      // and two the odd ones, in the next each fires the others, so both engines win and lose races.
      const first = rules.map((name, i) => (i % 2 === 0 ? fire(one, 'one', name) : fire(two, 'two', name)));
      await new Promise(setImmediate);
      const second = rules.map((name, i) => (i % 2 === 0 ? fire(two, 'two', name) : fire(one, 'one', name)));
      const [won, lost] = await Promise.all([Promise.all(first), Promise.all(second)]);
      assert.deepEqual(won, rules.map(() => true));
      assert.deepEqual(lost, rules.map(() => false));
      const pending = (await two.bus.pendingDeliveries(1000)).map((d) => d.id).sort();
      assert.deepEqual(pending, rules.map((name, i) => `${name}-${i % 2 === 0 ? 'one' : 'two'}`).sort());
      assert.equal(await one.bus.nextDue('rule'), T0 + 60_000);
      // A firing's archive entries are stored with its deliveries, only by the call that took it.
      const archived = (who: string) => ({ archive: 'fired', eventId: who, eventTime: T0, json: `{"by":"${who}"}` });
      const withArchive = (engine: SqliteEngine, who: string) =>
        engine.bus.fireDue({
          kind: 'rule', scope: 'app', name: 'rule-0', expectedDueAt: T0 + 60_000, nextDueAt: T0 + 120_000,
          accepted: { deliveries: [], archived: [archived(who)], now: T0 },
        });
      assert.deepEqual(await Promise.all([withArchive(two, 'two'), withArchive(one, 'one')]), [true, false]);
      assert.deepEqual((await one.bus.readArchive({ archive: 'fired', from: T0, to: T0, limit: 10 })).map((e) => e.eventId), ['two']);
      assert.equal((await one.bus.archiveStats('fired')).eventCount, 1);
      assert.deepEqual((await one.bus.deliveryStats('app')).map((s) => s.matched), rules.map(() => 1).sort());
    } finally {
      await one.close();
      await two.close();
    }
  });

});
