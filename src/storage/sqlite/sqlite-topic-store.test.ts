import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { openSqliteEngine } from './sqlite-engine.js';
import type { SubscriptionState } from '../topic-store.js';

const sub = (id: string, topic: string, endpoint: string, pending = false): SubscriptionState => ({ id, topic, protocol: 'sqs', endpoint, owner: '1', attributes: {}, pending });

describe('SqliteTopicStore', () => {
  it('writes topics by decision, bumps their version, lists them by name after a cursor', async () => {
    const engine = openSqliteEngine({ path: ':memory:' });
    const store = engine.topics;
    for (const name of ['b', 'a', 'c']) await store.writeTopic({ name, now: 5, decide: () => ({ topic: { fifo: false, attributes: {}, tags: {} }, result: undefined }) });
    assert.deepEqual((await store.listTopics(undefined, 2)).map((t) => t.name), ['a', 'b']);
    assert.deepEqual((await store.listTopics('b', 2)).map((t) => t.name), ['c']);
    const result = await store.writeTopic({ name: 'a', now: 6, decide: (current) => ({ topic: { ...current!, tags: { k: 'v' } }, result: current!.version }) });
    assert.equal(result, 1);
    const a = await store.getTopic('a');
    assert.deepEqual([a?.version, a?.tags, a?.createdAt], [2, { k: 'v' }, 5]);
    await assert.rejects(store.writeTopic({ name: 'a', now: 7, decide: () => { throw new Error('no'); } }), /no/);
    assert.equal((await store.getTopic('a'))?.version, 2);
    await engine.close();
  });

  it('subscriptions: unique per (topic, protocol, endpoint), found by token, counted, deleted with their topic', async () => {
    const engine = openSqliteEngine({ path: ':memory:' });
    const store = engine.topics;
    await store.writeTopic({ name: 't', now: 1, decide: () => ({ topic: { fifo: false, attributes: {}, tags: {} }, result: undefined }) });
    const key = { topic: 't', protocol: 'sqs', endpoint: 'arn:q' };
    const ids = await Promise.all(
      ['s1', 's2'].map((id) => store.writeSubscription({ key, now: 2, decide: (current, topic) => (current ? { result: current.id } : { subscription: sub(id, topic!.name, 'arn:q'), result: id }) })),
    );
    assert.deepEqual(ids, ['s1', 's1']);
    await store.writeSubscription({ key: { topic: 't', protocol: 'sqs', endpoint: 'arn:p' }, now: 3, decide: () => ({ subscription: { ...sub('s3', 't', 'arn:p', true), token: 'tok', tokenExpiresAt: 9 }, result: undefined }) });
    assert.deepEqual(await store.countSubscriptions('t'), { confirmed: 1, pending: 1 });
    const confirmed = await store.writeSubscription({ key: { token: 'tok' }, now: 4, decide: (current) => ({ subscription: { ...current!, pending: false }, result: current!.id }) });
    assert.equal(confirmed, 's3');
    assert.deepEqual(await store.countSubscriptions('t'), { confirmed: 2, pending: 0 });
    const page = await store.listSubscriptions({ topic: 't', limit: 1 });
    assert.deepEqual(page.map((p) => p.subscription.id), ['s1']);
    assert.deepEqual((await store.listSubscriptions({ after: page[0]!.position, limit: 10 })).map((p) => p.subscription.id), ['s3']);
    await store.writeSubscription({ key: { id: 's1' }, now: 5, decide: () => ({ subscription: null, result: undefined }) });
    assert.equal((await store.getTopic('t'))?.subscriptionsDeleted, 1);
    await store.writeTopic({ name: 't', now: 6, decide: () => ({ topic: null, result: undefined }) });
    assert.equal(await store.getSubscription('s3'), undefined);
    assert.deepEqual(await store.countSubscriptions('t'), { confirmed: 0, pending: 0 });
    await engine.close();
  });
});
