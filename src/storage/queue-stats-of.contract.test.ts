import { it } from 'node:test';
import assert from 'node:assert/strict';
import { QUEUE_OPENERS } from '../../test/helpers/engine-openers.js';
import { describeStoreContract } from '../../test/helpers/store-contract.js';
import type { NewMessage, QueueStore } from './queue-store.js';

// QueueStore.statsOf: the counts of many queues in one read (what a metrics scrape asks), the same as stats one at a time.

const T0 = 1_700_000_000_000;
const message = (id: string, extra: Partial<NewMessage> = {}): NewMessage => ({ messageId: id, body: id, payload: `{"id":"${id}"}`, visibleAt: T0, ...extra });
const newQueue = async (store: QueueStore, name: string) => (await store.create({ name, fifo: false, attributes: {}, tags: {}, now: T0 })).queue;

describeStoreContract<QueueStore>('QueueStore statsOf', QUEUE_OPENERS, ({ open }) => {
  it('counts every queue asked for at once, each within its own retention, as stats does; a deleted queue is left out', async () => {
    const store = await open();
    const busy = await newQueue(store, 'busy');
    const empty = await newQueue(store, 'empty');
    const old = await newQueue(store, 'old');
    const gone = await newQueue(store, 'gone');
    await store.send(busy.id, [message('a'), message('b'), message('c'), message('later', { visibleAt: T0 + 60_000 })], T0);
    await store.receive({ queueId: busy.id, fifo: false, max: 1, now: T0, visibleUntil: T0 + 30_000, retainedSince: 0 });
    await store.send(old.id, [message('expired')], T0 - 10_000);
    await store.send(old.id, [message('kept')], T0);
    await store.send(gone.id, [message('x')], T0);
    assert.equal(await store.delete('gone'), true);
    const asked = [
      { queueId: busy.id, retainedSince: 0 },
      { queueId: empty.id, retainedSince: 0 },
      { queueId: old.id, retainedSince: T0 - 5_000 },
      { queueId: gone.id, retainedSince: 0 },
    ];
    const counts = await store.statsOf(asked, T0);
    assert.deepEqual(
      [...counts].sort(([a], [b]) => a - b),
      [
        [busy.id, { visible: 2, inFlight: 1, delayed: 1 }],
        [empty.id, { visible: 0, inFlight: 0, delayed: 0 }],
        [old.id, { visible: 1, inFlight: 0, delayed: 0 }],
      ].sort(([a], [b]) => (a as number) - (b as number)),
    );
    for (const { queueId, retainedSince } of asked.slice(0, 3)) assert.deepEqual(counts.get(queueId), await store.stats(queueId, T0, retainedSince));
    assert.deepEqual(await store.statsOf([], T0), new Map());
  });
});
