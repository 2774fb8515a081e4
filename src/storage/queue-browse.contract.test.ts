import { it } from 'node:test';
import assert from 'node:assert/strict';
import { QUEUE_OPENERS } from '../../test/helpers/engine-openers.js';
import { describeStoreContract } from '../../test/helpers/store-contract.js';
import type { NewMessage, QueueStore } from './queue-store.js';

const T0 = 1_700_000_000_000;

const message = (id: string, visibleAt = T0, groupId?: string): NewMessage => ({ messageId: id, body: `body ${id}`, payload: `{"n":"${id}"}`, visibleAt, ...(groupId !== undefined && { groupId }) });

// QueueStore.browse (queue-store.ts) on every engine: what `eddy export` reads, every message, without claiming any.
describeStoreContract<QueueStore>('QueueStore browse contract', QUEUE_OPENERS, ({ open }) => {
  it('reads visible, delayed and in-flight messages in sequence order, a page after a cursor, changing nothing', async () => {
    const store = await open();
    const { queue } = await store.create({ name: 'q', fifo: false, attributes: {}, tags: {}, now: T0 });
    const { queue: other } = await store.create({ name: 'other', fifo: false, attributes: {}, tags: {}, now: T0 });
    await store.send(queue.id, [message('a'), message('b', T0 + 60_000), message('c', T0, 'g')], T0);
    await store.send(other.id, [message('x')], T0);
    const claimed = await store.receive({ queueId: queue.id, fifo: false, max: 1, now: T0, visibleUntil: T0 + 30_000, retainedSince: 0 });
    assert.deepEqual(claimed.messages.map((m) => m.messageId), ['a']);

    const all = await store.browse(queue.id, 0, 10);
    assert.deepEqual(
      all.map(({ messageId, body, payload, groupId, visibleAt, receiveCount, sentAt }) => ({ messageId, body, payload, groupId, visibleAt, receiveCount, sentAt })),
      [
        { messageId: 'a', body: 'body a', payload: '{"n":"a"}', groupId: undefined, visibleAt: T0 + 30_000, receiveCount: 1, sentAt: T0 },
        { messageId: 'b', body: 'body b', payload: '{"n":"b"}', groupId: undefined, visibleAt: T0 + 60_000, receiveCount: 0, sentAt: T0 },
        { messageId: 'c', body: 'body c', payload: '{"n":"c"}', groupId: 'g', visibleAt: T0, receiveCount: 0, sentAt: T0 },
      ],
    );
    assert.ok(all[0]!.sequence < all[1]!.sequence && all[1]!.sequence < all[2]!.sequence);
    const page = await store.browse(queue.id, all[0]!.sequence, 1);
    assert.deepEqual(page.map((m) => m.messageId), ['b']);
    assert.deepEqual(await store.browse(queue.id, all[2]!.sequence, 10), []);
    // Nothing was claimed: the stats are those of before the browse.
    assert.deepEqual(await store.stats(queue.id, T0, 0), { visible: 1, inFlight: 1, delayed: 1 });
  });
});
