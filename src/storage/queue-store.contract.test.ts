import { it } from 'node:test';
import assert from 'node:assert/strict';
import { QUEUE_OPENERS } from '../../test/helpers/engine-openers.js';
import { describeStoreContract } from '../../test/helpers/store-contract.js';
import { openSqliteEngine } from './sqlite/sqlite-engine.js';
import { openPgPool } from './postgres/pg-pool.js';
import { applyPostgresMigrations } from './postgres/postgres-migrations.js';
import { PostgresQueueStore } from './postgres/postgres-queue-store.js';
import { PostgresTopicStore } from './postgres/postgres-topic-store.js';
import type { TopicStore } from './topic-store.js';
import { MissingQueueError, type NewMessage, type QueueStore, type StoredMessage } from './queue-store.js';

const T0 = 1_700_000_000_000;
const message = (id: string, extra: Partial<NewMessage> = {}): NewMessage => ({ messageId: id, body: `body of ${id}`, payload: `{"id":"${id}"}`, visibleAt: T0, ...extra });
const ids = (messages: readonly StoredMessage[]) => messages.map((m) => m.messageId);
const receiveAt = (store: QueueStore, queueId: number, now: number, max = 10, fifo = false) =>
  store.receive({ queueId, fifo, max, now, visibleUntil: now + 30_000, retainedSince: 0 });
const newQueue = async (store: QueueStore, name: string, fifo = false) =>
  (await store.create({ name, fifo, attributes: { visibilityTimeout: 30 }, tags: {}, now: T0 })).queue;

const openers = QUEUE_OPENERS;

describeStoreContract<QueueStore>(
  'QueueStore contract',
  openers,
  ({ open, database }) => {
    it('creates a queue once, gets, lists byte-wise by prefix, updates with a version, deletes', async () => {
      const store = await open();
      const first = await store.create({ name: 'orders', fifo: false, attributes: { a: 1 }, tags: { team: 'x' }, now: T0 });
      assert.equal(first.created, true);
      assert.deepEqual(first.queue, { id: first.queue.id, name: 'orders', fifo: false, attributes: { a: 1 }, tags: { team: 'x' }, createdAt: T0, modifiedAt: T0, version: 1 });
      assert.deepEqual(await store.create({ name: 'orders', fifo: true, attributes: { a: 2 }, tags: {}, now: T0 + 5 }), { queue: first.queue, created: false });
      assert.deepEqual(await store.getById(first.queue.id), first.queue);
      assert.equal(await store.get('Orders'), undefined);
      for (const name of ['o_1', 'O', 'o-1', 'p']) await newQueue(store, name);
      assert.deepEqual((await store.list()).map((q) => q.name), ['O', 'o-1', 'o_1', 'orders', 'p']);
      assert.deepEqual((await store.list('o')).map((q) => q.name), ['o-1', 'o_1', 'orders']);
      const updated = await store.update<{ a: number }>('orders', T0 + 9, (current) => ({ attributes: { a: current.attributes.a + 1 }, tags: {} }));
      assert.deepEqual([updated?.attributes, updated?.version, updated?.modifiedAt], [{ a: 2 }, 2, T0 + 9]);
      assert.deepEqual((await store.get('orders'))?.version, 2);
      await assert.rejects(store.update('orders', T0, () => { throw new Error('no'); }), /no/);
      assert.equal(await store.update('nope', T0, () => ({ attributes: {}, tags: {} })), undefined);
      assert.equal(await store.delete('orders'), true);
      assert.equal(await store.delete('orders'), false);
      await assert.rejects(store.send(first.queue.id, [message('m')], T0), MissingQueueError);
      await assert.rejects(receiveAt(store, first.queue.id, T0), MissingQueueError);
    });

    it('sends in sequence order, receives oldest first with a nonce, deletes and changes visibility by receipt', async () => {
      const store = await open();
      const q = await newQueue(store, 'q');
      const sent = await store.send(q.id, [message('a'), message('b'), message('c', { visibleAt: T0 + 10_000 })], T0);
      assert.deepEqual(sent.map((s) => s.duplicate), [false, false, false]);
      assert.ok(sent[0]!.sequence < sent[1]!.sequence && sent[1]!.sequence < sent[2]!.sequence);
      assert.deepEqual(await store.stats(q.id, T0, 0), { visible: 2, inFlight: 0, delayed: 1 });
      assert.equal(await store.nextVisibleAt(q.id, T0), T0 + 10_000);
      const got = await receiveAt(store, q.id, T0, 1);
      assert.deepEqual(ids(got.messages), ['a']);
      const a = got.messages[0]!;
      assert.deepEqual([a.body, a.payload, a.sentAt, a.receiveCount, a.firstReceivedAt], ['body of a', '{"id":"a"}', T0, 1, T0]);
      assert.deepEqual(await store.stats(q.id, T0, 0), { visible: 1, inFlight: 1, delayed: 1 });
      assert.equal(await store.changeVisibility(q.id, a.sequence, 'other', T0, T0), 'stale');
      assert.equal(await store.changeVisibility(q.id, a.sequence, a.nonce, T0 + 1, T0), 'done');
      assert.equal(await store.changeVisibility(q.id, a.sequence, a.nonce, T0 + 5, T0 + 2), 'not-in-flight');
      const again = await receiveAt(store, q.id, T0 + 2);
      assert.deepEqual(ids(again.messages), ['a', 'b']);
      assert.equal(again.messages[0]!.receiveCount, 2);
      assert.equal(again.messages[0]!.firstReceivedAt, T0);
      assert.equal(await store.deleteMessage(q.id, a.sequence, a.nonce), 'stale');
      assert.equal(await store.deleteMessage(q.id, a.sequence, again.messages[0]!.nonce), 'done');
      assert.equal(await store.deleteMessage(q.id, a.sequence, again.messages[0]!.nonce), 'missing');
      assert.equal(await store.purge(q.id), 2);
      assert.deepEqual(await store.stats(q.id, T0, 0), { visible: 0, inFlight: 0, delayed: 0 });
    });

    it('FIFO: deduplicates within the window (keys with U+0000 too), and one group is in flight at a time', async () => {
      const store = await open();
      const q = await newQueue(store, 'q.fifo', true);
      const key = 'g1\u0000id-1';
      const fifo = (id: string, groupId: string, dedupKey?: string) => message(id, { groupId, dedupKey, dedupUntil: T0 + 300_000 });
      const sent = await store.send(q.id, [fifo('m1', 'g1', key), fifo('m2', 'g1', key), fifo('m3', 'g2'), fifo('m4', 'g1')], T0);
      assert.deepEqual(sent.map((s) => [s.messageId, s.duplicate]), [['m1', false], ['m1', true], ['m3', false], ['m4', false]]);
      const later = await store.send(q.id, [fifo('m5', 'g1', key)], T0 + 1);
      assert.deepEqual(later, [{ messageId: 'm1', sequence: sent[0]!.sequence, duplicate: true }]);
      const first = await receiveAt(store, q.id, T0, 1, true);
      assert.deepEqual(ids(first.messages), ['m1']);
      assert.equal(first.messages[0]!.dedupKey, key);
      assert.deepEqual(ids((await receiveAt(store, q.id, T0, 10, true)).messages), ['m3'], 'g1 is blocked while m1 is in flight');
      await store.deleteMessage(q.id, first.messages[0]!.sequence, first.messages[0]!.nonce);
      assert.deepEqual(ids((await receiveAt(store, q.id, T0, 10, true)).messages), ['m4']);
      assert.equal(await store.trim(q.id, 0, T0 + 300_000), 0);
      assert.equal((await store.send(q.id, [fifo('m6', 'g1', key)], T0 + 300_000))[0]!.duplicate, false, 'window over');
    });

    it('redrives a message received maxReceiveCount times to the dead-letter queue, and moves it back', async () => {
      const store = await open();
      const q = await newQueue(store, 'src');
      const dlq = await newQueue(store, 'dlq');
      await store.send(q.id, [message('m')], T0);
      const redrive = { maxReceiveCount: 1, deadLetterQueueId: dlq.id };
      const receive = (now: number) => store.receive({ queueId: q.id, fifo: false, max: 10, now, visibleUntil: now + 10, retainedSince: 0, redrive });
      assert.deepEqual(ids((await receive(T0)).messages), ['m']);
      assert.deepEqual(await receive(T0 + 20), { messages: [], redriven: 1 });
      const dead = (await receiveAt(store, dlq.id, T0 + 20)).messages;
      assert.deepEqual([ids(dead), dead[0]!.sourceQueueId, dead[0]!.receiveCount, dead[0]!.sentAt], [['m'], q.id, 1, T0]);
      await store.saveMoveTask({ taskHandle: 't1', sourceQueueId: dlq.id, sourceArn: 'arn:dlq', startedAt: T0, status: 'RUNNING', moved: 0, toMove: 1 });
      assert.deepEqual(await store.moveMessages({ fromQueueId: dlq.id, limit: 10, now: T0 + 30, taskHandle: 't1' }), { moved: 1, left: 0 });
      const back = (await receiveAt(store, q.id, T0 + 40)).messages;
      assert.deepEqual([ids(back), back[0]!.sourceQueueId, back[0]!.receiveCount, back[0]!.sentAt], [['m'], undefined, 1, T0 + 30]);
      await store.saveMoveTask({ taskHandle: 't2', sourceQueueId: dlq.id, sourceArn: 'arn:dlq', startedAt: T0 + 50, status: 'RUNNING', moved: 0, toMove: 0 });
      const tasks = await store.moveTasks();
      assert.deepEqual(tasks.map((t) => [t.taskHandle, t.moved]), [['t2', 0], ['t1', 1]]);
      assert.equal(tasks[1]!.sourceArn, 'arn:dlq');
      await store.delete('dlq');
      assert.deepEqual(await store.moveTasks(), []);
    });

    it('two connections receiving at once never claim one message twice, nor two of one FIFO group', async () => {
      const at = await database();
      const a = await open(at);
      const q = await newQueue(a, 'q');
      const f = await newQueue(a, 'f.fifo', true);
      const b = await open(at); // opened after the creates: SQLite's store knows the queues that exist at open
      await a.send(q.id, Array.from({ length: 40 }, (_, i) => message(`m${i}`)), T0);
      await a.send(f.id, Array.from({ length: 12 }, (_, i) => message(`f${i}`, { groupId: `g${i % 3}` })), T0);
      const got = await Promise.all([a, b, a, b].map((s) => receiveAt(s, q.id, T0, 10)));
      const all = got.flatMap((r) => ids(r.messages));
      assert.equal(new Set(all).size, all.length, 'no message claimed twice');
      const fifo = await Promise.all([a, b, a, b, a, b].map((s) => receiveAt(s, f.id, T0, 1, true)));
      const groups = fifo.flatMap((r) => r.messages.map((m) => m.groupId));
      assert.equal(groups.length, 3, 'one message of each group');
      assert.equal(new Set(groups).size, 3);
    });

    it('two connections sending one FIFO deduplication key at once store it once', async () => {
      const at = await database();
      const a = await open(at);
      const f = await newQueue(a, 'd.fifo', true);
      const b = await open(at); // opened after the create: SQLite's store knows the queues that exist at open
      const send = (s: QueueStore, id: string) => s.send(f.id, [message(id, { groupId: 'g', dedupKey: 'same', dedupUntil: T0 + 300_000 })], T0);
      const outcomes = (await Promise.all([a, b, a, b].map((s, i) => send(s, `m${i}`)))).flat();
      assert.equal(outcomes.filter((o) => !o.duplicate).length, 1);
      assert.equal(new Set(outcomes.map((o) => o.messageId)).size, 1, 'every duplicate answers with the stored message');
      assert.deepEqual(await a.stats(f.id, T0, 0), { visible: 1, inFlight: 0, delayed: 0 });
    });
  },
);

describeStoreContract<{ queues: QueueStore; topics: TopicStore }>(
  'QueueStore contract: topic copies',
  {
    sqlite(path) {
      const engine = openSqliteEngine({ path });
      return { store: { queues: engine.queues, topics: engine.topics }, close: () => engine.close() };
    },
    async postgres(url) {
      const pool = await openPgPool({ url, size: 4 });
      await applyPostgresMigrations(pool);
      const queues = new PostgresQueueStore(pool);
      return { store: { queues, topics: new PostgresTopicStore(pool, queues) }, close: () => pool.end() };
    },
  },
  ({ open }) => {
    it('an sqs copy of a Publish lands on its queue in the publishing transaction; at another queue version it is the fallback', async () => {
      const { queues, topics } = await open();
      const q = await newQueue(queues, 'q');
      await topics.writeTopic({ name: 't', now: T0, decide: () => ({ topic: { fifo: false, attributes: {}, tags: {} }, result: undefined }) });
      const topic = (await topics.getTopic('t'))!;
      const expected = { version: topic.version, createdAt: topic.createdAt };
      const fallback = (id: string) => ({ id, topic: 't', subscription: 's', protocol: 'sqs', document: '{}', dueAt: T0, acceptedAt: T0 });
      const copy = (id: string, queueVersion: number) => ({
        messageId: id,
        build: () => ({ deliveries: [], queued: [{ queueId: q.id, queueVersion, message: message(id), fallback: fallback(`f-${id}`) }] }),
      });
      const [landed] = await topics.deliveries.acceptPublish({ topic: 't', expected, fifo: false, now: T0, messages: [copy('m1', q.version)] });
      assert.deepEqual(landed?.queuedTo, [q.id]);
      const [stale] = await topics.deliveries.acceptPublish({ topic: 't', expected, fifo: false, now: T0, messages: [copy('m2', q.version + 1)] });
      assert.deepEqual(stale?.queuedTo, []);
      const got = await receiveAt(queues, q.id, T0);
      assert.deepEqual([ids(got.messages), got.messages[0]?.body], [['m1'], 'body of m1']);
      assert.deepEqual((await topics.deliveries.pendingDeliveries(10)).map((d) => d.id), ['f-m2']);
    });
  },
);

/** SQLite's message tests (sqlite-queue-store.test.ts), on every engine. */
describeStoreContract<QueueStore>('QueueStore contract: messages', openers, ({ open }) => {
  it('deletes a queue with its messages; a re-created queue gets a new id and starts empty', async () => {
    const store = await open();
    const old = await newQueue(store, 'short-lived', true);
    await store.send(old.id, [message('m1', { groupId: 'g', dedupKey: 'k', dedupUntil: T0 + 300_000 })], T0);
    assert.equal(await store.delete('short-lived'), true);
    assert.equal(await store.delete('short-lived'), false);
    assert.equal(await store.get('short-lived'), undefined);

    const missing = (thrown: unknown) => thrown instanceof MissingQueueError && thrown.queueId === old.id;
    await assert.rejects(store.send(old.id, [message('m2')], T0), missing);
    await assert.rejects(receiveAt(store, old.id, T0), missing);
    await assert.rejects(store.deleteMessage(old.id, 1, 'n'), missing);
    await assert.rejects(store.changeVisibility(old.id, 1, 'n', T0, T0), missing);
    await assert.rejects(store.purge(old.id), missing);
    await assert.rejects(store.stats(old.id, T0, 0), missing);

    const renewed = await newQueue(store, 'short-lived', true);
    assert.notEqual(renewed.id, old.id);
    assert.deepEqual(await store.stats(renewed.id, T0, 0), { visible: 0, inFlight: 0, delayed: 0 });
    // The dedup entry went with the old queue, and sequences start again for the new one.
    const sent = await store.send(renewed.id, [message('m3', { groupId: 'g', dedupKey: 'k', dedupUntil: T0 + 300_000 })], T0);
    assert.deepEqual(sent, [{ messageId: 'm3', sequence: 1, duplicate: false }]);
  });

  it('receives in send order with increasing sequences, each message once until its visibility ends', async () => {
    const store = await open();
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
    const store = await open();
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
    const store = await open();
    const queue = await newQueue(store, 'late-delete');
    await store.send(queue.id, [message('x')], T0);
    const [received] = (await receiveAt(store, queue.id, T0)).messages;
    assert.equal(await store.deleteMessage(queue.id, received!.sequence, received!.nonce), 'done');
    assert.deepEqual(await store.stats(queue.id, T0 + 60_000, 0), { visible: 0, inFlight: 0, delayed: 0 });
  });

  it('changes the visibility of an in-flight message only', async () => {
    const store = await open();
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
    const store = await open();
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
    const store = await open();
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
    const store = await open();
    const queue = await newQueue(store, 'purge');
    await store.send(queue.id, [message('p1'), message('p2', { visibleAt: T0 + 9 }), message('p3')], T0);
    await receiveAt(store, queue.id, T0, 1);
    assert.equal(await store.purge(queue.id), 3);
    assert.equal(await store.purge(queue.id), 0);
    assert.deepEqual(await store.stats(queue.id, T0, 0), { visible: 0, inFlight: 0, delayed: 0 });
    // Sequences keep counting after a purge.
    assert.deepEqual(await store.send(queue.id, [message('p4')], T0), [{ messageId: 'p4', sequence: 4, duplicate: false }]);
  });
});
