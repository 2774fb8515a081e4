import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { openSqliteEngine, type SqliteEngine } from './sqlite-engine.js';
import type { AcceptedMessage, NewTopicDelivery } from '../topic-delivery-store.js';

const T0 = 1_700_000_000_000;

async function withTopic(fifo = false): Promise<{ engine: SqliteEngine; expected: { version: number; createdAt: number } }> {
  const engine = openSqliteEngine({ path: ':memory:' });
  await engine.topics.writeTopic({ name: 't', now: T0, decide: () => ({ topic: { fifo, attributes: {}, tags: {} }, result: undefined }) });
  const topic = (await engine.topics.getTopic('t'))!;
  return { engine, expected: { version: topic.version, createdAt: topic.createdAt } };
}

const delivery = (id: string, more: Partial<NewTopicDelivery> = {}): NewTopicDelivery => ({
  id, topic: 't', subscription: 's', protocol: 'http', document: `{"n":"${id}"}`, dueAt: T0, acceptedAt: T0, ...more,
});

// The contract (claims, leases, FIFO, identity, several connections) is tested on every engine in
// ../topic-delivery-store.contract.test.ts; here what needs a queue store of this engine.
describe('SqliteTopicDeliveries', () => {
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
});
