import { it } from 'node:test';
import assert from 'node:assert/strict';
import { describeStoreContract } from '../../test/helpers/store-contract.js';
import { openSqliteEngine } from './sqlite/sqlite-engine.js';
import { openPgPool } from './postgres/pg-pool.js';
import { applyPostgresMigrations } from './postgres/postgres-migrations.js';
import { PostgresTopicStore } from './postgres/postgres-topic-store.js';
import { NO_POSTGRES_QUEUES } from './postgres/postgres-topic-deliveries.js';
import { StaleTopicError, type AcceptedMessage, type NewTopicDelivery } from './topic-delivery-store.js';
import type { TopicStore } from './topic-store.js';

const T0 = 1_700_000_000_000;

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

/** Creates topic `t` and answers the version a Publish is matched at. */
async function withTopic(store: TopicStore, fifo = false): Promise<{ version: number; createdAt: number }> {
  await store.writeTopic({ name: 't', now: T0, decide: () => ({ topic: { fifo, attributes: {}, tags: {} }, result: undefined }) });
  const topic = (await store.getTopic('t'))!;
  return { version: topic.version, createdAt: topic.createdAt };
}

/** Resolves on the listener's next call. */
const nextWakeup = (store: TopicStore) =>
  new Promise<void>((resolve) => {
    const stop = store.deliveries.onDeliveries(() => (stop(), resolve()));
  });

describeStoreContract<TopicStore>(
  'TopicDeliveryStore contract',
  {
    sqlite(path) {
      const engine = openSqliteEngine({ path });
      return { store: engine.topics, close: () => engine.close() };
    },
    async postgres(url) {
      const pool = await openPgPool({ url, size: 4 });
      await applyPostgresMigrations(pool);
      return { store: new PostgresTopicStore(pool, NO_POSTGRES_QUEUES), close: () => pool.end() };
    },
  },
  ({ open, database }) => {
    it('accepts a Publish durably, refuses a stale topic version, claims with a lease, retries and settles', async () => {
      const topics = await open();
      const expected = await withTopic(topics);
      const store = topics.deliveries;
      await assert.rejects(store.acceptPublish({ topic: 't', expected: { ...expected, version: 99 }, fifo: false, now: T0, messages: [message('m1')] }), StaleTopicError);
      await assert.rejects(store.acceptPublish({ topic: 't', expected: { ...expected, createdAt: T0 - 1 }, fifo: false, now: T0, messages: [message('m1')] }), StaleTopicError);
      await assert.rejects(store.acceptPublish({ topic: 'gone', expected, fifo: false, now: T0, messages: [message('m1')] }), StaleTopicError);
      assert.deepEqual(await store.pendingDeliveries(10), [], 'a stale Publish wrote nothing');
      const woken = nextWakeup(topics);
      const [outcome] = await store.acceptPublish({ topic: 't', expected, fifo: false, now: T0, messages: [message('m1')] });
      assert.deepEqual(outcome, { duplicate: false, messageId: 'm1', queuedTo: [] });
      await woken;
      assert.equal(await store.nextDeliveryDue(), T0);
      const [claimed] = await store.claimDeliveries('a', T0, T0 + 60_000, 10);
      assert.deepEqual(claimed, { ...delivery('d-m1'), attempts: 0 });
      assert.deepEqual(await store.claimDeliveries('b', T0 + 1, T0 + 60_000, 10), [], 'leased');
      assert.equal(await store.nextDeliveryDue(), T0 + 60_000);
      assert.equal(await store.settleDeliveries('b', [{ id: 'd-m1', kind: 'delivered' }]), 0, 'not the holder');
      assert.equal(await store.settleDeliveries('a', [{ id: 'd-m1', kind: 'retry', attempts: 1, dueAt: T0 + 20_000, error: '500' }]), 1);
      assert.deepEqual(await store.claimDeliveries('b', T0 + 19_999, T0 + 60_000, 10), []);
      const [again] = await store.claimDeliveries('b', T0 + 20_000, T0 + 80_000, 10);
      assert.deepEqual([again?.attempts, again?.lastError, again?.dueAt], [1, '500', T0 + 20_000]);
      assert.equal(await store.settleDeliveries('a', [{ id: 'd-m1', kind: 'delivered' }]), 0, 'a lease lost to b');
      assert.equal(await store.settleDeliveries('b', [{ id: 'd-m1', kind: 'delivered' }]), 1);
      assert.equal(await store.nextDeliveryDue(), undefined);
      assert.deepEqual(await store.claimDeliveries('b', T0 + 20_000, T0 + 80_000, 0), []);
    });

    it('claims the oldest due first, at most `limit`; dead-lettered and dropped remove the delivery', async () => {
      const topics = await open();
      const store = topics.deliveries;
      await store.addDeliveries([delivery('late', { dueAt: T0 + 3 }), delivery('early', { dueAt: T0 + 1 }), delivery('mid', { dueAt: T0 + 2 }), delivery('future', { dueAt: T0 + 100 })]);
      assert.deepEqual((await store.pendingDeliveries(10)).map((d) => d.id), ['early', 'mid', 'late', 'future']);
      assert.deepEqual((await store.claimDeliveries('a', T0 + 10, T0 + 60_000, 2)).map((d) => d.id), ['early', 'mid']);
      assert.deepEqual((await store.claimDeliveries('a', T0 + 10, T0 + 60_000, 10)).map((d) => d.id), ['late']);
      assert.equal(await store.settleDeliveries('a', [{ id: 'early', kind: 'dead-lettered' }, { id: 'mid', kind: 'dropped' }, { id: 'nope', kind: 'delivered' }]), 2);
      assert.deepEqual((await store.pendingDeliveries(10)).map((d) => d.id), ['future', 'late']);
      assert.equal(await store.nextDeliveryDue(), T0 + 100);
    });

    it('renews only the leases its owner still holds: a renewed one holds against other owners until its new end', async () => {
      const store = (await open()).deliveries;
      await store.addDeliveries([delivery('held', { dueAt: T0 + 1 }), delivery('lost', { dueAt: T0 + 2 }), delivery('settled', { dueAt: T0 + 3 })]);
      assert.equal((await store.claimDeliveries('a', T0 + 10, T0 + 100, 10)).length, 3);
      assert.equal(await store.settleDeliveries('a', [{ id: 'settled', kind: 'delivered' }]), 1);
      assert.equal(await store.renewDeliveryLeases('a', ['lost'], T0 + 90), 1);
      assert.deepEqual((await store.claimDeliveries('b', T0 + 90, T0 + 1000, 10)).map((d) => d.id), ['lost'], "a's lease of 'lost' ran out at its renewed end");
      assert.equal(await store.renewDeliveryLeases('a', ['held', 'lost', 'settled', 'gone'], T0 + 500), 1, "only 'held' is still a's");
      assert.equal(await store.renewDeliveryLeases('a', [], T0 + 500), 0);
      assert.deepEqual((await store.claimDeliveries('c', T0 + 499, T0 + 1000, 10)).map((d) => d.id), [], "'held' a's until T0 + 500, 'lost' b's");
      assert.deepEqual((await store.claimDeliveries('c', T0 + 500, T0 + 1000, 10)).map((d) => d.id), ['held']);
    });

    it('FIFO: sequence numbers per topic, duplicates in the window (and in the batch) answered with the first id, nothing stored for them', async () => {
      const topics = await open();
      const expected = await withTopic(topics, true);
      const store = topics.deliveries;
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
      assert.deepEqual([late?.duplicate, late?.messageId, late?.sequenceNumber], [true, 'm1', '10000000000000000001']);
      const [after] = await store.acceptPublish({ topic: 't', expected, fifo: true, now: until, messages: [message('m5', { dedupKey: 'k1', dedupUntil: until + 300_000 })] });
      assert.deepEqual([after?.duplicate, after?.messageId, after?.sequenceNumber], [false, 'm5', '10000000000000000003']);
      const [again] = await store.acceptPublish({ topic: 't', expected, fifo: true, now: until + 1, messages: [message('m6', { dedupKey: 'k1', dedupUntil: until + 300_001 })] });
      assert.deepEqual([again?.duplicate, again?.messageId, again?.sequenceNumber], [true, 'm5', '10000000000000000003'], 'the replaced window is m5’s');
      assert.deepEqual((await store.pendingDeliveries(10)).map((d) => d.id), ['d-m1', 'd-m3', 'd-m5']);
    });

    it('keeps U+0000 in a deduplication key (a group-scoped one is group U+0000 id) and in a retry’s error', async () => {
      const topics = await open();
      const expected = await withTopic(topics, true);
      const store = topics.deliveries;
      const until = T0 + 300_000;
      const publish = (id: string, dedupKey: string) => store.acceptPublish({ topic: 't', expected, fifo: true, now: T0, messages: [message(id, { dedupKey, dedupUntil: until })] });
      const [first] = await publish('m1', 'g1\u0000d');
      const [second] = await publish('m2', 'g2\u0000d');
      const [again] = await publish('m3', 'g1\u0000d');
      assert.deepEqual([first?.duplicate, second?.duplicate, again?.duplicate, again?.messageId], [false, false, true, 'm1']);
      await store.claimDeliveries('a', T0, T0 + 60_000, 1);
      const error = 'Lambda said: \u0000 é \u2028';
      assert.equal(await store.settleDeliveries('a', [{ id: 'd-m1', kind: 'retry', attempts: 1, dueAt: T0, error }]), 1);
      assert.equal((await store.pendingDeliveries(10)).find((d) => d.id === 'd-m1')?.lastError, error);
    });

    it('a build that throws leaves nothing written: no delivery, no dedup window, no sequence number', async () => {
      const topics = await open();
      const expected = await withTopic(topics, true);
      const store = topics.deliveries;
      const broken: AcceptedMessage = { messageId: 'm2', dedupKey: 'k2', dedupUntil: T0 + 1000, build: () => { throw new Error('bug'); } };
      await assert.rejects(store.acceptPublish({ topic: 't', expected, fifo: true, now: T0, messages: [message('m1', { dedupKey: 'k1', dedupUntil: T0 + 1000 }), broken] }), /bug/);
      assert.deepEqual(await store.pendingDeliveries(10), []);
      const [first] = await store.acceptPublish({ topic: 't', expected, fifo: true, now: T0, messages: [message('m1', { dedupKey: 'k1', dedupUntil: T0 + 1000 })] });
      assert.deepEqual([first?.duplicate, first?.sequenceNumber], [false, '10000000000000000001']);
    });

    it('an sqs copy for a queue that does not exist (or is at another version) is stored as its fallback delivery', async () => {
      const topics = await open();
      const expected = await withTopic(topics);
      const copy: AcceptedMessage = {
        messageId: 'a',
        build: () => ({
          deliveries: [delivery('plain')],
          queued: [{ queueId: 987_654, queueVersion: 1, message: { messageId: 'a', body: 'a', payload: '{}', visibleAt: T0 }, fallback: delivery('f-a', { protocol: 'sqs' }) }],
        }),
      };
      const [outcome] = await topics.deliveries.acceptPublish({ topic: 't', expected, fifo: false, now: T0, messages: [copy] });
      assert.deepEqual(outcome?.queuedTo, []);
      assert.deepEqual((await topics.deliveries.pendingDeliveries(10)).map((d) => [d.id, d.protocol]), [['plain', 'http'], ['f-a', 'sqs']]);
    });

    it('a subscription write stores its deliveries (a confirmation) in its own transaction, and wakes the runner after it', async () => {
      const store = await open();
      await withTopic(store);
      const state = { id: 's1', topic: 't', protocol: 'http', endpoint: 'http://h', owner: '0', attributes: {}, pending: true, token: 'tok', tokenExpiresAt: T0 + 1 };
      await assert.rejects(store.writeSubscription({ key: { id: 's1' }, now: T0, decide: () => { throw new Error('refused'); } }), /refused/);
      const woken = nextWakeup(store);
      await store.writeSubscription({ key: { id: 's1' }, now: T0, decide: () => ({ subscription: state, deliveries: [delivery('confirm-1')], result: undefined }) });
      await woken;
      assert.deepEqual((await store.deliveries.pendingDeliveries(10)).map((d) => d.id), ['confirm-1']);
      assert.equal((await store.getSubscription('s1'))?.token, 'tok');
    });

    it('keeps deliveries and the first signing identity for every connection; releaseAllLeases frees a dead run’s leases', async () => {
      const db = await database();
      const first = (await open(db)).deliveries;
      await first.addDeliveries([delivery('c1')]);
      await first.claimDeliveries('dead', T0, T0 + 60_000, 10);
      const identity = await first.signingIdentity(() => ({ privateKeyPem: 'k1', certificatePem: 'c1' }));
      assert.deepEqual(identity, { privateKeyPem: 'k1', certificatePem: 'c1' });
      const store = (await open(db)).deliveries;
      assert.deepEqual(await store.signingIdentity(() => assert.fail('made again')), identity);
      assert.deepEqual(await store.claimDeliveries('new', T0, T0 + 60_000, 10), []);
      assert.equal(await store.releaseAllLeases(), 1);
      assert.deepEqual((await store.claimDeliveries('new', T0, T0 + 60_000, 10)).map((d) => d.id), ['c1']);
    });

    it('two nodes making a signing identity at once: both answer the one stored first', async () => {
      const db = await database();
      const nodes = [await open(db), await open(db)];
      const made = await Promise.all(nodes.map((node, i) => node.deliveries.signingIdentity(() => ({ privateKeyPem: `k${i}`, certificatePem: `c${i}` }))));
      assert.deepEqual(made[0], made[1]);
      assert.deepEqual(await nodes[0]!.deliveries.signingIdentity(() => assert.fail('made again')), made[0]);
    });

    it('two nodes claiming at once: each delivery is claimed once; a dead node’s lease is taken over when it expires, and it can settle nothing', async () => {
      const db = await database();
      const nodes = [(await open(db)).deliveries, (await open(db)).deliveries];
      const count = 60;
      await nodes[0]!.addDeliveries(Array.from({ length: count }, (_, i) => delivery(`d${i}`, { dueAt: T0 + i })));
      const claimed = new Map<string, string>();
      await Promise.all(
        nodes.map(async (node, n) => {
          for (;;) {
            const batch = await node.claimDeliveries(`node-${n}`, T0 + count, T0 + 60_000, 7);
            if (batch.length === 0) return;
            for (const d of batch) {
              assert.equal(claimed.get(d.id), undefined, `${d.id} claimed twice`);
              claimed.set(d.id, `node-${n}`);
            }
          }
        }),
      );
      assert.equal(claimed.size, count);
      // node-0 dies holding its leases; node-1 settles its own and, after the leases expire, takes node-0's over.
      const mine = (owner: string) => [...claimed].filter(([, o]) => o === owner).map(([id]) => id);
      assert.equal(await nodes[1]!.settleDeliveries('node-1', mine('node-1').map((id) => ({ id, kind: 'delivered' as const }))), mine('node-1').length);
      assert.deepEqual(await nodes[1]!.claimDeliveries('node-1', T0 + 59_999, T0 + 120_000, count), [], 'leases still live');
      assert.equal(await nodes[1]!.nextDeliveryDue(), mine('node-0').length > 0 ? T0 + 60_000 : undefined);
      const taken = await nodes[1]!.claimDeliveries('node-1', T0 + 60_000, T0 + 120_000, count);
      assert.deepEqual(taken.map((d) => d.id).sort(), mine('node-0').sort());
      assert.deepEqual(taken.map((d) => d.dueAt), [...taken.map((d) => d.dueAt)].sort((a, b) => a - b), 'oldest due first');
      assert.equal(await nodes[0]!.settleDeliveries('node-0', taken.map((d) => ({ id: d.id, kind: 'delivered' as const }))), 0, 'the dead node lost them');
      assert.equal(await nodes[1]!.settleDeliveries('node-1', taken.map((d) => ({ id: d.id, kind: 'delivered' as const }))), taken.length);
      assert.equal(await nodes[0]!.nextDeliveryDue(), undefined);
    });

    it('two nodes publishing to one FIFO topic at once: sequence numbers are unique and gapless, one message per dedup id', async () => {
      const db = await database();
      const nodes = [await open(db), await open(db)];
      const expected = await withTopic(nodes[0]!, true);
      const publishes = Array.from({ length: 20 }, (_, i) =>
        nodes[i % 2]!.deliveries.acceptPublish({
          topic: 't', expected, fifo: true, now: T0,
          messages: [message(`m${i}`, { dedupKey: `k${i % 10}`, dedupUntil: T0 + 300_000 })],
        }),
      );
      const outcomes = (await Promise.all(publishes)).flat();
      const firsts = outcomes.filter((o) => !o.duplicate);
      assert.equal(firsts.length, 10);
      assert.deepEqual(firsts.map((o) => o.sequenceNumber).sort(), Array.from({ length: 10 }, (_, i) => String(10n ** 19n + BigInt(i + 1))));
      for (const duplicate of outcomes.filter((o) => o.duplicate)) {
        assert.ok(firsts.some((f) => f.messageId === duplicate.messageId && f.sequenceNumber === duplicate.sequenceNumber), 'a duplicate answers its first');
      }
      assert.equal((await nodes[1]!.deliveries.pendingDeliveries(100)).length, 10);
    });

    it('a Publish matched before another node changed the subscriptions is refused, never stored against the old fan-out', async () => {
      const db = await database();
      const nodes = [await open(db), await open(db)];
      const expected = await withTopic(nodes[0]!);
      const results = await Promise.allSettled([
        nodes[1]!.writeSubscription({ key: { topic: 't', protocol: 'sqs', endpoint: 'arn:q' }, now: T0, decide: () => ({ subscription: { id: 's', topic: 't', protocol: 'sqs', endpoint: 'arn:q', owner: '1', attributes: {}, pending: false }, result: undefined }) }),
        ...Array.from({ length: 5 }, (_, i) => nodes[0]!.deliveries.acceptPublish({ topic: 't', expected, fifo: false, now: T0, messages: [message(`m${i}`)] })),
      ]);
      assert.equal(results[0]!.status, 'fulfilled');
      const accepted = results.slice(1).filter((r) => r.status === 'fulfilled').length;
      for (const r of results.slice(1)) if (r.status === 'rejected') assert.ok(r.reason instanceof StaleTopicError);
      assert.equal((await nodes[0]!.deliveries.pendingDeliveries(10)).length, accepted);
      await assert.rejects(nodes[0]!.deliveries.acceptPublish({ topic: 't', expected, fifo: false, now: T0, messages: [message('late')] }), StaleTopicError);
    });
  },
);
