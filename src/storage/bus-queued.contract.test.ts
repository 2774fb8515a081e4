import { it } from 'node:test';
import assert from 'node:assert/strict';
import { describeStoreContract } from '../../test/helpers/store-contract.js';
import { openSqliteEngine } from './sqlite/sqlite-engine.js';
import { openPgPool } from './postgres/pg-pool.js';
import { applyPostgresMigrations } from './postgres/postgres-migrations.js';
import { PostgresBusStore } from './postgres/postgres-bus-store.js';
import { PostgresQueueStore } from './postgres/postgres-queue-store.js';
import type { BusStore, NewDelivery, QueuedDelivery } from './bus-store.js';
import type { NewMessage, QueueStore } from './queue-store.js';

const T0 = 1_700_000_000_000;
const TARGET = { Arn: 'arn:aws:sqs:us-east-1:000000000000:q' };

function delivery(id: string, more: Partial<NewDelivery> = {}): NewDelivery {
  return { id, bus: 'app', rule: 'r', targetId: 't', eventId: `e-${id}`, payload: `{"n":"${id}"}`, target: TARGET, acceptedAt: T0, dueAt: T0, ...more };
}

function message(id: string, more: Partial<NewMessage> = {}): NewMessage {
  return { messageId: `m-${id}`, body: `{"n":"${id}"}`, payload: '{}', visibleAt: T0, ...more };
}

const queued = (queueId: number, id: string, more: Partial<NewMessage> = {}, queueVersion = 1): QueuedDelivery => ({ delivery: delivery(id), queueId, queueVersion, message: message(id, more) });

// BusStore's QueuedDelivery (deliveries made in the accepting transaction) on both engines, moved from
// sqlite/sqlite-bus-queued.test.ts.
describeStoreContract<{ bus: BusStore; queues: QueueStore }>(
  'BusStore queued deliveries contract',
  {
    sqlite(path) {
      const engine = openSqliteEngine({ path });
      return { store: { bus: engine.bus, queues: engine.queues }, close: () => engine.close() };
    },
    async postgres(url) {
      const pool = await openPgPool({ url, size: 4 });
      await applyPostgresMigrations(pool);
      const queues = new PostgresQueueStore(pool);
      return { store: { bus: new PostgresBusStore(pool, queues), queues }, close: () => pool.end() };
    },
  },
  ({ open }) => {
    const receiveFrom = async (queues: QueueStore, queueId: number, fifo = false) =>
      (await queues.receive({ queueId, fifo, max: 10, now: T0 + 1, visibleUntil: T0 + 30_000, retainedSince: 0 })).messages.map((m) => m.body);

    it('puts the messages on their queue, counts them matched and delivered, and leaves nothing to claim', async () => {
      const { bus, queues } = await open();
      const receive = (queueId: number, fifo = false) => receiveFrom(queues, queueId, fifo);
      const { queue } = await queues.create({ name: 'inline', fifo: false, attributes: {}, tags: {}, now: T0 });
      const outcome = await bus.acceptEvents({ deliveries: [], archived: [], queued: [queued(queue.id, 'a'), queued(queue.id, 'b')], now: T0 });
      assert.deepEqual(outcome.queuedTo, [queue.id]);
      assert.deepEqual(await receive(queue.id), ['{"n":"a"}', '{"n":"b"}']);
      assert.deepEqual(await bus.claimDeliveries('node', T0 + 1, T0 + 60_000, 10), []);
      const [stats] = await bus.deliveryStats('app');
      assert.deepEqual(stats, { bus: 'app', rule: 'r', targetId: 't', matched: 2, delivered: 2, failed: 0, deadLettered: 0, pending: 0, retrying: 0 });
    });

    it('stores a delivery whose queue is gone as an ordinary one, for the runner to fail', async () => {
      const { bus, queues } = await open();
      const receive = (queueId: number, fifo = false) => receiveFrom(queues, queueId, fifo);
      const { queue } = await queues.create({ name: 'gone', fifo: false, attributes: {}, tags: {}, now: T0 });
      await queues.delete('gone');
      const outcome = await bus.acceptEvents({ deliveries: [delivery('kept', { bus: 'gone-bus' })], archived: [], queued: [{ ...queued(queue.id, 'late'), delivery: delivery('late', { bus: 'gone-bus' }) }], now: T0 });
      assert.deepEqual(outcome.queuedTo, []);
      const claimed = await bus.claimDeliveries('node', T0 + 1, T0 + 60_000, 10);
      assert.deepEqual(claimed.map((d) => d.id).sort(), ['kept', 'late']);
      const [stats] = await bus.deliveryStats('gone-bus');
      assert.equal(stats!.pending, 2);
      assert.equal(stats!.delivered, 0);
    });

    it('stores a delivery prepared at an older version of its queue as an ordinary one; updates move the version', async () => {
      const { bus, queues } = await open();
      const receive = (queueId: number, fifo = false) => receiveFrom(queues, queueId, fifo);
      const { queue } = await queues.create({ name: 'changed', fifo: false, attributes: { DelaySeconds: 0 }, tags: {}, now: T0 });
      assert.equal(queue.version, 1);
      const updated = await queues.update('changed', T0, () => ({ attributes: { DelaySeconds: 60 }, tags: {} }));
      assert.equal(updated?.version, 2);
      assert.equal((await queues.get('changed'))?.version, 2);
      const old = { ...queued(queue.id, 'old', {}, 1), delivery: delivery('old', { bus: 'changed-bus' }) };
      const current = { ...queued(queue.id, 'current', {}, 2), delivery: delivery('current', { bus: 'changed-bus' }) };
      const outcome = await bus.acceptEvents({ deliveries: [], archived: [], queued: [old, current], now: T0 });
      assert.deepEqual(outcome.queuedTo, [queue.id]);
      assert.deepEqual(await receive(queue.id), ['{"n":"current"}']);
      assert.deepEqual((await bus.pendingDeliveries(10, 'changed-bus')).map((d) => d.id), ['old']);
    });

    it('deduplicates on a FIFO queue as a send does: a second message with the same deduplication key is not stored', async () => {
      const { bus, queues } = await open();
      const receive = (queueId: number, fifo = false) => receiveFrom(queues, queueId, fifo);
      const { queue } = await queues.create({ name: 'inline.fifo', fifo: true, attributes: {}, tags: {}, now: T0 });
      const fifo = { groupId: 'g', dedupKey: 'same', dedupUntil: T0 + 300_000 };
      await bus.acceptEvents({ deliveries: [], archived: [], queued: [queued(queue.id, 'first', fifo)], now: T0 });
      await bus.acceptEvents({ deliveries: [], archived: [], queued: [queued(queue.id, 'again', { ...fifo, messageId: 'm-again' })], now: T0 });
      assert.deepEqual(await receive(queue.id, true), ['{"n":"first"}']);
    });

    it('commits the messages with the rest of the unit: a unit refused for a malformed delivery puts nothing on the queue', async () => {
      const { bus, queues } = await open();
      const receive = (queueId: number, fifo = false) => receiveFrom(queues, queueId, fifo);
      const { queue } = await queues.create({ name: 'atomic', fifo: false, attributes: {}, tags: {}, now: T0 });
      const malformed = { ...delivery('bad'), payload: 7 as unknown as string };
      await assert.rejects(bus.acceptEvents({ deliveries: [malformed], archived: [], queued: [queued(queue.id, 'with-bad')], now: T0 }));
      assert.deepEqual(await receive(queue.id), []);
    });
  },
);
