import { afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { sharedPostgresCluster, testEngines } from '../../../test/helpers/postgres-cluster.js';
import { eventually } from '../../../test/helpers/eventually.js';
import { inTransaction, openPgPool, query } from './pg-pool.js';
import { applyPostgresMigrations } from './postgres-migrations.js';
import { PostgresEngine } from './postgres-engine.js';
import { QueueWaiters } from '../../queues/queue-waiters.js';
import { wakeQueueWaitersAcrossNodes } from '../../queues/cross-node-wakeups.js';
import type { NewDelivery } from '../bus-store.js';

const skip = !testEngines().includes('postgres') && 'PostgreSQL is not among EDDY_TEST_ENGINES (no initdb on the PATH)';
const cluster = sharedPostgresCluster();

/** Long enough that a wake-up arriving by its timeout would be plain; the assertions wait for events, not this. */
const LONG_WAIT_MS = 10_000;

describe('wake-ups across nodes on one PostgreSQL database', { skip }, () => {
  const cleanup: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  /** A node: its own pool (application_name `name`) and engine, as a separate Eddy process would have. */
  async function node(url: string, name: string): Promise<PostgresEngine> {
    const pool = await openPgPool({ url, size: 2, applicationName: name });
    await applyPostgresMigrations(pool);
    const engine = new PostgresEngine(pool);
    cleanup.push(() => engine.close());
    return engine;
  }

  /** Ends the LISTEN connection of node `name` (server side), as a network drop or server restart would. */
  async function killListenConnection(engine: PostgresEngine, name: string): Promise<void> {
    const pid = await eventually(`${name}'s LISTEN connection`, async () => {
      const [row] = await query<{ pid: number }>(
        await openAdmin(engine),
        'SELECT pid FROM pg_stat_activity WHERE application_name = $1',
        [`${name} notifications`],
      );
      return row?.pid;
    });
    const [killed] = await query<{ ok: boolean }>(await openAdmin(engine), 'SELECT pg_terminate_backend($1) AS ok', [pid]);
    assert.equal(killed?.ok, true);
  }

  const admins = new Map<PostgresEngine, Awaited<ReturnType<typeof openPgPool>>>();
  async function openAdmin(engine: PostgresEngine) {
    let admin = admins.get(engine);
    if (!admin) {
      admin = await openPgPool({ url: currentUrl, size: 1, applicationName: 'admin' });
      admins.set(engine, admin);
      const opened = admin;
      cleanup.push(async () => {
        admins.delete(engine);
        await opened.end();
      });
    }
    return admin;
  }
  let currentUrl = '';

  const delivery = (bus: string): NewDelivery => ({
    id: randomUUID(),
    bus,
    rule: 'r',
    targetId: 't',
    eventId: randomUUID(),
    payload: '{}',
    target: { arn: 'arn:aws:sqs:us-east-1:000000000000:nowhere' },
    acceptedAt: 1,
    dueAt: 1,
  });

  it('a bus delivery stored on node A wakes node B\'s onDeliveries listener, also after B\'s LISTEN connection was killed', async () => {
    currentUrl = await (await cluster()).createDatabase();
    const a = await node(currentUrl, 'node-a');
    const b = await node(currentUrl, 'node-b');
    let heard = 0;
    cleanup.push(b.bus.onDeliveries(() => (heard += 1)));
    await eventually('B told once its LISTEN took effect', () => (heard >= 1 ? true : undefined));

    let before = heard;
    await a.bus.acceptEvents({ deliveries: [delivery('default')], archived: [], now: 1 });
    await eventually('B hears A\'s delivery', () => (heard > before ? true : undefined), { timeoutMs: LONG_WAIT_MS });

    await killListenConnection(b, 'node-b');
    before = heard;
    await a.bus.acceptEvents({ deliveries: [delivery('default')], archived: [], now: 1 });
    await eventually('B hears of A\'s delivery once it listens again', () => (heard > before ? true : undefined), { timeoutMs: LONG_WAIT_MS });
    assert.equal((await b.bus.pendingDeliveries(10)).length, 2);
  });

  it('a topic delivery stored on node A wakes node B\'s topic runner listener', async () => {
    currentUrl = await (await cluster()).createDatabase();
    const a = await node(currentUrl, 'node-a');
    const b = await node(currentUrl, 'node-b');
    let heard = 0;
    cleanup.push(b.topics.deliveries.onDeliveries(() => (heard += 1)));
    await eventually('B told once its LISTEN took effect', () => (heard >= 1 ? true : undefined));
    const before = heard;
    // Stored in a transaction on A's side (A's deliveries object: its node id tags the NOTIFY).
    await inTransaction(await openAdmin(a), (client) =>
      a.topics.deliveries.addWithin(client, [
        { id: randomUUID(), topic: 't', subscription: 's', protocol: 'sqs', document: '{}', dueAt: 1, acceptedAt: 1 },
      ]),
    );
    await eventually('B hears A\'s delivery', () => (heard > before ? true : undefined), { timeoutMs: LONG_WAIT_MS });
    assert.equal((await b.topics.deliveries.pendingDeliveries(10)).length, 1);
  });

  it('a queue send committed on node A wakes a long poll waiting on node B; with B\'s LISTEN connection killed, the fallback still does', async () => {
    currentUrl = await (await cluster()).createDatabase();
    const a = await node(currentUrl, 'node-a');
    const b = await node(currentUrl, 'node-b');
    const { queue } = await a.queues.create({ name: 'q', fifo: false, attributes: {}, tags: {}, now: 1 });
    const waiters = new QueueWaiters();
    cleanup.push(() => waiters.close());
    cleanup.push(wakeQueueWaitersAcrossNodes(b.queues, waiters, 250));
    let told: (number | undefined)[] = [];
    cleanup.push(b.queues.onMessages((queueId) => told.push(queueId)));
    await eventually('B listens', () => (told.length >= 1 ? true : undefined));

    const send = (id: string) => a.queues.send(queue.id, [{ messageId: id, body: id, payload: '{}', visibleAt: 1 }], 1);
    const receiveOnB = () => b.queues.receive({ queueId: queue.id, fifo: false, max: 10, now: 2, visibleUntil: 100_000, retainedSince: 0 });

    told = [];
    let armed = waiters.arm(queue.id);
    let woken = armed.wait(LONG_WAIT_MS).then(() => Date.now());
    const sentAt = Date.now();
    await send('m1');
    const wokeAt = await woken;
    armed.cancel();
    assert.ok(wokeAt - sentAt < LONG_WAIT_MS / 2, `woken ${wokeAt - sentAt} ms after the send, not by its timeout`);
    assert.deepEqual((await receiveOnB()).messages.map((m) => m.body), ['m1']);
    await eventually('B told of the queue', () => (told.includes(queue.id) ? true : undefined));

    await killListenConnection(b, 'node-b');
    armed = waiters.arm(queue.id);
    woken = armed.wait(LONG_WAIT_MS).then(() => Date.now());
    const resentAt = Date.now();
    await send('m2');
    const rewokeAt = await woken;
    armed.cancel();
    assert.ok(rewokeAt - resentAt < LONG_WAIT_MS / 2, `woken ${rewokeAt - resentAt} ms after the send, not by its timeout`);
    assert.deepEqual((await receiveOnB()).messages.map((m) => m.body), ['m2']);
  });

  it('a node does not hear its own queue sends through LISTEN (the domain wakes its own waiters)', async () => {
    currentUrl = await (await cluster()).createDatabase();
    const b = await node(currentUrl, 'node-b');
    const { queue } = await b.queues.create({ name: 'q', fifo: false, attributes: {}, tags: {}, now: 1 });
    const told: (number | undefined)[] = [];
    cleanup.push(b.queues.onMessages((queueId) => told.push(queueId)));
    await eventually('B listens', () => (told.length >= 1 ? true : undefined));
    await b.queues.send(queue.id, [{ messageId: 'x', body: 'x', payload: '{}', visibleAt: 1 }], 1);
    // A marker from outside after B's own send: once it arrives, B's own would have too (one connection, in order).
    await query(await openAdmin(b), "SELECT pg_notify('eddy_queue_messages', '999999')");
    await eventually('the marker', () => (told.includes(999999) ? true : undefined));
    assert.deepEqual(told, [undefined, 999999]);
  });
});
