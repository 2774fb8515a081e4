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
      await store.rescheduleInvocation('soon', 1, T0 + 400);
      assert.deepEqual((await store.pendingInvocations()).map((e) => e.requestId), ['first', 'second', 'late', 'soon']);
    });

    it('records failed attempts with their answer, then the outcome to send; removing forgets the event', async () => {
      const store = await open();
      await store.addInvocation(event('r1'));
      await store.rescheduleInvocation('r1', 1, T0 + 60_000, '{"errorType":"Boom"}');
      assert.deepEqual(await store.pendingInvocations(), [{ ...event('r1'), attempts: 1, dueAt: T0 + 60_000, lastAttempt: '{"errorType":"Boom"}' }]);
      await store.rescheduleInvocation('r1', 2, T0 + 180_000);
      assert.deepEqual(await store.pendingInvocations(), [{ ...event('r1'), attempts: 2, dueAt: T0 + 180_000 }], 'an attempt without an answer clears the last one');
      await store.rescheduleInvocation('r1', 2, T0 + 180_000, '{"errorType":"Again"}');
      await store.recordOutcome('r1', 3, { destination: QUEUE, record: '{"requestContext":{}}' }, T0 + 200_000);
      assert.deepEqual(await store.pendingInvocations(), [
        { ...event('r1'), attempts: 3, dueAt: T0 + 200_000, lastAttempt: '{"errorType":"Again"}', outcome: { destination: QUEUE, record: '{"requestContext":{}}' } },
      ]);
      await store.recordOutcome('r1', 3, { destination: QUEUE, record: '{"requestContext":{}}' }, T0 + 201_000);
      assert.equal((await store.pendingInvocations())[0]!.dueAt, T0 + 201_000, 'a failed sending is due again later');
      await store.removeInvocation('r1');
      assert.deepEqual(await store.pendingInvocations(), []);
    });

    it('changes to an event that is not stored do nothing', async () => {
      const store = await open();
      await store.addInvocation(event('kept'));
      await store.rescheduleInvocation('gone', 1, T0 + 1, '{}');
      await store.recordOutcome('gone', 1, { destination: QUEUE, record: '{}' }, T0 + 1);
      await store.removeInvocation('gone');
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
      await second.rescheduleInvocation('r1', 1, T0 + 5);
      assert.deepEqual(await first.pendingInvocations(), [{ ...event('r1', { qualifier: '3' }), attempts: 1, dueAt: T0 + 5 }]);
      await first.addInvocation(event('r2'));
      await second.removeInvocation('r1');
      const later = await open(db);
      assert.deepEqual(await later.pendingInvocations(), [event('r2')]);
    });
  },
);
