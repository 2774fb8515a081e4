import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openSqliteEngine, type SqliteEngine } from './sqlite-engine.js';
import { MissingQueueError, type NewMessage, type QueueRecord, type QueueStore, type StoredMessage } from '../queue-store.js';
import { ServiceError } from '../../shared/service-error.js';
import { tempDir } from './fixtures/temp-dir.js';

const dir = tempDir();
let counter = 0;
const freshPath = () => join(dir, `queues-${++counter}`, 'eddy.db');
const T0 = 1_700_000_000_000;

interface Attrs {
  readonly visibilityTimeout: number;
}

const message = (id: string, extra: Partial<NewMessage> = {}): NewMessage => ({
  messageId: id,
  body: `body of ${id}`,
  payload: `{"id":"${id}"}`,
  visibleAt: T0,
  ...extra,
});

async function newQueue(store: QueueStore, name: string, fifo = false): Promise<QueueRecord<Attrs>> {
  const { queue } = await store.create<Attrs>({ name, fifo, attributes: { visibilityTimeout: 30 }, tags: {}, now: T0 });
  return queue;
}

/** Receives at `now` with a 30 s visibility timeout and no retention bound. */
const receiveAt = (store: QueueStore, queueId: number, now: number, max = 10) =>
  store.receive({ queueId, fifo: false, max, now, visibleUntil: now + 30_000, retainedSince: 0 });

const ids = (messages: readonly StoredMessage[]) => messages.map((m) => m.messageId);

describe('SqliteQueueStore catalog', () => {
  let engine: SqliteEngine;
  before(() => (engine = openSqliteEngine({ path: freshPath() })));
  after(() => engine.close());

  it('creates a queue once; a second create returns the stored one unchanged', async () => {
    const first = await engine.queues.create({ name: 'orders', fifo: false, attributes: { a: 1 }, tags: { team: 'x' }, now: T0 });
    assert.equal(first.created, true);
    assert.deepEqual(first.queue, {
      id: first.queue.id,
      name: 'orders',
      fifo: false,
      attributes: { a: 1 },
      tags: { team: 'x' },
      createdAt: T0,
      modifiedAt: T0,
      version: 1,
    });
    const second = await engine.queues.create({ name: 'orders', fifo: true, attributes: { a: 2 }, tags: {}, now: T0 + 5 });
    assert.deepEqual(second, { queue: first.queue, created: false });
    assert.deepEqual(await engine.queues.get('orders'), first.queue);
    assert.deepEqual(await engine.queues.getById(first.queue.id), first.queue);
    assert.equal(await engine.queues.get('Orders'), undefined);
    assert.equal(await engine.queues.getById(first.queue.id + 1000), undefined);
  });

  it('lists in byte-wise name order, optionally by prefix', async () => {
    for (const name of ['b', 'B', 'a-b', 'a_b', 'ab', 'A', 'a', 'orders-dlq']) await newQueue(engine.queues, name);
    const names = async (prefix?: string) => (await engine.queues.list(prefix)).map((q) => q.name);
    assert.deepEqual(await names(), ['A', 'B', 'a', 'a-b', 'a_b', 'ab', 'b', 'orders', 'orders-dlq']);
    assert.deepEqual(await names('a'), ['a', 'a-b', 'a_b', 'ab']);
    assert.deepEqual(await names('orders'), ['orders', 'orders-dlq']);
    assert.deepEqual(await names('z'), []);
  });

  it('updates attributes and tags through decide, and rolls back when decide throws', async () => {
    const before = (await engine.queues.get<{ a: number }>('orders'))!;
    const updated = await engine.queues.update<{ a: number }>('orders', T0 + 100, (current) => {
      assert.deepEqual(current, before);
      return { attributes: { a: current.attributes.a + 1 }, tags: { team: 'y' } };
    });
    assert.deepEqual(updated, { ...before, attributes: { a: 2 }, tags: { team: 'y' }, modifiedAt: T0 + 100, version: before!.version + 1 });
    assert.deepEqual(await engine.queues.get('orders'), updated);

    const error = new ServiceError('x#InvalidAttributeValue', 'no');
    await assert.rejects(
      engine.queues.update('orders', T0 + 200, () => {
        throw error;
      }),
      (thrown) => thrown === error,
    );
    assert.deepEqual(await engine.queues.get('orders'), updated);
    assert.equal(await engine.queues.update('missing', T0, () => assert.fail('decide called')), undefined);
  });

  it('deletes a queue with its messages; a re-created queue gets a new id and starts empty', async () => {
    const old = await newQueue(engine.queues, 'short-lived', true);
    await engine.queues.send(old.id, [message('m1', { groupId: 'g', dedupKey: 'k', dedupUntil: T0 + 300_000 })], T0);
    assert.equal(await engine.queues.delete('short-lived'), true);
    assert.equal(await engine.queues.delete('short-lived'), false);
    assert.equal(await engine.queues.get('short-lived'), undefined);

    const missing = (thrown: unknown) => thrown instanceof MissingQueueError && thrown.queueId === old.id;
    await assert.rejects(engine.queues.send(old.id, [message('m2')], T0), missing);
    await assert.rejects(receiveAt(engine.queues, old.id, T0), missing);
    await assert.rejects(engine.queues.deleteMessage(old.id, 1, 'n'), missing);
    await assert.rejects(engine.queues.changeVisibility(old.id, 1, 'n', T0, T0), missing);
    await assert.rejects(engine.queues.purge(old.id), missing);
    await assert.rejects(engine.queues.stats(old.id, T0, 0), missing);

    const renewed = await newQueue(engine.queues, 'short-lived', true);
    assert.notEqual(renewed.id, old.id);
    assert.deepEqual(await engine.queues.stats(renewed.id, T0, 0), { visible: 0, inFlight: 0, delayed: 0 });
    // The dedup entry went with the old queue, and sequences start again for the new one.
    const sent = await engine.queues.send(renewed.id, [message('m3', { groupId: 'g', dedupKey: 'k', dedupUntil: T0 + 300_000 })], T0);
    assert.deepEqual(sent, [{ messageId: 'm3', sequence: 1, duplicate: false }]);
  });

  it('a send racing a delete in the same turn: the one queued first wins', async () => {
    const queue = await newQueue(engine.queues, 'racing');
    const send = engine.queues.send(queue.id, [message('r1')], T0);
    const deleted = engine.queues.delete('racing');
    assert.deepEqual(await send, [{ messageId: 'r1', sequence: 1, duplicate: false }]);
    assert.equal(await deleted, true);
    await assert.rejects(engine.queues.send(queue.id, [message('r2')], T0), MissingQueueError);
  });
});

describe('SqliteQueueStore messages', () => {
  let engine: SqliteEngine;
  let store: QueueStore;
  before(() => {
    engine = openSqliteEngine({ path: freshPath() });
    store = engine.queues;
  });
  after(() => engine.close());

  it('receives in send order with increasing sequences, each message once until its visibility ends', async () => {
    const queue = await newQueue(store, 'order');
    const sent = await store.send(queue.id, [message('a'), message('b'), message('c')], T0);
    assert.deepEqual(sent, [
      { messageId: 'a', sequence: 1, duplicate: false },
      { messageId: 'b', sequence: 2, duplicate: false },
      { messageId: 'c', sequence: 3, duplicate: false },
    ]);
    assert.deepEqual(await store.send(queue.id, [message('d')], T0 + 1), [{ messageId: 'd', sequence: 4, duplicate: false }]);

    const first = await receiveAt(store, queue.id, T0 + 10, 2);
    assert.equal(first.redriven, 0);
    assert.deepEqual(first.messages, [
      { messageId: 'a', sequence: 1, body: 'body of a', payload: '{"id":"a"}', sentAt: T0, receiveCount: 1, firstReceivedAt: T0 + 10, nonce: first.messages[0]!.nonce },
      { messageId: 'b', sequence: 2, body: 'body of b', payload: '{"id":"b"}', sentAt: T0, receiveCount: 1, firstReceivedAt: T0 + 10, nonce: first.messages[1]!.nonce },
    ]);
    assert.match(first.messages[0]!.nonce, /^[0-9a-f-]{36}$/);
    assert.notEqual(first.messages[0]!.nonce, first.messages[1]!.nonce);
    assert.deepEqual(ids((await receiveAt(store, queue.id, T0 + 20)).messages), ['c', 'd']);
    assert.deepEqual((await receiveAt(store, queue.id, T0 + 30)).messages, []);
    assert.deepEqual((await store.receive({ queueId: queue.id, fifo: false, max: 0, now: T0 + 50_000, visibleUntil: T0 + 60_000, retainedSince: 0 })).messages, []);
  });

  it('makes a received message receivable again when its visibility ends, with a new nonce and count 2', async () => {
    const queue = await newQueue(store, 'visibility');
    await store.send(queue.id, [message('v')], T0);
    const [first] = (await receiveAt(store, queue.id, T0 + 1_000)).messages;
    assert.deepEqual((await receiveAt(store, queue.id, T0 + 30_999)).messages, []);
    assert.equal(await store.nextVisibleAt(queue.id, T0 + 30_999), T0 + 31_000);
    const [second] = (await receiveAt(store, queue.id, T0 + 31_000)).messages;
    assert.deepEqual(second, { ...first, receiveCount: 2, nonce: second!.nonce });
    assert.equal(second!.firstReceivedAt, T0 + 1_000);
    assert.notEqual(second!.nonce, first!.nonce);

    assert.equal(await store.deleteMessage(queue.id, 1, first!.nonce), 'stale');
    assert.deepEqual(await store.stats(queue.id, T0 + 31_000, 0), { visible: 0, inFlight: 1, delayed: 0 });
    assert.equal(await store.deleteMessage(queue.id, 1, second!.nonce), 'done');
    assert.equal(await store.deleteMessage(queue.id, 1, second!.nonce), 'missing');
    assert.equal(await store.deleteMessage(queue.id, 99, 'whatever'), 'missing');
    assert.deepEqual(await store.stats(queue.id, T0 + 31_000, 0), { visible: 0, inFlight: 0, delayed: 0 });
    assert.equal(await store.nextVisibleAt(queue.id, T0), undefined);
  });

  it('deletes with the latest nonce even after the visibility has ended', async () => {
    const queue = await newQueue(store, 'late-delete');
    await store.send(queue.id, [message('x')], T0);
    const [received] = (await receiveAt(store, queue.id, T0)).messages;
    assert.equal(await store.deleteMessage(queue.id, received!.sequence, received!.nonce), 'done');
    assert.deepEqual(await store.stats(queue.id, T0 + 60_000, 0), { visible: 0, inFlight: 0, delayed: 0 });
  });

  it('changes the visibility of an in-flight message only', async () => {
    const queue = await newQueue(store, 'change');
    await store.send(queue.id, [message('c1'), message('c2')], T0);
    assert.equal(await store.changeVisibility(queue.id, 1, 'never-received', T0 + 5, T0), 'stale');
    const [c1, c2] = (await receiveAt(store, queue.id, T0)).messages;

    assert.equal(await store.changeVisibility(queue.id, 1, c1!.nonce, T0 + 100_000, T0 + 10), 'done');
    assert.equal(await store.nextVisibleAt(queue.id, T0 + 10), T0 + 30_000); // c2's visibility ends first
    assert.deepEqual(ids((await receiveAt(store, queue.id, T0 + 30_000)).messages), ['c2']);
    assert.deepEqual((await receiveAt(store, queue.id, T0 + 49_999)).messages, []); // c1 until 100 000, c2 until 60 000

    // Visibility 0: visible at once, receivable by the next receive.
    assert.equal(await store.changeVisibility(queue.id, 1, c1!.nonce, T0 + 50_000, T0 + 50_000), 'done');
    assert.equal(await store.changeVisibility(queue.id, 1, c1!.nonce, T0 + 90_000, T0 + 50_000), 'not-in-flight');
    assert.equal(await store.changeVisibility(queue.id, 2, c2!.nonce, T0 + 90_000, T0 + 50_000), 'stale');
    assert.equal(await store.changeVisibility(queue.id, 7, c1!.nonce, T0 + 90_000, T0 + 50_000), 'missing');
    const again = (await receiveAt(store, queue.id, T0 + 50_000)).messages;
    assert.deepEqual(again.map((m) => [m.messageId, m.receiveCount]), [['c1', 2]]);
  });

  it('keeps delayed messages out of receives and counts them as delayed', async () => {
    const queue = await newQueue(store, 'delays');
    await store.send(queue.id, [message('late', { visibleAt: T0 + 5_000 }), message('now')], T0);
    assert.deepEqual(await store.stats(queue.id, T0, 0), { visible: 1, inFlight: 0, delayed: 1 });
    assert.equal(await store.nextVisibleAt(queue.id, T0), T0 + 5_000);
    assert.deepEqual(ids((await receiveAt(store, queue.id, T0)).messages), ['now']);
    assert.deepEqual(await store.stats(queue.id, T0, 0), { visible: 0, inFlight: 1, delayed: 1 });
    assert.deepEqual((await receiveAt(store, queue.id, T0 + 4_999)).messages, []);
    assert.deepEqual(ids((await receiveAt(store, queue.id, T0 + 5_000)).messages), ['late']);
    assert.deepEqual(await store.stats(queue.id, T0 + 5_000, 0), { visible: 0, inFlight: 2, delayed: 0 });
    assert.deepEqual(await store.stats(queue.id, T0 + 30_000, 0), { visible: 1, inFlight: 1, delayed: 0 });
    assert.deepEqual(await store.stats(queue.id, T0 + 35_000, 0), { visible: 2, inFlight: 0, delayed: 0 });
  });

  it('retention: receive and stats skip messages sent before retainedSince; trim deletes them', async () => {
    const queue = await newQueue(store, 'retention');
    await store.send(queue.id, [message('old')], T0);
    await store.send(queue.id, [message('new'), message('newer', { visibleAt: T0 + 9_000 })], T0 + 1_000);
    assert.deepEqual(await store.stats(queue.id, T0 + 2_000, T0 + 1_000), { visible: 1, inFlight: 0, delayed: 1 });
    assert.deepEqual(await store.stats(queue.id, T0 + 2_000, 0), { visible: 2, inFlight: 0, delayed: 1 });
    const received = await store.receive({ queueId: queue.id, fifo: false, max: 10, now: T0 + 2_000, visibleUntil: T0 + 3_000, retainedSince: T0 + 1 });
    assert.deepEqual(ids(received.messages), ['new']);
    assert.equal(await store.trim(queue.id, T0 + 1, T0 + 2_000), 1);
    assert.equal(await store.trim(queue.id, T0 + 1, T0 + 2_000), 0);
    assert.deepEqual(await store.stats(queue.id, T0 + 2_000, 0), { visible: 0, inFlight: 1, delayed: 1 });
    assert.equal(await store.trim(queue.id, T0 + 1_001, T0 + 2_000), 2);
    assert.deepEqual(await store.stats(queue.id, T0 + 2_000, 0), { visible: 0, inFlight: 0, delayed: 0 });
  });

  it('purges every message and reports how many', async () => {
    const queue = await newQueue(store, 'purge');
    await store.send(queue.id, [message('p1'), message('p2', { visibleAt: T0 + 9 }), message('p3')], T0);
    await receiveAt(store, queue.id, T0, 1);
    assert.equal(await store.purge(queue.id), 3);
    assert.equal(await store.purge(queue.id), 0);
    assert.deepEqual(await store.stats(queue.id, T0, 0), { visible: 0, inFlight: 0, delayed: 0 });
    // Sequences keep counting after a purge.
    assert.deepEqual(await store.send(queue.id, [message('p4')], T0), [{ messageId: 'p4', sequence: 4, duplicate: false }]);
  });

  it('never hands one message to two receives issued in the same turn', async () => {
    const queue = await newQueue(store, 'contended');
    await store.send(queue.id, Array.from({ length: 25 }, (_, i) => message(`m${i}`)), T0);
    const receives = await Promise.all(Array.from({ length: 8 }, () => receiveAt(store, queue.id, T0 + 1, 3)));
    const all = receives.flatMap((r) => ids(r.messages));
    assert.deepEqual(receives.map((r) => r.messages.length), [3, 3, 3, 3, 3, 3, 3, 3]);
    assert.deepEqual(all, Array.from({ length: 24 }, (_, i) => `m${i}`));
    const rest = await Promise.all([receiveAt(store, queue.id, T0 + 2, 3), receiveAt(store, queue.id, T0 + 2, 3)]);
    assert.deepEqual(rest.map((r) => ids(r.messages)), [['m24'], []]);
  });

  it('shares the group commit with item writes: one failing unit does not fail its neighbours', async () => {
    const queue = await newQueue(store, 'shared');
    const results = await Promise.allSettled([
      store.send(queue.id, [message('s1')], T0),
      store.send(queue.id + 10_000, [message('nowhere')], T0),
      store.send(queue.id, [message('s2')], T0),
    ]);
    assert.deepEqual(results[0], { status: 'fulfilled', value: [{ messageId: 's1', sequence: 1, duplicate: false }] });
    assert.equal(results[1].status, 'rejected');
    assert.ok(results[1].status === 'rejected' && results[1].reason instanceof MissingQueueError);
    assert.deepEqual(results[2], { status: 'fulfilled', value: [{ messageId: 's2', sequence: 2, duplicate: false }] });
  });
});

describe('SqliteQueueStore durability', () => {
  it('keeps messages, counters and in-flight state across close and reopen', async () => {
    const path = freshPath();
    const first = openSqliteEngine({ path });
    const queue = await newQueue(first.queues, 'durable');
    await first.queues.send(queue.id, [message('d1'), message('d2'), message('d3', { visibleAt: T0 + 60_000 })], T0);
    const [d1] = (await receiveAt(first.queues, queue.id, T0, 1)).messages;
    await first.close();
    await assert.rejects(first.queues.send(queue.id, [message('late')], T0), { name: 'StorageError', message: 'The storage engine is closed' });

    const second = openSqliteEngine({ path });
    try {
      assert.deepEqual(await second.queues.get('durable'), queue);
      assert.deepEqual(await second.queues.stats(queue.id, T0, 0), { visible: 1, inFlight: 1, delayed: 1 });
      assert.deepEqual(await second.queues.send(queue.id, [message('d4')], T0), [{ messageId: 'd4', sequence: 4, duplicate: false }]);
      assert.deepEqual(ids((await receiveAt(second.queues, queue.id, T0 + 1)).messages), ['d2', 'd4']);
      assert.equal(await second.queues.changeVisibility(queue.id, 1, d1!.nonce, T0 + 100, T0 + 1), 'done');
      const [again] = (await receiveAt(second.queues, queue.id, T0 + 100)).messages;
      assert.deepEqual([again!.messageId, again!.receiveCount, again!.firstReceivedAt], ['d1', 2, T0]);
      // A new queue after reopen never reuses an id.
      assert.ok((await newQueue(second.queues, 'after-reopen')).id > queue.id);
    } finally {
      await second.close();
    }
  });
});
