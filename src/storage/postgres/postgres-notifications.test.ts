import { afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Pool } from 'pg';
import { sharedPostgresCluster, testEngines } from '../../../test/helpers/postgres-cluster.js';
import { inTransaction, openPgPool, query } from './pg-pool.js';
import { PostgresNotifications } from './postgres-notifications.js';
import { eventually } from '../../../test/helpers/eventually.js';
import { Calls } from './fixtures/stream-nodes.js';

const skip = !testEngines().includes('postgres') && 'PostgreSQL is not among EDDY_TEST_ENGINES (no initdb on the PATH)';
const cluster = sharedPostgresCluster();

describe('PostgresNotifications', { skip }, () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  async function node(url: string, name: string): Promise<{ pool: Pool; notifications: PostgresNotifications }> {
    const pool = await openPgPool({ url, size: 1, applicationName: name });
    const notifications = new PostgresNotifications(pool, { baseMs: 10, maxMs: 200, jitter: 'full' });
    cleanup.push(() => pool.end(), () => notifications.close());
    return { pool, notifications };
  }

  it('delivers other nodes\' payloads without their tag, untagged ones as they are, never its own; after COMMIT only; not once unsubscribed', async () => {
    const url = await (await cluster()).createDatabase();
    const a = await node(url, 'node-a');
    const b = await node(url, 'node-b');
    const heard = new Calls<[string]>();
    const missed = new Calls<[]>();
    // A pool of one connection stays usable: the LISTEN connection is not one of the pool's.
    const unsubscribe = b.notifications.subscribe('eddy_test', heard.record, missed.record);
    await b.notifications.ready();
    assert.equal(missed.seen.length, 1, 'told once that the first LISTEN may have missed something');

    await a.notifications.notify(a.pool, 'eddy_test', 'from a');
    await b.notifications.notify(b.pool, 'eddy_test', 'from b itself');
    await query(a.pool, "SELECT pg_notify('eddy_test', 'untagged payload')");
    await assert.rejects(
      inTransaction(a.pool, async (client) => {
        await a.notifications.notify(client, 'eddy_test', 'rolled back');
        throw new Error('no');
      }),
    );
    await a.notifications.notify(a.pool, 'eddy_test', 'last');
    await heard.until('the last payload', (seen) => seen.some(([p]) => p === 'last'));
    assert.deepEqual(heard.seen, [['from a'], ['untagged payload'], ['last']]);

    unsubscribe();
    await b.notifications.ready();
    const other = new Calls<[string]>();
    b.notifications.subscribe('eddy_other', other.record);
    await b.notifications.ready();
    await a.notifications.notify(a.pool, 'eddy_test', 'unheard');
    await a.notifications.notify(a.pool, 'eddy_other', 'heard');
    await other.until('the other channel', (seen) => seen.length === 1);
    assert.equal(heard.seen.length, 3);
  });

  it('closes at any point of opening its connection: close() resolves even when it ends a connection still connecting', async () => {
    const url = await (await cluster()).createDatabase();
    const pool = await openPgPool({ url, size: 1, applicationName: 'closing' });
    cleanup.push(() => pool.end());
    // Closed after 0, 1, 2 … microtasks, then turns of the event loop, from the subscribe that opens the
    // connection: some land just after pg's connect() began (pg leaves its promise pending when end() comes then).
    for (let step = 0; step < 80; step++) {
      const notifications = new PostgresNotifications(pool);
      notifications.subscribe('eddy_test', () => {});
      for (let t = 0; t < step; t++) await (step < 60 ? Promise.resolve() : new Promise((resolve) => setImmediate(resolve)));
      await notifications.close();
      assert.equal(notifications.backendPid, undefined);
    }
  });

  it('reconnects when its connection is killed, tells the subscribers they may have missed something, and delivers again', async () => {
    const url = await (await cluster()).createDatabase();
    const a = await node(url, 'node-a');
    const b = await node(url, 'node-b');
    const heard = new Calls<[string]>();
    const missed = new Calls<[]>();
    b.notifications.subscribe('eddy_test', heard.record, missed.record);
    await b.notifications.ready();
    const first = b.notifications.backendPid;
    assert.ok(first !== undefined);
    const [killed] = await query<{ done: boolean }>(a.pool, 'SELECT pg_terminate_backend($1) AS done', [first]);
    assert.equal(killed!.done, true);
    await missed.until('the second missed (after the reconnect)', (seen) => seen.length === 2);
    assert.notEqual(b.notifications.backendPid, first);
    await a.notifications.notify(a.pool, 'eddy_test', 'after');
    await heard.until('a payload after the reconnect', (seen) => seen.some(([p]) => p === 'after'));

    await b.notifications.close();
    assert.equal(b.notifications.backendPid, undefined);
    // The server ends the session shortly after the client hangs up.
    await eventually('the LISTEN session gone', async () => {
      const [left] = await query<{ n: string }>(a.pool, "SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = 'node-b notifications'");
      return left!.n === '0' ? true : undefined;
    });
  });
});
