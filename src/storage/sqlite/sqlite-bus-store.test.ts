import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openSqliteEngine, type SqliteEngine } from './sqlite-engine.js';
import { StorageError } from './sqlite-errors.js';
import type { BusDocument, BusStore, DocumentWrite, NewDelivery } from '../bus-store.js';
import { ServiceError } from '../../shared/service-error.js';
import { tempDir } from './fixtures/temp-dir.js';

const dir = tempDir();
let counter = 0;
const freshPath = () => join(dir, `bus-${++counter}`, 'eddy.db');
const T0 = 1_700_000_000_000;

interface Rule {
  readonly pattern: string;
}

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

describe('SqliteBusStore documents', () => {
  let engine: SqliteEngine;
  let store: BusStore;
  before(() => {
    engine = openSqliteEngine({ path: freshPath() });
    store = engine.bus;
  });
  after(() => engine.close());

  it('creates at version 1, replaces with version + 1 and modifiedAt, deletes; decide sees the current document', async () => {
    assert.equal(await store.writeDocument(put('rule', 'app', 'r1', { pattern: 'a' }, { now: T0 })), undefined);
    const created = { kind: 'rule', scope: 'app', name: 'r1', definition: { pattern: 'a' }, version: 1, createdAt: T0, modifiedAt: T0 };
    assert.deepEqual(await store.getDocument('rule', 'app', 'r1'), created);
    assert.deepEqual(await store.writeDocument(put('rule', 'app', 'r1', { pattern: 'b' }, { now: T0 + 5 })), created);
    const replaced = { ...created, definition: { pattern: 'b' }, version: 2, modifiedAt: T0 + 5 };
    assert.deepEqual(await store.getDocument('rule', 'app', 'r1'), replaced);
    assert.deepEqual(await store.writeDocument(put('rule', 'app', 'r1', null)), replaced);
    assert.equal(await store.getDocument('rule', 'app', 'r1'), undefined);
    // Deleting what is absent is a no-op; re-creating starts over at version 1.
    assert.equal(await store.writeDocument(put('rule', 'app', 'r1', null)), undefined);
    await store.writeDocument(put('rule', 'app', 'r1', { pattern: 'c' }, { now: T0 + 9 }));
    assert.deepEqual(await store.getDocument('rule', 'app', 'r1'), { ...created, definition: { pattern: 'c' }, createdAt: T0 + 9, modifiedAt: T0 + 9 });
    assert.equal(await store.getDocument('rule', 'other', 'r1'), undefined);
    assert.equal(await store.getDocument('bus', 'app', 'r1'), undefined);
  });

  it('a decide that throws writes nothing, the touch included, and rejects with what it threw', async () => {
    await store.writeDocument(put('bus', '', 'thrown', { d: 1 }));
    await store.writeDocument(put('rule', 'thrown', 'kept', { pattern: 'x' }));
    const error = new ServiceError('ResourceNotFoundException', 'Rule kept does not exist.');
    const write: DocumentWrite<Rule, void> = {
      kind: 'rule',
      scope: 'thrown',
      name: 'kept',
      now: T0 + 1,
      touch: { kind: 'bus', scope: '', name: 'thrown' },
      decide: () => {
        throw error;
      },
    };
    await assert.rejects(store.writeDocument(write), (thrown) => thrown === error);
    assert.equal((await store.getDocument('rule', 'thrown', 'kept'))!.version, 1);
    assert.equal((await store.getDocument('bus', '', 'thrown'))!.version, 1);
    // A definition that is not JSON and a fractional dueAt are refused before anything is written.
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    await assert.rejects(store.writeDocument(put('rule', 'thrown', 'kept', circular, { touch: { kind: 'bus', scope: '', name: 'thrown' } })), TypeError);
    await assert.rejects(store.writeDocument(put('rule', 'thrown', 'new', { p: 1 }, { dueAt: 1.5 })), StorageError);
    assert.equal(await store.getDocument('rule', 'thrown', 'new'), undefined);
    assert.equal((await store.getDocument('bus', '', 'thrown'))!.version, 1);
  });

  it("touch increments the touched document's version only, in the same write; a missing one is skipped", async () => {
    await store.writeDocument(put('bus', '', 'app', { tags: {} }, { now: T0 }));
    const touch = { kind: 'bus', scope: '', name: 'app' } as const;
    await store.writeDocument(put('rule', 'app', 't1', { pattern: 'a' }, { now: T0 + 1, touch }));
    await store.writeDocument(put('rule', 'app', 't2', { pattern: 'a' }, { now: T0 + 2, touch }));
    await store.writeDocument(put('rule', 'app', 't1', null, { touch }));
    assert.deepEqual(await store.getDocument('bus', '', 'app'), {
      kind: 'bus', scope: '', name: 'app', definition: { tags: {} }, version: 4, createdAt: T0, modifiedAt: T0,
    });
    // Deleting an absent rule touches nothing; a touch of a missing bus creates nothing.
    await store.writeDocument(put('rule', 'app', 'never', null, { touch }));
    assert.equal((await store.getDocument('bus', '', 'app'))!.version, 4);
    await store.writeDocument(put('rule', 'ghost-bus', 'r', { pattern: 'a' }, { touch: { kind: 'bus', scope: '', name: 'ghost-bus' } }));
    assert.equal(await store.getDocument('bus', '', 'ghost-bus'), undefined);
    // documentVersion: the version and creation time alone, as touches leave them.
    assert.deepEqual(await store.documentVersion('bus', '', 'app'), { version: 4, createdAt: T0 });
    await store.writeDocument(put('rule', 'app', 't3', { pattern: 'a' }, { touch }));
    assert.deepEqual(await store.documentVersion('bus', '', 'app'), { version: 5, createdAt: T0 });
    assert.equal(await store.documentVersion('bus', '', 'ghost-bus'), undefined);
  });

  it('dueAt: set, kept when undefined, cleared by null; due documents oldest first, and nextDue', async () => {
    await store.writeDocument(put('replay', '', 'late', { n: 1 }, { dueAt: T0 + 300 }));
    await store.writeDocument(put('replay', '', 'early', { n: 1 }, { dueAt: T0 + 100 }));
    await store.writeDocument(put('replay', '', 'none', { n: 1 }));
    await store.writeDocument(put('rule', 'app', 'other-kind', { n: 1 }, { dueAt: T0 }));
    assert.equal(await store.nextDue('replay'), T0 + 100);
    await store.writeDocument(put('replay', '', 'early', { n: 2 })); // keeps T0 + 100
    assert.equal((await store.getDocument('replay', '', 'early'))!.dueAt, T0 + 100);
    const names = async (now: number, limit = 10) => (await store.dueDocuments('replay', now, limit)).map((d) => d.name);
    assert.deepEqual(await names(T0 + 99), []);
    assert.deepEqual(await names(T0 + 100), ['early']);
    assert.deepEqual(await names(T0 + 1000), ['early', 'late']);
    assert.deepEqual(await names(T0 + 1000, 1), ['early']);
    await store.writeDocument(put('replay', '', 'early', { n: 3 }, { dueAt: null }));
    assert.equal('dueAt' in (await store.getDocument('replay', '', 'early'))!, false);
    assert.deepEqual(await names(T0 + 1000), ['late']);
    assert.equal(await store.nextDue('replay'), T0 + 300);
    await store.writeDocument(put('replay', '', 'late', null));
    assert.equal(await store.nextDue('replay'), undefined);
    assert.equal(await store.nextDue('connection'), undefined);
  });

  it('lists one kind in one scope or in all, by scope then name byte-wise', async () => {
    for (const [scope, name] of [['b', 'z'], ['b', 'Z'], ['a', 'é'], ['a', 'e'], ['', 'x']] as const) {
      await store.writeDocument(put('rule', `list-${scope}`, name, { scope }));
    }
    const all = (await store.listDocuments('rule')).filter((d) => d.scope.startsWith('list-')).map((d) => `${d.scope}/${d.name}`);
    assert.deepEqual(all, ['list-/x', 'list-a/e', 'list-a/é', 'list-b/Z', 'list-b/z']);
    assert.deepEqual((await store.listDocuments('rule', 'list-b')).map((d) => d.name), ['Z', 'z']);
    assert.deepEqual(await store.listDocuments('rule', 'list-none'), []);
    assert.deepEqual(await store.listDocuments('api-destination'), []);
  });

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

  it('claimDocument leases when free, expired or already held; the lease survives a replace', async () => {
    await store.writeDocument(put('replay', '', 'job', { step: 0 }));
    const claim = (owner: string, until: number, now: number) => store.claimDocument('replay', '', 'job', owner, until, now);
    assert.equal(await claim('a', T0 + 1000, T0), true);
    assert.equal(await claim('b', T0 + 2000, T0 + 999), false);
    assert.equal(await claim('a', T0 + 3000, T0 + 999), true); // renewal
    await store.writeDocument(put('replay', '', 'job', { step: 1 }));
    const held = (await store.getDocument('replay', '', 'job'))!;
    assert.deepEqual([held.owner, held.leaseUntil, held.version], ['a', T0 + 3000, 2]);
    assert.equal(await claim('b', T0 + 4000, T0 + 3000), true); // expired at now
    assert.equal(await claim('a', T0 + 5000, T0 + 3001), false);
    assert.equal(await claim('b', T0 + 3001, T0 + 3001), true); // the holder lets it go
    assert.equal(await claim('a', T0 + 5000, T0 + 3001), true);
    assert.equal(await store.claimDocument('replay', '', 'missing', 'a', T0 + 1, T0), false);
    assert.equal((await store.getDocument('replay', '', 'job'))!.version, 2, 'leases are not writes of the definition');
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

  it('two engines on one file claiming one document lease: one holds it until it expires', async () => {
    const path = freshPath();
    const one = openSqliteEngine({ path });
    const two = openSqliteEngine({ path });
    try {
      const replays = Array.from({ length: 10 }, (_, i) => `replay-${i}`);
      for (const name of replays) await one.bus.writeDocument(put('replay', '', name, { step: 0 }));
      const claim = (engine: SqliteEngine, owner: string, name: string, until: number, now: number) =>
        engine.bus.claimDocument('replay', '', name, owner, until, now);
      const first = replays.map((name, i) => (i % 2 === 0 ? claim(one, 'one', name, T0 + 1000, T0) : claim(two, 'two', name, T0 + 1000, T0)));
      await new Promise(setImmediate);
      const second = replays.map((name, i) => (i % 2 === 0 ? claim(two, 'two', name, T0 + 1000, T0) : claim(one, 'one', name, T0 + 1000, T0)));
      assert.deepEqual(await Promise.all(first), replays.map(() => true));
      assert.deepEqual(await Promise.all(second), replays.map(() => false));
      const owners = (await two.bus.listDocuments('replay')).map((d) => d.owner);
      assert.deepEqual(owners, replays.map((_, i) => (i % 2 === 0 ? 'one' : 'two')));
      assert.equal(await claim(two, 'two', 'replay-0', T0 + 2000, T0 + 999), false);
      assert.equal(await claim(two, 'two', 'replay-0', T0 + 2000, T0 + 1000), true);
      assert.equal(await claim(one, 'one', 'replay-0', T0 + 3000, T0 + 1500), false);
    } finally {
      await one.close();
      await two.close();
    }
  });
});
