import { it } from 'node:test';
import assert from 'node:assert/strict';
import { QUEUE_OPENERS } from '../../test/helpers/engine-openers.js';
import { describeStoreContract } from '../../test/helpers/store-contract.js';
import { MissingQueueError, type NewMessage, type QueueStore, type ReceiveRequest, type StoredMessage } from './queue-store.js';

/** The QueueStore contract's FIFO, redrive and move cases, on every engine (was SQLite's sqlite-queue-fifo.test.ts). */
const openers = QUEUE_OPENERS;
const T0 = 1_700_000_000_000;
const DEDUP_WINDOW = 300_000;

const fifoMessage = (id: string, groupId: string, extra: Partial<NewMessage> = {}): NewMessage => ({
  messageId: id,
  body: `body of ${id}`,
  payload: '{}',
  visibleAt: T0,
  groupId,
  dedupKey: `dedup-${id}`,
  dedupUntil: T0 + DEDUP_WINDOW,
  ...extra,
});

const plain = (id: string): NewMessage => ({ messageId: id, body: id, payload: '{}', visibleAt: T0 });

let names = 0;
async function newQueue(store: QueueStore, fifo: boolean): Promise<number> {
  return (await store.create({ name: `q${++names}${fifo ? '.fifo' : ''}`, fifo, attributes: {}, tags: {}, now: T0 })).queue.id;
}

const ids = (messages: readonly StoredMessage[]) => messages.map((m) => m.messageId);

function receiver(store: QueueStore, queueId: number, fifo: boolean, redrive?: ReceiveRequest['redrive']) {
  return async (now: number, max = 10) =>
    store.receive({ queueId, fifo, max, now, visibleUntil: now + 30_000, retainedSince: 0, ...(redrive && { redrive }) });
}

describeStoreContract<QueueStore>('QueueStore contract: FIFO', openers, ({ open }) => {
  it('delivers a group in order, blocks it while one of its messages is in flight, serves other groups', async () => {
    const store = await open();
    const queue = await newQueue(store, true);
    const receive = receiver(store, queue, true);
    await store.send(queue, [fifoMessage('a1', 'A'), fifoMessage('b1', 'B'), fifoMessage('a2', 'A'), fifoMessage('a3', 'A'), fifoMessage('b2', 'B')], T0);

    const first = await receive(T0, 1);
    assert.deepEqual(first.messages.map((m) => [m.messageId, m.groupId, m.dedupKey, m.sequence]), [['a1', 'A', 'dedup-a1', 1]]);
    // A is blocked by a1 in flight: B is served, in order, several at once.
    assert.deepEqual(ids((await receive(T0 + 1)).messages), ['b1', 'b2']);
    assert.deepEqual((await receive(T0 + 2)).messages, []);

    // a1 deleted: A's next messages come, in order, in one receive.
    assert.equal(await store.deleteMessage(queue, 1, first.messages[0]!.nonce), 'done');
    const rest = await receive(T0 + 3);
    assert.deepEqual(ids(rest.messages), ['a2', 'a3']);

    // a2 made visible again while a3 is still in flight: A stays blocked.
    assert.equal(await store.changeVisibility(queue, 3, rest.messages[0]!.nonce, T0 + 4, T0 + 4), 'done');
    assert.deepEqual(await store.stats(queue, T0 + 4, 0), { visible: 1, inFlight: 3, delayed: 0 });
    assert.deepEqual((await receive(T0 + 4)).messages, []);
    // Once every visibility is over, the group comes out from its oldest message again.
    assert.deepEqual(ids((await receive(T0 + 30_003)).messages), ['b1', 'a2', 'a3', 'b2']); // sequence order across groups
  });

  it('holds a group back behind its earlier delayed message, not behind a later one', async () => {
    const store = await open();
    const queue = await newQueue(store, true);
    const receive = receiver(store, queue, true);
    await store.send(queue, [fifoMessage('g1', 'G', { visibleAt: T0 + 1_000 }), fifoMessage('g2', 'G'), fifoMessage('h1', 'H'), fifoMessage('h2', 'H', { visibleAt: T0 + 1_000 })], T0);
    assert.deepEqual(ids((await receive(T0)).messages), ['h1']);
    assert.deepEqual(await store.stats(queue, T0, 0), { visible: 1, inFlight: 1, delayed: 2 });
    assert.deepEqual(ids((await receive(T0 + 1_000)).messages), ['g1', 'g2']);
  });

  it('deduplicates within the window, answering with the first message, and accepts the key again after it', async () => {
    const store = await open();
    const queue = await newQueue(store, true);
    const first = await store.send(queue, [fifoMessage('m1', 'G', { dedupKey: 'k' })], T0);
    assert.deepEqual(first, [{ messageId: 'm1', sequence: 1, duplicate: false }]);
    const again = await store.send(queue, [fifoMessage('m2', 'G', { dedupKey: 'k', dedupUntil: T0 + 10 + DEDUP_WINDOW }), fifoMessage('m3', 'G')], T0 + 10);
    assert.deepEqual(again, [
      { messageId: 'm1', sequence: 1, duplicate: true },
      { messageId: 'm3', sequence: 2, duplicate: false },
    ]);
    // Also within one call.
    const twice = await store.send(queue, [fifoMessage('m4', 'G', { dedupKey: 'j' }), fifoMessage('m5', 'G', { dedupKey: 'j' })], T0 + 20);
    assert.deepEqual(twice, [
      { messageId: 'm4', sequence: 3, duplicate: false },
      { messageId: 'm4', sequence: 3, duplicate: true },
    ]);
    // Still a duplicate after the first message is deleted, until the window ends.
    const [m1] = (await receiver(store, queue, true)(T0 + 30, 1)).messages;
    assert.equal(await store.deleteMessage(queue, 1, m1!.nonce), 'done');
    assert.deepEqual(await store.send(queue, [fifoMessage('m6', 'G', { dedupKey: 'k' })], T0 + DEDUP_WINDOW - 1), [
      { messageId: 'm1', sequence: 1, duplicate: true },
    ]);
    assert.deepEqual(await store.send(queue, [fifoMessage('m7', 'G', { dedupKey: 'k', dedupUntil: T0 + 2 * DEDUP_WINDOW })], T0 + DEDUP_WINDOW), [
      { messageId: 'm7', sequence: 4, duplicate: false },
    ]);
    assert.deepEqual(await store.send(queue, [fifoMessage('m8', 'G', { dedupKey: 'k' })], T0 + DEDUP_WINDOW + 1), [
      { messageId: 'm7', sequence: 4, duplicate: true },
    ]);
    // trim removes expired entries only: 'j' (until T0 + window) is gone, 'k' (renewed) stays.
    assert.equal(await store.trim(queue, 0, T0 + DEDUP_WINDOW + 1), 0);
    assert.deepEqual(await store.send(queue, [fifoMessage('m9', 'G', { dedupKey: 'j' })], T0 + 1), [
      { messageId: 'm9', sequence: 5, duplicate: false },
    ]);
    assert.deepEqual(await store.send(queue, [fifoMessage('m10', 'G', { dedupKey: 'k' })], T0 + 1), [
      { messageId: 'm7', sequence: 4, duplicate: true },
    ]);
  });
});

describeStoreContract<QueueStore>('QueueStore contract: redrive and moves', openers, ({ open }) => {
  it('moves a message received maxReceiveCount times to the dead-letter queue and keeps looking', async () => {
    const store = await open();
    const source = await newQueue(store, false);
    const dlq = await newQueue(store, false);
    await store.send(dlq, [plain('already-there')], T0);
    const receive = receiver(store, source, false, { maxReceiveCount: 2, deadLetterQueueId: dlq });
    await store.send(source, [plain('poison'), plain('fine')], T0);
    assert.deepEqual(ids((await receive(T0, 1)).messages), ['poison']);
    const second = await receive(T0 + 30_000, 1);
    assert.deepEqual(second.messages.map((m) => [m.messageId, m.receiveCount]), [['poison', 2]]);
    const third = await receive(T0 + 60_000, 1);
    assert.equal(third.redriven, 1);
    assert.deepEqual(ids(third.messages), ['fine']);

    assert.deepEqual(await store.stats(source, T0 + 60_000, 0), { visible: 0, inFlight: 1, delayed: 0 });
    const moved = await receiver(store, dlq, false)(T0 + 60_000);
    assert.deepEqual(moved.messages, [
      { messageId: 'already-there', sequence: 1, body: 'already-there', payload: '{}', sentAt: T0, receiveCount: 1, firstReceivedAt: T0 + 60_000, nonce: moved.messages[0]!.nonce },
      { messageId: 'poison', sequence: 2, body: 'poison', payload: '{}', sentAt: T0, receiveCount: 1, firstReceivedAt: T0 + 60_000, nonce: moved.messages[1]!.nonce, sourceQueueId: source },
    ]);
  });

  it('redrives FIFO messages and keeps the group in order behind them', async () => {
    const store = await open();
    const source = await newQueue(store, true);
    const dlq = await newQueue(store, true);
    const receive = receiver(store, source, true, { maxReceiveCount: 1, deadLetterQueueId: dlq });
    await store.send(source, [fifoMessage('f1', 'G'), fifoMessage('f2', 'G')], T0);
    const first = await receive(T0, 1);
    assert.deepEqual(ids(first.messages), ['f1']);
    const second = await receive(T0 + 30_000);
    assert.deepEqual({ redriven: second.redriven, ids: ids(second.messages) }, { redriven: 1, ids: ['f2'] });
    const [dead] = (await receiver(store, dlq, true)(T0 + 30_000)).messages;
    assert.deepEqual([dead!.messageId, dead!.groupId, dead!.sourceQueueId, dead!.receiveCount], ['f1', 'G', source, 1]);
  });

  it('leaves messages where they are when the dead-letter queue is gone', async () => {
    const store = await open();
    const source = await newQueue(store, false);
    const dlq = await newQueue(store, false);
    const dlqName = (await store.getById(dlq))!.name;
    await store.send(source, [plain('p')], T0);
    const receive = receiver(store, source, false, { maxReceiveCount: 1, deadLetterQueueId: dlq });
    await receive(T0);
    await store.delete(dlqName);
    const again = await receive(T0 + 30_000);
    assert.deepEqual({ redriven: again.redriven, ids: ids(again.messages), count: again.messages[0]!.receiveCount }, { redriven: 0, ids: ['p'], count: 2 });
  });

  it('moves messages back to their source queues, or to an explicit queue, oldest first', async () => {
    const store = await open();
    const a = await newQueue(store, false);
    const b = await newQueue(store, false);
    const gone = await newQueue(store, false);
    const dlq = await newQueue(store, false);
    const target = await newQueue(store, false);
    const redrive = { maxReceiveCount: 1, deadLetterQueueId: dlq };
    await store.send(dlq, [plain('orphan')], T0); // no source: stays
    for (const [queue, id] of [[a, 'a1'], [b, 'b1'], [gone, 'g1'], [a, 'a2'], [b, 'b2']] as const) {
      await store.send(queue, [plain(id)], T0);
      await receiver(store, queue, false, redrive)(T0);
      assert.equal((await receiver(store, queue, false, redrive)(T0 + 30_000)).redriven, 1);
    }
    await store.delete((await store.getById(gone))!.name);
    await store.send(a, [plain('a3')], T0);

    assert.deepEqual(await store.moveMessages({ fromQueueId: dlq, limit: 2, now: T0 + 40_000 }), { moved: 2, left: 4 });
    assert.deepEqual(await store.moveMessages({ fromQueueId: dlq, limit: 10, now: T0 + 50_000 }), { moved: 2, left: 2 });
    assert.deepEqual(await store.moveMessages({ fromQueueId: dlq, limit: 10, now: T0 + 50_000 }), { moved: 0, left: 2 });

    const fromA = (await receiver(store, a, false)(T0 + 60_000)).messages;
    assert.deepEqual(
      fromA.map((m) => [m.messageId, m.sequence, m.sentAt, m.receiveCount, m.sourceQueueId]),
      [
        ['a3', 3, T0, 1, undefined],
        ['a1', 4, T0 + 40_000, 1, undefined],
        ['a2', 5, T0 + 50_000, 1, undefined],
      ],
    );
    assert.deepEqual(ids((await receiver(store, b, false)(T0 + 60_000)).messages), ['b1', 'b2']);

    assert.deepEqual(await store.moveMessages({ fromQueueId: dlq, toQueueId: target, limit: 10, now: T0 + 70_000 }), { moved: 2, left: 0 });
    const moved = (await receiver(store, target, false)(T0 + 70_000)).messages;
    assert.deepEqual(moved.map((m) => [m.messageId, m.sequence, m.sentAt, m.sourceQueueId]), [
      ['orphan', 1, T0 + 70_000, undefined],
      ['g1', 2, T0 + 70_000, undefined],
    ]);
    await assert.rejects(store.moveMessages({ fromQueueId: dlq, toQueueId: gone, limit: 1, now: T0 }), (e) => e instanceof MissingQueueError && e.queueId === gone);
  });
});
