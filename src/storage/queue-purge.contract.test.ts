import { it } from 'node:test';
import assert from 'node:assert/strict';
import { QUEUE_OPENERS } from '../../test/helpers/engine-openers.js';
import { describeStoreContract } from '../../test/helpers/store-contract.js';
import { MissingQueueError, type QueueStore } from './queue-store.js';

const T0 = 1_700_000_000_000;
const INTERVAL = 60_000;

const newQueue = async (store: QueueStore, name: string) =>
  (await store.create({ name, fifo: false, attributes: {}, tags: {}, now: T0 })).queue;

// QueueStore.claimPurge (queue-store.ts) on every engine: the PurgeQueue interval is the queue's, shared by
// every node. Two opens of one database are two nodes.
describeStoreContract<QueueStore>(
  'QueueStore claimPurge contract',
  QUEUE_OPENERS,
  ({ open, database }) => {
    it('lets a first purge through, refuses the next until the interval has passed since the last one let through', async () => {
      const store = await open();
      const queue = await newQueue(store, 'q');
      const other = await newQueue(store, 'other');
      assert.equal(await store.claimPurge(queue.id, T0, INTERVAL), true);
      assert.equal(await store.claimPurge(queue.id, T0 + 1, INTERVAL), false);
      assert.equal(await store.claimPurge(other.id, T0 + 1, INTERVAL), true, 'each queue has its own interval');
      assert.equal(await store.claimPurge(queue.id, T0 + INTERVAL - 1, INTERVAL), false);
      assert.equal(await store.claimPurge(queue.id, T0 + INTERVAL, INTERVAL), true);
      // A refused claim does not move the time: the interval runs from the last purge let through.
      assert.equal(await store.claimPurge(queue.id, T0 + 2 * INTERVAL - 1, INTERVAL), false);
      assert.equal(await store.claimPurge(queue.id, T0 + 2 * INTERVAL, INTERVAL), true);
    });

    it('rejects with MissingQueueError for a queue that is gone; a queue of the same name starts afresh', async () => {
      const store = await open();
      const old = await newQueue(store, 'q');
      assert.equal(await store.claimPurge(old.id, T0, INTERVAL), true);
      await store.delete('q');
      await assert.rejects(store.claimPurge(old.id, T0 + 1, INTERVAL), MissingQueueError);
      const renewed = await newQueue(store, 'q');
      assert.equal(await store.claimPurge(renewed.id, T0 + 1, INTERVAL), true);
    });

    it('two nodes on one database purging one queue at once: exactly one is let through', async () => {
      const place = await database();
      const one = await open(place);
      const queues = [];
      for (let round = 0; round < 20; round++) queues.push(await newQueue(one, `race-${round}`));
      const two = await open(place); // after the creates: SQLite's store learns of queues when it opens
      for (const [round, queue] of queues.entries()) {
        const claims = await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 === 0 ? one : two).claimPurge(queue.id, T0 + i, INTERVAL)));
        assert.equal(claims.filter(Boolean).length, 1, `round ${round}: ${claims.join(',')}`);
      }
    });
  },
);
