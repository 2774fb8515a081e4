import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openSqliteEngine, type SqliteEngine } from './sqlite-engine.js';
import { StaleTopicError, type AcceptedMessage, type NewTopicDelivery } from '../topic-delivery-store.js';
import { tempDir } from './fixtures/temp-dir.js';

const T0 = 1_700_000_000_000;
const dir = tempDir();
let counter = 0;

async function withTopic(fifo = false): Promise<{ engine: SqliteEngine; expected: { version: number; createdAt: number } }> {
  const engine = openSqliteEngine({ path: ':memory:' });
  await engine.topics.writeTopic({ name: 't', now: T0, decide: () => ({ topic: { fifo, attributes: {}, tags: {} }, result: undefined }) });
  const topic = (await engine.topics.getTopic('t'))!;
  return { engine, expected: { version: topic.version, createdAt: topic.createdAt } };
}

const delivery = (id: string, more: Partial<NewTopicDelivery> = {}): NewTopicDelivery => ({
  id, topic: 't', subscription: 's', protocol: 'http', document: `{"n":"${id}"}`, dueAt: T0, acceptedAt: T0, ...more,
});

const message = (id: string, more: Partial<AcceptedMessage> = {}, sequences: (string | undefined)[] = []): AcceptedMessage => ({
  messageId: id,
  build(sequenceNumber) {
    sequences.push(sequenceNumber);
    return { deliveries: [delivery(`d-${id}`)], queued: [] };
  },
  ...more,
});

describe('SqliteTopicDeliveries', () => {
  it('accepts a Publish durably, refuses a stale topic version, claims with a lease, retries and settles', async () => {
    const { engine, expected } = await withTopic();
    const store = engine.topics.deliveries;
    let woken = 0;
    store.onDeliveries(() => woken++);
    await assert.rejects(store.acceptPublish({ topic: 't', expected: { ...expected, version: 99 }, fifo: false, now: T0, messages: [message('m1')] }), StaleTopicError);
    const [outcome] = await store.acceptPublish({ topic: 't', expected, fifo: false, now: T0, messages: [message('m1')] });
    assert.deepEqual(outcome, { duplicate: false, messageId: 'm1', queuedTo: [] });
    await Promise.resolve();
    assert.equal(woken, 1);
    assert.equal(await store.nextDeliveryDue(), T0);
    const [claimed] = await store.claimDeliveries('a', T0, T0 + 60_000, 10);
    assert.equal(claimed?.id, 'd-m1');
    assert.deepEqual(await store.claimDeliveries('b', T0 + 1, T0 + 60_000, 10), [], 'leased');
    assert.equal(await store.nextDeliveryDue(), T0 + 60_000);
    assert.equal(await store.settleDeliveries('b', [{ id: 'd-m1', kind: 'delivered' }]), 0, 'not the holder');
    assert.equal(await store.settleDeliveries('a', [{ id: 'd-m1', kind: 'retry', attempts: 1, dueAt: T0 + 20_000, error: '500' }]), 1);
    assert.deepEqual(await store.claimDeliveries('b', T0 + 19_999, T0 + 60_000, 10), []);
    const [again] = await store.claimDeliveries('b', T0 + 20_000, T0 + 80_000, 10);
    assert.deepEqual([again?.attempts, again?.lastError], [1, '500']);
    assert.equal(await store.settleDeliveries('b', [{ id: 'd-m1', kind: 'delivered' }]), 1);
    assert.equal(await store.nextDeliveryDue(), undefined);
    await engine.close();
  });

  it('FIFO: sequence numbers per topic, duplicates in the window (and in the batch) answered with the first id, nothing stored for them', async () => {
    const { engine, expected } = await withTopic(true);
    const store = engine.topics.deliveries;
    const sequences: (string | undefined)[] = [];
    const until = T0 + 300_000;
    const outcomes = await store.acceptPublish({
      topic: 't', expected, fifo: true, now: T0,
      messages: [message('m1', { dedupKey: 'k1', dedupUntil: until }, sequences), message('m2', { dedupKey: 'k1', dedupUntil: until }, sequences), message('m3', { dedupKey: 'k2', dedupUntil: until }, sequences)],
    });
    assert.deepEqual(outcomes.map((o) => [o.duplicate, o.messageId, o.sequenceNumber]), [
      [false, 'm1', '10000000000000000001'], [true, 'm1', '10000000000000000001'], [false, 'm3', '10000000000000000002'],
    ]);
    assert.deepEqual(sequences, ['10000000000000000001', '10000000000000000002']);
    const [late] = await store.acceptPublish({ topic: 't', expected, fifo: true, now: T0 + 1, messages: [message('m4', { dedupKey: 'k1', dedupUntil: until + 1 })] });
    assert.deepEqual([late?.duplicate, late?.messageId], [true, 'm1']);
    const [after] = await store.acceptPublish({ topic: 't', expected, fifo: true, now: until, messages: [message('m5', { dedupKey: 'k1', dedupUntil: until + 300_000 })] });
    assert.deepEqual([after?.duplicate, after?.messageId, after?.sequenceNumber], [false, 'm5', '10000000000000000003']);
    assert.deepEqual((await store.pendingDeliveries(10)).map((d) => d.id), ['d-m1', 'd-m3', 'd-m5']);
    await engine.close();
  });

  it('puts sqs copies on a live queue in the same transaction; a changed queue gets the fallback delivery row', async () => {
    const { engine, expected } = await withTopic();
    const store = engine.topics.deliveries;
    const { queue } = await engine.queues.create({ name: 'q', fifo: false, attributes: {}, tags: {}, now: T0 });
    const copy = (id: string, queueVersion: number): AcceptedMessage => ({
      messageId: id,
      build: () => ({ deliveries: [], queued: [{ queueId: queue.id, queueVersion, message: { messageId: id, body: id, payload: '{}', visibleAt: T0 }, fallback: delivery(`f-${id}`, { protocol: 'sqs' }) }] }),
    });
    const [a, b] = await store.acceptPublish({ topic: 't', expected, fifo: false, now: T0, messages: [copy('a', queue.version), copy('b', queue.version + 1)] });
    assert.deepEqual([a?.queuedTo, b?.queuedTo], [[queue.id], []]);
    const received = await engine.queues.receive({ queueId: queue.id, fifo: false, max: 10, now: T0 + 1, visibleUntil: T0 + 30_000, retainedSince: 0 });
    assert.deepEqual(received.messages.map((m) => m.body), ['a']);
    assert.deepEqual((await store.pendingDeliveries(10)).map((d) => d.id), ['f-b']);
    await engine.close();
  });

  it('a subscription write stores its deliveries (a confirmation) in its own transaction, and wakes the runner after it', async () => {
    const { engine } = await withTopic();
    const store = engine.topics;
    let woken = 0;
    store.deliveries.onDeliveries(() => woken++);
    const state = { id: 's1', topic: 't', protocol: 'http', endpoint: 'http://h', owner: '0', attributes: {}, pending: true, token: 'tok', tokenExpiresAt: T0 + 1 };
    await assert.rejects(store.writeSubscription({ key: { id: 's1' }, now: T0, decide: () => { throw new Error('refused'); } }), /refused/);
    await store.writeSubscription({ key: { id: 's1' }, now: T0, decide: () => ({ subscription: state, deliveries: [delivery('confirm-1')], result: undefined }) });
    await Promise.resolve();
    assert.equal(woken, 1);
    assert.deepEqual((await store.deliveries.pendingDeliveries(10)).map((d) => d.id), ['confirm-1']);
    await engine.close();
  });

  it('keeps deliveries and the first signing identity across a reopen; releaseAllLeases frees a dead run’s leases', async () => {
    const path = join(dir, `topic-deliveries-${++counter}`, 'eddy.sqlite');
    let engine = openSqliteEngine({ path });
    await engine.topics.deliveries.addDeliveries([delivery('c1')]);
    await engine.topics.deliveries.claimDeliveries('dead', T0, T0 + 60_000, 10);
    const first = await engine.topics.deliveries.signingIdentity(() => ({ privateKeyPem: 'k1', certificatePem: 'c1' }));
    assert.deepEqual(first, { privateKeyPem: 'k1', certificatePem: 'c1' });
    await engine.close();
    engine = openSqliteEngine({ path });
    const store = engine.topics.deliveries;
    assert.deepEqual(await store.signingIdentity(() => assert.fail('made again')), first);
    assert.deepEqual(await store.claimDeliveries('new', T0, T0 + 60_000, 10), []);
    assert.equal(await store.releaseAllLeases(), 1);
    assert.deepEqual((await store.claimDeliveries('new', T0, T0 + 60_000, 10)).map((d) => d.id), ['c1']);
    await engine.close();
  });
});
