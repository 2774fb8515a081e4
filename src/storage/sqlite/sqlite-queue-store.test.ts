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
