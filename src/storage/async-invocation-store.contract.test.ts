import { it } from 'node:test';
import assert from 'node:assert/strict';
import { describeStoreContract } from '../../test/helpers/store-contract.js';
import { openSqliteEngine } from './sqlite/sqlite-engine.js';
import { openPgPool } from './postgres/pg-pool.js';
import { applyPostgresMigrations } from './postgres/postgres-migrations.js';
import { PostgresAsyncInvocationStore } from './postgres/postgres-async-invocation-store.js';
import type { AsyncInvocationStore, StoredAsyncInvocation } from './async-invocation-store.js';

const T0 = 1_893_456_000_000;

const event = (requestId: string, fields: Partial<StoredAsyncInvocation> = {}): StoredAsyncInvocation => ({
  requestId,
  functionName: 'fn',
  payload: `{"id":"${requestId}"}`,
  receivedAt: T0,
  attempts: 0,
  dueAt: T0,
  ...fields,
});

const QUEUE = 'arn:aws:sqs:us-east-1:000000000000:destination';

describeStoreContract<AsyncInvocationStore>(
  'AsyncInvocationStore contract',
  {
    sqlite(path) {
      const engine = openSqliteEngine({ path });
      return { store: engine.asyncInvocations, close: () => engine.close() };
    },
    async postgres(url) {
      const pool = await openPgPool({ url, size: 4 });
      await applyPostgresMigrations(pool);
      return { store: new PostgresAsyncInvocationStore(pool), close: () => pool.end() };
    },
  },
  ({ open, database }) => {
    it('keeps an accepted event as it was given, a qualifier only when there is one', async () => {
      const store = await open();
      assert.deepEqual(await store.pendingInvocations(), []);
      const payload = '{"z":1,"a":"ü\\u0000","n":1.50}';
      await store.addInvocation(event('plain', { payload }));
      await store.addInvocation(event('qualified', { qualifier: 'live', receivedAt: T0 + 1, dueAt: T0 + 1 }));
      assert.deepEqual(await store.pendingInvocations(), [
        { requestId: 'plain', functionName: 'fn', payload, receivedAt: T0, attempts: 0, dueAt: T0 },
        { requestId: 'qualified', functionName: 'fn', qualifier: 'live', payload: '{"id":"qualified"}', receivedAt: T0 + 1, attempts: 0, dueAt: T0 + 1 },
      ]);
    });

    it('answers pending events oldest due first, by acceptance when due together', async () => {
      const store = await open();
      await store.addInvocation(event('late', { dueAt: T0 + 300 }));
      await store.addInvocation(event('second', { receivedAt: T0 + 20, dueAt: T0 + 100 }));
      await store.addInvocation(event('first', { receivedAt: T0 + 10, dueAt: T0 + 100 }));
      await store.addInvocation(event('soon', { dueAt: T0 + 50 }));
      assert.deepEqual((await store.pendingInvocations()).map((e) => e.requestId), ['soon', 'first', 'second', 'late']);
      assert.ok(await store.claimInvocation('soon', 'n1', T0 + 50, T0 + 1000));
      assert.equal(await store.rescheduleInvocation('n1', 'soon', 1, T0 + 400), true);
      assert.deepEqual((await store.pendingInvocations()).map((e) => e.requestId), ['first', 'second', 'late', 'soon']);
    });

    it('records failed attempts with their answer, then the outcome to send; removing forgets the event', async () => {
      const store = await open();
      await store.addInvocation(event('r1'));
      const claim = () => store.claimInvocation('r1', 'n1', T0 + 300_000, T0 + 400_000);
      assert.deepEqual(await claim(), event('r1'));
      await store.rescheduleInvocation('n1', 'r1', 1, T0 + 60_000, '{"errorType":"Boom"}');
      assert.deepEqual(await store.pendingInvocations(), [{ ...event('r1'), attempts: 1, dueAt: T0 + 60_000, lastAttempt: '{"errorType":"Boom"}' }]);
      await claim();
      await store.rescheduleInvocation('n1', 'r1', 2, T0 + 180_000);
      assert.deepEqual(await store.pendingInvocations(), [{ ...event('r1'), attempts: 2, dueAt: T0 + 180_000 }], 'an attempt without an answer clears the last one');
      await claim();
      await store.rescheduleInvocation('n1', 'r1', 2, T0 + 180_000, '{"errorType":"Again"}');
      await claim();
      await store.recordOutcome('n1', 'r1', 3, { destination: QUEUE, record: '{"requestContext":{}}' }, T0 + 200_000);
      assert.deepEqual(await store.pendingInvocations(), [
        { ...event('r1'), attempts: 3, dueAt: T0 + 200_000, lastAttempt: '{"errorType":"Again"}', outcome: { destination: QUEUE, record: '{"requestContext":{}}' } },
      ]);
      await store.recordOutcome('n1', 'r1', 3, { destination: QUEUE, record: '{"requestContext":{}}' }, T0 + 201_000);
      assert.equal((await store.pendingInvocations())[0]!.dueAt, T0 + 201_000, 'a failed sending is due again later');
      assert.equal(await store.removeInvocation('n1', 'r1'), true, 'an outcome keeps the lease: its holder sends the record');
      assert.deepEqual(await store.pendingInvocations(), []);
    });

    it('changes to an event that is not stored do nothing', async () => {
      const store = await open();
      await store.addInvocation(event('kept'));
      assert.equal(await store.claimInvocation('gone', 'n1', T0, T0 + 1), undefined);
      assert.equal(await store.rescheduleInvocation('n1', 'gone', 1, T0 + 1, '{}'), false);
      assert.equal(await store.recordOutcome('n1', 'gone', 1, { destination: QUEUE, record: '{}' }, T0 + 1), false);
      assert.equal(await store.removeInvocation('n1', 'gone'), false);
      assert.deepEqual(await store.pendingInvocations(), [event('kept')]);
    });

    it('refuses a second event with a stored request id as a StorageError, keeping the first', async () => {
      const store = await open();
      await store.addInvocation(event('r1'));
      await assert.rejects(store.addInvocation(event('r1', { payload: '{}' })), { name: 'StorageError' });
      assert.deepEqual(await store.pendingInvocations(), [event('r1')]);
    });

    it('is shared by every connection to the database, and kept after they close', async () => {
      const db = await database();
      const first = await open(db);
      const second = await open(db);
      await first.addInvocation(event('r1', { qualifier: '3' }));
      assert.ok(await second.claimInvocation('r1', 'n2', T0, T0 + 10));
      await second.rescheduleInvocation('n2', 'r1', 1, T0 + 5);
      assert.deepEqual(await first.pendingInvocations(), [{ ...event('r1', { qualifier: '3' }), attempts: 1, dueAt: T0 + 5 }]);
      await first.addInvocation(event('r2'));
      assert.ok(await first.claimInvocation('r1', 'n1', T0 + 5, T0 + 10));
      await first.removeInvocation('n1', 'r1');
      const later = await open(db);
      assert.deepEqual(await later.pendingInvocations(), [event('r2')]);
    });
  
    it('claims only due events, oldest due first up to the limit, and holds them against other owners until the lease ends', async () => {
      const store = await open();
      await store.addInvocation(event('later', { dueAt: T0 + 100 }));
      await store.addInvocation(event('b', { receivedAt: T0 + 2, dueAt: T0 + 10 }));
      await store.addInvocation(event('a', { receivedAt: T0 + 1, dueAt: T0 + 10 }));
      await store.addInvocation(event('first', { dueAt: T0 + 5 }));
      assert.deepEqual((await store.claimInvocations('n1', T0 + 50, T0 + 1000, 2)).map((e) => e.requestId), ['first', 'a']);
      assert.deepEqual((await store.claimInvocations('n2', T0 + 50, T0 + 1000, 10)).map((e) => e.requestId), ['b'], 'not due, or held by n1');
      assert.equal(await store.claimInvocation('later', 'n2', T0 + 99, T0 + 1000), undefined, 'not due yet');
      assert.equal(await store.claimInvocation('a', 'n2', T0 + 999, T0 + 2000), undefined, 'held by n1');
      assert.equal(await store.rescheduleInvocation('n2', 'a', 1, T0 + 2000), false, 'only the holder settles');
      assert.equal(await store.removeInvocation('n2', 'first'), false);
      assert.deepEqual(await store.claimInvocation('a', 'n1', T0 + 999, T0 + 1500), event('a', { receivedAt: T0 + 1, dueAt: T0 + 10 }), 'its holder claims it again');
      // n1 is dead: its leases end and n2 takes its events over; n1's late settles change nothing.
      assert.deepEqual((await store.claimInvocations('n2', T0 + 1500, T0 + 3000, 10)).map((e) => e.requestId), ['first', 'a', 'b', 'later']);
      assert.equal(await store.removeInvocation('n1', 'first'), false);
      assert.equal(await store.recordOutcome('n1', 'a', 1, { destination: QUEUE, record: '{}' }, T0), false);
      assert.equal(await store.removeInvocation('n2', 'first'), true);
      assert.deepEqual((await store.pendingInvocations()).map((e) => [e.requestId, e.outcome]), [['a', undefined], ['b', undefined], ['later', undefined]]);
    });

    it('renews only the leases its owner still holds, which then hold against other owners until the new end', async () => {
      const store = await open();
      for (const id of ['held', 'freed', 'taken']) await store.addInvocation(event(id));
      await store.claimInvocations('n1', T0, T0 + 100, 10);
      assert.equal(await store.rescheduleInvocation('n1', 'freed', 1, T0), true);
      assert.ok(await store.claimInvocation('taken', 'n2', T0 + 100, T0 + 1000), 'n1 let its lease of "taken" run out');
      assert.equal(await store.renewInvocationLeases('n1', ['held', 'freed', 'taken', 'gone'], T0 + 500), 1);
      assert.equal(await store.renewInvocationLeases('n1', [], T0 + 500), 0);
      assert.equal(await store.claimInvocation('held', 'n2', T0 + 499, T0 + 1000), undefined, 'renewed: held by n1 until T0 + 500');
      assert.ok(await store.claimInvocation('held', 'n2', T0 + 500, T0 + 1000), 'then it runs out');
      assert.deepEqual((await store.claimInvocations('n3', T0 + 600, T0 + 1000, 10)).map((e) => e.requestId), ['freed'], 'the freed one stays free, "taken" n2\'s');
    });

    it('frees a lease on a reschedule, and releases every lease at once', async () => {
      const store = await open();
      await store.addInvocation(event('r1'));
      await store.addInvocation(event('r2'));
      await store.claimInvocations('n1', T0, T0 + 1000, 10);
      assert.equal(await store.rescheduleInvocation('n1', 'r1', 1, T0 + 5), true);
      assert.ok(await store.claimInvocation('r1', 'n2', T0 + 5, T0 + 1000), 'due again and free for anyone');
      assert.equal(await store.releaseInvocationLeases(), 2);
      assert.equal(await store.releaseInvocationLeases(), 0);
      assert.deepEqual((await store.claimInvocations('n3', T0 + 5, T0 + 1000, 10)).map((e) => e.requestId), ['r2', 'r1']);
    });

    it('two stores on one database claiming at once claim each event once', async () => {
      const db = await database();
      const [first, second] = [await open(db), await open(db)];
      const ids = Array.from({ length: 40 }, (_, i) => `r${String(i).padStart(2, '0')}`);
      for (const id of ids) await first.addInvocation(event(id));
      const claimed: string[][] = [[], []];
      const rounds = [first, second].map(async (store, i) => {
        for (let round = 0; round < 30; round++) {
          const got = await store.claimInvocations(`n${i}`, T0, T0 + 1000, 3);
          const single = await store.claimInvocation(ids[(round * 7 + i) % ids.length]!, `n${i}`, T0, T0 + 1000);
          claimed[i]!.push(...got.map((e) => e.requestId), ...(single ? [single.requestId] : []));
        }
      });
      await Promise.all(rounds);
      const [mine, theirs] = claimed.map((list) => new Set(list));
      assert.deepEqual([...mine!].filter((id) => theirs!.has(id)), [], 'no event claimed by both');
      assert.deepEqual([...mine!, ...theirs!].sort(), ids, 'every event claimed');
    });
  },
);
