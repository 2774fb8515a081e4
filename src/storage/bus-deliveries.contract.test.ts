import { it } from 'node:test';
import assert from 'node:assert/strict';
import { describeStoreContract } from '../../test/helpers/store-contract.js';
import { openSqliteEngine } from './sqlite/sqlite-engine.js';
import { openPgPool } from './postgres/pg-pool.js';
import { applyPostgresMigrations } from './postgres/postgres-migrations.js';
import { PostgresBusStore } from './postgres/postgres-bus-store.js';
import { StorageError } from './storage-errors.js';
import type { ArchivedEvent, BusStore, NewDelivery, StoredDelivery, TargetStats } from './bus-store.js';

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
const event = (archive: string, eventId: string, eventTime: number, json = `{"id":"${eventId}"}`): ArchivedEvent => ({ archive, eventId, eventTime, json });
/** A write that puts `definition` with a due time. */
const putDue = <D>(kind: 'rule', scope: string, name: string, definition: D, dueAt: number) =>
  ({ kind, scope, name, now: T0, decide: () => ({ definition, dueAt, result: undefined }) }) as const;
const archiveAll = (store: BusStore, archived: ArchivedEvent[], now = T0) => store.acceptEvents({ deliveries: [], archived, now });

// The deliveries, firings and archives half of BusStore (bus-store.ts), moved from SQLite's
// sqlite-bus-deliveries, sqlite-bus-archive and sqlite-bus-store tests; what stays there is SQLite's own
// (group commits, reopening a file).
describeStoreContract<BusStore>(
  'BusStore deliveries and archives contract',
  {
    sqlite(path) {
      const engine = openSqliteEngine({ path });
      return { store: engine.bus, close: () => engine.close() };
    },
    async postgres(url) {
      const pool = await openPgPool({ url, size: 4 });
      await applyPostgresMigrations(pool);
      return { store: new PostgresBusStore(pool), close: () => pool.end() };
    },
  },
  ({ open, database }) => {
    it('stores accepted deliveries as given, counts them matched and pending per target, pending in due order', async () => {
      const store = await open();
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
      const store = await open();
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
      assert.deepEqual((await store.deliveryStats()).find((s) => s.rule === 'r'), stats({ matched: 4, delivered: 4 }));
      assert.deepEqual(await store.claimDeliveries('a', T0 + 1000, T0 + 2000, 0), []);
    });

    it('renews only the leases its owner still holds: a renewed one holds against other owners until its new end', async () => {
      const store = await open();
      await accept(store, [delivery('held'), delivery('settled'), delivery('lost')]);
      assert.deepEqual(ids(await store.claimDeliveries('a', T0, T0 + 100, 10)), ['held', 'settled', 'lost']);
      assert.equal(await store.settleDeliveries('a', [{ id: 'settled', kind: 'retry', attempts: 1, dueAt: T0 + 50, error: 'x' }]), 1);
      assert.equal(await store.renewDeliveryLeases('a', ['lost'], T0 + 90), 1);
      assert.deepEqual(ids(await store.claimDeliveries('b', T0 + 90, T0 + 1000, 10)), ['lost', 'settled'], "a's lease of 'lost' ran out at its renewed end");
      assert.equal(await store.renewDeliveryLeases('a', ['held', 'settled', 'lost', 'gone'], T0 + 500), 1, 'only held is still a\'s');
      assert.equal(await store.renewDeliveryLeases('a', [], T0 + 500), 0);
      assert.equal(await store.nextDeliveryDue(), T0 + 500);
      assert.deepEqual(ids(await store.claimDeliveries('b', T0 + 499, T0 + 1000, 10)), [], 'held by a until T0 + 500');
      assert.deepEqual(ids(await store.claimDeliveries('b', T0 + 500, T0 + 1000, 10)), ['held']);
    });

    it('settles each kind once, only for the holder; retry releases with attempts, due time and last error', async () => {
      const store = await open();
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
      const store = await open();
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

    it('reads one archive in (event time, event id) order within [from, to], after a cursor, at most limit', async () => {
      const store = await open();
      await archiveAll(store, [event('a', 'b', 20), event('a', 'a', 20), event('a', 'z', 10), event('a', 'é', 20), event('a', 'B', 20), event('a', 'late', 30)]);
      await archiveAll(store, [event('other', 'x', 20)], T0 + 7);
      const read = async (more: { from?: number; to?: number; after?: { eventTime: number; eventId: string }; limit?: number }) =>
        (await store.readArchive({ archive: 'a', from: 0, to: 100, limit: 100, ...more })).map((e) => `${e.eventTime}/${e.eventId}`);
      assert.deepEqual(await read({}), ['10/z', '20/B', '20/a', '20/b', '20/é', '30/late']);
      assert.deepEqual(await read({ from: 20, to: 20 }), ['20/B', '20/a', '20/b', '20/é']);
      assert.deepEqual(await read({ from: 11, to: 29, limit: 2 }), ['20/B', '20/a']);
      assert.deepEqual(await read({ after: { eventTime: 20, eventId: 'a' } }), ['20/b', '20/é', '30/late']);
      assert.deepEqual(await read({ after: { eventTime: 20, eventId: 'a' }, to: 20 }), ['20/b', '20/é']);
      assert.deepEqual(await read({ after: { eventTime: 5, eventId: 'zzz' }, from: 15 }), ['20/B', '20/a', '20/b', '20/é', '30/late']);
      assert.deepEqual(await read({ after: { eventTime: 30, eventId: 'late' } }), []);
      assert.deepEqual(await read({ from: 31 }), []);
      assert.deepEqual(await read({ from: 30, to: 10 }), []);
      assert.deepEqual(await read({ limit: 0 }), []);
      assert.deepEqual(await store.readArchive({ archive: 'other', from: 0, to: 100, limit: 10 }), [
        { archive: 'other', eventId: 'x', eventTime: 20, json: '{"id":"x"}', archivedAt: T0 + 7 },
      ]);
    });

    it('counts events and UTF-8 bytes; an event archived twice is kept and counted once; trim and clear keep the stats right', async () => {
      const store = await open();
      const json = '{"detail":"é€😀"}'; // 1 + 2 + 3 + 4 bytes beyond ASCII
      await archiveAll(store, [event('s', 'e1', 100, json), event('s', 'e2', 200), event('s', 'e1', 100, json)]);
      await archiveAll(store, [event('s', 'e2', 200), event('s', 'e3', 300)]);
      const bytes = Buffer.byteLength(json) + '{"id":"e2"}'.length + '{"id":"e3"}'.length;
      assert.equal(Buffer.byteLength(json), json.length + 1 + 2 + 2); // é: 2 bytes/1 unit, €: 3/1, 😀: 4/2
      assert.deepEqual(await store.archiveStats('s'), { eventCount: 3, sizeBytes: bytes });
      assert.equal(await store.trimArchive('s', 200), 1);
      assert.deepEqual(await store.archiveStats('s'), { eventCount: 2, sizeBytes: bytes - Buffer.byteLength(json) });
      assert.equal(await store.trimArchive('s', 200), 0);
      assert.deepEqual((await store.readArchive({ archive: 's', from: 0, to: 1000, limit: 10 })).map((e) => e.eventId), ['e2', 'e3']);
      await store.clearArchive('s');
      assert.deepEqual(await store.archiveStats('s'), { eventCount: 0, sizeBytes: 0 });
      assert.deepEqual(await store.readArchive({ archive: 's', from: 0, to: 1000, limit: 10 }), []);
      await archiveAll(store, [event('s', 'again', 5)]);
      assert.deepEqual(await store.archiveStats('s'), { eventCount: 1, sizeBytes: '{"id":"again"}'.length });
      assert.deepEqual(await store.archiveStats('never'), { eventCount: 0, sizeBytes: 0 });
      assert.equal(await store.trimArchive('never', T0), 0);
      await store.clearArchive('never');
    });

    it('stores deliveries and archive entries of one call together: a malformed entry rejects the call with neither written', async () => {
      const store = await open();
      const delivery = { id: 'with-archive', bus: 'app', rule: 'r', targetId: 't', eventId: 'e', payload: '{}', target: {}, acceptedAt: T0, dueAt: T0 };
      const bad = { ...event('together', 'bad', 1), json: undefined } as unknown as ArchivedEvent;
      await assert.rejects(store.acceptEvents({ deliveries: [delivery], archived: [event('together', 'ok', 1), bad], now: T0 }), StorageError);
      await assert.rejects(store.acceptEvents({ deliveries: [delivery], archived: [event('together', 'ok', 1.5)], now: T0 }), StorageError);
      assert.deepEqual(await store.pendingDeliveries(10), []);
      assert.deepEqual(await store.archiveStats('together'), { eventCount: 0, sizeBytes: 0 });
      await store.acceptEvents({ deliveries: [delivery], archived: [event('together', 'ok', 1)], now: T0 });
      assert.deepEqual((await store.pendingDeliveries(10)).map((d) => d.id), ['with-archive']);
      assert.deepEqual(await store.archiveStats('together'), { eventCount: 1, sizeBytes: '{"id":"ok"}'.length });
    });

    it('fireDue takes a firing once, only at the expected dueAt, and stores its deliveries only then', async () => {
      const store = await open();
      await store.writeDocument(putDue('rule', 'app', 'every-minute', { schedule: 'rate(1 minute)' }, T0 + 60_000));
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

    it('two connections to one database claiming at once never hand one delivery to both', async () => {
      const db = await database();
      const one = await open(db);
      const two = await open(db);
      {
        await accept(one, Array.from({ length: 200 }, (_, i) => delivery(`race-${i}`, { dueAt: T0 + (i % 7) })));
        const claims: Promise<StoredDelivery[]>[] = [];
        for (let turn = 0; turn < 12; turn++) {
          claims.push(one.claimDeliveries('one', T0 + 10, T0 + 1000, 9), two.claimDeliveries('two', T0 + 10, T0 + 1000, 11));
          if (turn % 3 === 2) await new Promise(setImmediate);
        }
        const results = await Promise.all(claims);
        const byOne = results.filter((_, i) => i % 2 === 0).flatMap(ids);
        const byTwo = results.filter((_, i) => i % 2 === 1).flatMap(ids);
        assert.ok(byOne.length > 0 && byTwo.length > 0, 'both engines claimed');
        assert.equal(new Set([...byOne, ...byTwo]).size, 200, 'every delivery claimed exactly once');
        assert.equal(byOne.length + byTwo.length, 200);
        // The loser of a lease can settle none of it; after the leases expire the other engine takes them.
        assert.equal(await two.settleDeliveries('two', byOne.map((id) => ({ id, kind: 'delivered' as const }))), 0);
        assert.deepEqual(await two.claimDeliveries('two', T0 + 999, T0 + 2000, 500), []);
        const takenOver = await two.claimDeliveries('two', T0 + 1000, T0 + 2000, 500);
        assert.equal(takenOver.length, 200);
        assert.equal(await one.settleDeliveries('one', byOne.map((id) => ({ id, kind: 'delivered' as const }))), 0);
        assert.equal(await two.settleDeliveries('two', takenOver.map((d) => ({ id: d.id, kind: 'delivered' as const }))), 200);
        assert.deepEqual(await one.deliveryStats(), [stats({ matched: 200, delivered: 200 })]);
      }
    });

    it('onDeliveries hears commits that add or free deliveries, after they are visible; releaseAllLeases frees every lease', async () => {
      const store = await open();
      const seen: string[][] = [];
      let waiting: (() => void) | undefined;
      const heard = () => new Promise<void>((resolve) => (waiting = resolve));
      const unsubscribe = store.onDeliveries(() => {
        void store.pendingDeliveries(10).then((pending) => {
          seen.push(ids(pending));
          waiting?.();
        });
      });
      let next = heard();
      await accept(store, [delivery('w1')]);
      await next;
      assert.deepEqual(seen, [['w1']], 'the listener saw the delivery committed');
      await store.claimDeliveries('a', T0, T0 + 100, 10);
      next = heard();
      assert.equal(await store.settleDeliveries('a', [{ id: 'w1', kind: 'retry', attempts: 1, dueAt: T0 + 5, error: 'e' }]), 1);
      await next;
      assert.equal(seen.length, 2, 'a retry wakes');
      await store.writeDocument({ kind: 'replay', scope: '', name: 'job', now: T0, decide: () => ({ definition: {}, result: undefined }) });
      assert.equal(await store.claimDocument('replay', '', 'job', 'a', T0 + 100, T0), true);
      await store.claimDeliveries('a', T0 + 5, T0 + 100, 10);
      next = heard();
      assert.equal(await store.releaseAllLeases(), 2);
      await next;
      assert.equal(seen.length, 3, 'releasing delivery leases wakes');
      assert.equal((await store.getDocument('replay', '', 'job'))!.owner, undefined);
      assert.deepEqual(ids(await store.claimDeliveries('b', T0 + 5, T0 + 100, 10)), ['w1'], 'free again for anyone');
      assert.equal(await store.settleDeliveries('b', [{ id: 'w1', kind: 'delivered' }]), 1);
      unsubscribe();
      await accept(store, [delivery('w2')]);
      assert.equal(seen.length, 3, 'an unsubscribed listener hears nothing');
    });
  },
);
