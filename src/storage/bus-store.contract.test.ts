import { it } from 'node:test';
import assert from 'node:assert/strict';
import { describeStoreContract } from '../../test/helpers/store-contract.js';
import { openSqliteEngine } from './sqlite/sqlite-engine.js';
import { openPgPool } from './postgres/pg-pool.js';
import { applyPostgresMigrations } from './postgres/postgres-migrations.js';
import { PostgresBusDocuments, type BusDocumentStore } from './postgres/postgres-bus-documents.js';
import { StorageError } from './storage-errors.js';
import type { BusDocument, DocumentWrite } from './bus-store.js';
import { ServiceError } from '../shared/service-error.js';

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

// The document half of BusStore (bus-store.ts); the firing tests (which read deliveries back) stay in
// sqlite-bus-store.test.ts until PostgreSQL's bus deliveries exist.
describeStoreContract<BusDocumentStore>(
  'BusStore documents contract',
  {
    sqlite(path) {
      const engine = openSqliteEngine({ path });
      return { store: engine.bus, close: () => engine.close() };
    },
    async postgres(url) {
      const pool = await openPgPool({ url, size: 4 });
      await applyPostgresMigrations(pool);
      return { store: new PostgresBusDocuments(pool), close: () => pool.end() };
    },
  },
  ({ open, database }) => {
    it('creates at version 1, replaces with version + 1 and modifiedAt, deletes; decide sees the current document', async () => {
      const store = await open();
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
      const store = await open();
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
      const store = await open();
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
      const store = await open();
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
      const store = await open();
      for (const [scope, name] of [['b', 'z'], ['b', 'Z'], ['a', 'é'], ['a', 'e'], ['', 'x']] as const) {
        await store.writeDocument(put('rule', `list-${scope}`, name, { scope }));
      }
      const all = (await store.listDocuments('rule')).filter((d) => d.scope.startsWith('list-')).map((d) => `${d.scope}/${d.name}`);
      assert.deepEqual(all, ['list-/x', 'list-a/e', 'list-a/é', 'list-b/Z', 'list-b/z']);
      assert.deepEqual((await store.listDocuments('rule', 'list-b')).map((d) => d.name), ['Z', 'z']);
      assert.deepEqual(await store.listDocuments('rule', 'list-none'), []);
      assert.deepEqual(await store.listDocuments('api-destination'), []);
    });

    it('claimDocument leases when free, expired or already held; the lease survives a replace', async () => {
      const store = await open();
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
    it('two connections to one database claiming one document lease at once: exactly one holds it until it expires', async () => {
      const db = await database();
      const one = await open(db);
      const two = await open(db);
      const replays = Array.from({ length: 10 }, (_, i) => `replay-${i}`);
      for (const name of replays) await one.writeDocument(put('replay', '', name, { step: 0 }));
      const claim = (store: BusDocumentStore, owner: string, name: string, until: number, now: number) =>
        store.claimDocument('replay', '', name, owner, until, now);
      const races = await Promise.all(
        replays.map((name, i) =>
          i % 2 === 0
            ? Promise.all([claim(one, 'one', name, T0 + 1000, T0), claim(two, 'two', name, T0 + 1000, T0)])
            : Promise.all([claim(two, 'two', name, T0 + 1000, T0), claim(one, 'one', name, T0 + 1000, T0)]).then(([b, a]) => [a, b]),
        ),
      );
      for (const [a, b] of races) assert.notEqual(a, b, 'exactly one of two claims wins');
      const owners = (await two.listDocuments('replay')).map((d) => d.owner);
      assert.deepEqual(owners, races.map(([a]) => (a ? 'one' : 'two')));
      const holder = owners[0] === 'one' ? one : two;
      const other = holder === one ? two : one;
      const otherName = holder === one ? 'two' : 'one';
      assert.equal(await claim(other, otherName, 'replay-0', T0 + 2000, T0 + 999), false);
      assert.equal(await claim(other, otherName, 'replay-0', T0 + 2000, T0 + 1000), true);
      assert.equal(await claim(holder, owners[0]!, 'replay-0', T0 + 3000, T0 + 1500), false);
    });

    it('concurrent writes of one document from two connections serialise, also its first write; touches all count', async () => {
      const db = await database();
      const one = await open(db);
      const two = await open(db);
      await one.writeDocument(put('bus', '', 'app', { tags: {} }));
      const touch = { kind: 'bus', scope: '', name: 'app' } as const;
      const bump = (store: BusDocumentStore, i: number) =>
        store.writeDocument<{ n: number }, number>({
          kind: 'rule',
          scope: 'app',
          name: 'counted',
          now: T0 + i,
          touch,
          decide: (current) => ({ definition: { n: (current?.definition.n ?? 0) + 1 }, result: current?.version ?? 0 }),
        });
      const seen = await Promise.all(Array.from({ length: 20 }, (_, i) => bump(i % 2 === 0 ? one : two, i)));
      assert.deepEqual([...seen].sort((a, b) => a - b), Array.from({ length: 20 }, (_, i) => i), 'each write saw the one before');
      const rule = (await two.getDocument<{ n: number }>('rule', 'app', 'counted'))!;
      assert.deepEqual([rule.definition.n, rule.version], [20, 20]);
      assert.equal((await one.documentVersion('bus', '', 'app'))!.version, 21);
    });
  },
);
