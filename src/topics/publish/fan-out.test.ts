import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { openSqliteEngine } from '../../storage/sqlite/sqlite-engine.js';
import type { SubscriptionState } from '../../storage/topic-store.js';
import { silentLogger } from '../../shared/logger.js';
import { FanOutCache, matchingSubscriptions } from './fan-out.js';

const deployment = { region: 'us-east-1', account: '000000000000' };
const sub = (id: string, attributes: Record<string, string> = {}, more: Partial<SubscriptionState> = {}): SubscriptionState => ({
  id, topic: 't', protocol: 'http', endpoint: `http://h/${id}`, owner: deployment.account, attributes, pending: false, ...more,
});

describe('FanOutCache', () => {
  it('compiles a topic’s confirmed subscriptions once per topic version, and again after any subscription write', async () => {
    const engine = openSqliteEngine({ path: ':memory:' });
    const store = engine.topics;
    const topicPolicy = { http: { defaultHealthyRetryPolicy: { numRetries: 7 }, disableSubscriptionOverrides: false } };
    await store.writeTopic({ name: 't', now: 1, decide: () => ({ topic: { fifo: false, attributes: { DeliveryPolicy: JSON.stringify(topicPolicy) }, tags: {} }, result: undefined }) });
    const write = (state: SubscriptionState) => store.writeSubscription({ key: { id: state.id }, now: 2, decide: () => ({ subscription: state, result: undefined }) });
    await write(sub('pro', { FilterPolicy: '{"plan":["pro"]}', FilterPolicyScope: 'MessageAttributes' }));
    await write(sub('own', { DeliveryPolicy: JSON.stringify({ healthyRetryPolicy: { numRetries: 1 } }) }));
    await write(sub('waiting', {}, { pending: true, token: 'x', tokenExpiresAt: 9 }));
    const cache = new FanOutCache(store, deployment, silentLogger);
    const first = (await cache.of('t'))!;
    assert.deepEqual(first.subscriptions.map((s) => s.subscription.id), ['pro', 'own'], 'pending ones receive nothing');
    assert.equal(await cache.of('t'), first, 'the same compiled fan-out while the version holds');
    const plan = (value: string) => ({ attributes: { plan: { DataType: 'String', StringValue: value } }, body: 'x' });
    assert.deepEqual(matchingSubscriptions(first, plan('pro')).map((s) => s.subscription.id), ['pro', 'own']);
    assert.deepEqual(matchingSubscriptions(first, plan('free')).map((s) => s.subscription.id), ['own']);
    const policy = (id: string) => JSON.parse(first.subscriptions.find((s) => s.subscription.id === id)!.snapshot.deliveryPolicy!) as { numRetries: number };
    assert.equal(policy('pro').numRetries, 7, 'the topic’s default');
    assert.equal(policy('own').numRetries, 1, 'the subscription’s own');
    // Overrides disabled on the topic: its defaults win.
    const disabled = { http: { ...topicPolicy.http, disableSubscriptionOverrides: true } };
    await store.writeTopic({ name: 't', now: 3, decide: (current) => ({ topic: { ...current!, attributes: { DeliveryPolicy: JSON.stringify(disabled) } }, result: undefined }) });
    const second = (await cache.of('t'))!;
    assert.notEqual(second, first);
    assert.equal(JSON.parse(second.subscriptions.find((s) => s.subscription.id === 'own')!.snapshot.deliveryPolicy!).numRetries, 7);
    await store.writeSubscription({ key: { id: 'pro' }, now: 4, decide: () => ({ subscription: null, result: undefined }) });
    assert.deepEqual((await cache.of('t'))!.subscriptions.map((s) => s.subscription.id), ['own'], 'an unsubscribe bumps the version');
    await store.writeTopic({ name: 't', now: 5, decide: () => ({ topic: null, result: undefined }) });
    assert.equal(await cache.of('t'), undefined);
    await engine.close();
  });
});
