import { it } from 'node:test';
import assert from 'node:assert/strict';
import { describeStoreContract } from '../../test/helpers/store-contract.js';
import { openSqliteEngine } from './sqlite/sqlite-engine.js';
import { openPgPool } from './postgres/pg-pool.js';
import { applyPostgresMigrations } from './postgres/postgres-migrations.js';
import { PostgresTopicStore } from './postgres/postgres-topic-store.js';
import { NO_POSTGRES_QUEUES } from './postgres/postgres-topic-deliveries.js';
import type { SubscriptionState, TopicStore } from './topic-store.js';

const sub = (id: string, topic: string, endpoint: string, pending = false): SubscriptionState => ({ id, topic, protocol: 'sqs', endpoint, owner: '1', attributes: {}, pending });
const plain = { fifo: false, attributes: {}, tags: {} };

describeStoreContract<TopicStore>(
  'TopicStore contract',
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
    it('writes topics by decision, bumps their version, lists them by name after a cursor', async () => {
      const store = await open();
      for (const name of ['b', 'a', 'c']) await store.writeTopic({ name, now: 5, decide: () => ({ topic: plain, result: undefined }) });
      assert.deepEqual((await store.listTopics(undefined, 2)).map((t) => t.name), ['a', 'b']);
      assert.deepEqual((await store.listTopics('b', 2)).map((t) => t.name), ['c']);
      const result = await store.writeTopic({ name: 'a', now: 6, decide: (current) => ({ topic: { ...current!, tags: { k: 'v' } }, result: current!.version }) });
      assert.equal(result, 1);
      const a = await store.getTopic('a');
      assert.deepEqual(a, { name: 'a', fifo: false, attributes: {}, tags: { k: 'v' }, version: 2, createdAt: 5, subscriptionsDeleted: 0 });
      await assert.rejects(store.writeTopic({ name: 'a', now: 7, decide: () => { throw new Error('no'); } }), /no/);
      assert.equal((await store.getTopic('a'))?.version, 2);
      assert.equal(await store.writeTopic({ name: 'z', now: 8, decide: (current) => ({ result: current }) }), undefined, 'topic undefined writes nothing');
      assert.equal(await store.getTopic('z'), undefined);
    });

    it('lists topics byte-wise, whatever the collation: upper case before lower case, "-" and "_" in ASCII order', async () => {
      const store = await open();
      const names = ['b', 'B', 'a-1', 'a_1', 'A', 'a1'];
      for (const name of names) await store.writeTopic({ name, now: 1, decide: () => ({ topic: plain, result: undefined }) });
      assert.deepEqual((await store.listTopics(undefined, 10)).map((t) => t.name), [...names].sort());
      assert.deepEqual((await store.listTopics('B', 10)).map((t) => t.name), ['a-1', 'a1', 'a_1', 'b']);
    });

    it('keeps attributes and tags as written, and the FIFO flag', async () => {
      const store = await open();
      const attributes = { DisplayName: 'ü "quoted" \\ \u2028', Policy: '{"Version":"2012-10-17"}', ContentBasedDeduplication: 'true' };
      await store.writeTopic({ name: 't.fifo', now: 1, decide: () => ({ topic: { fifo: true, attributes, tags: { '': 'empty key' } }, result: undefined }) });
      const topic = await store.getTopic('t.fifo');
      assert.deepEqual([topic?.fifo, topic?.attributes, topic?.tags], [true, attributes, { '': 'empty key' }]);
    });

    it('subscriptions: unique per (topic, protocol, endpoint), found by token, counted, deleted with their topic', async () => {
      const store = await open();
      await store.writeTopic({ name: 't', now: 1, decide: () => ({ topic: plain, result: undefined }) });
      const key = { topic: 't', protocol: 'sqs', endpoint: 'arn:q' };
      const ids = await Promise.all(
        ['s1', 's2'].map((id) => store.writeSubscription({ key, now: 2, decide: (current, topic) => (current ? { result: current.id } : { subscription: sub(id, topic!.name, 'arn:q'), result: id }) })),
      );
      assert.deepEqual(ids, ['s1', 's1']);
      await store.writeSubscription({ key: { topic: 't', protocol: 'sqs', endpoint: 'arn:p' }, now: 3, decide: () => ({ subscription: { ...sub('s3', 't', 'arn:p', true), token: 'tok', tokenExpiresAt: 9 }, result: undefined }) });
      assert.deepEqual(await store.getSubscription('s3'), { ...sub('s3', 't', 'arn:p', true), token: 'tok', tokenExpiresAt: 9, createdAt: 3 });
      assert.deepEqual(await store.countSubscriptions('t'), { confirmed: 1, pending: 1 });
      const confirmed = await store.writeSubscription({ key: { token: 'tok' }, now: 4, decide: (current) => ({ subscription: { ...current!, pending: false, authenticated: true }, result: current!.id }) });
      assert.equal(confirmed, 's3');
      assert.deepEqual(await store.getSubscription('s3'), { ...sub('s3', 't', 'arn:p'), token: 'tok', tokenExpiresAt: 9, authenticated: true, createdAt: 3 });
      assert.deepEqual(await store.countSubscriptions('t'), { confirmed: 2, pending: 0 });
      assert.equal((await store.getTopic('t'))?.version, 4, 'every subscription write bumps the version');
      const page = await store.listSubscriptions({ topic: 't', limit: 1 });
      assert.deepEqual(page.map((p) => p.subscription.id), ['s1']);
      assert.deepEqual((await store.listSubscriptions({ after: page[0]!.position, limit: 10 })).map((p) => p.subscription.id), ['s3']);
      await store.writeSubscription({ key: { id: 's1' }, now: 5, decide: () => ({ subscription: null, result: undefined }) });
      assert.equal((await store.getTopic('t'))?.subscriptionsDeleted, 1);
      await store.writeTopic({ name: 't', now: 6, decide: () => ({ topic: null, result: undefined }) });
      assert.equal(await store.getSubscription('s3'), undefined);
      assert.deepEqual(await store.countSubscriptions('t'), { confirmed: 0, pending: 0 });
      assert.deepEqual(await store.listSubscriptions({ limit: 10 }), []);
    });

    it('keeps an endpoint with any character, U+0000 included, and finds it by (topic, protocol, endpoint)', async () => {
      const store = await open();
      await store.writeTopic({ name: 't', now: 1, decide: () => ({ topic: plain, result: undefined }) });
      const endpoints = ['a\u0000b@example.com', 'a\u0000c@example.com', 'ü\u2028\\@example.com'];
      for (const [i, endpoint] of endpoints.entries()) {
        const key = { topic: 't', protocol: 'email', endpoint };
        await store.writeSubscription({ key, now: 2, decide: () => ({ subscription: { ...sub(`s${i}`, 't', endpoint), protocol: 'email' }, result: undefined }) });
        assert.equal(await store.writeSubscription({ key, now: 3, decide: (current) => ({ result: current?.id }) }), `s${i}`);
      }
      assert.deepEqual((await store.listSubscriptions({ topic: 't', limit: 10 })).map((p) => p.subscription.endpoint), endpoints);
      assert.equal((await store.getSubscription('s0'))?.endpoint, endpoints[0]);
    });

    it('a throwing decide writes nothing; decide sees the topic of the key', async () => {
      const store = await open();
      await store.writeTopic({ name: 't', now: 1, decide: () => ({ topic: plain, result: undefined }) });
      await assert.rejects(store.writeSubscription({ key: { topic: 't', protocol: 'sqs', endpoint: 'e' }, now: 2, decide: () => { throw new Error('refused'); } }), /refused/);
      assert.deepEqual(await store.countSubscriptions('t'), { confirmed: 0, pending: 0 });
      assert.equal((await store.getTopic('t'))?.version, 1);
      const seen = await store.writeSubscription({ key: { topic: 'gone', protocol: 'sqs', endpoint: 'e' }, now: 2, decide: (current, topic) => ({ result: [current, topic] }) });
      assert.deepEqual(seen, [undefined, undefined]);
    });

    it('two connections subscribing the same endpoints at once get one subscription each, and every write bumps the version once', async () => {
      const db = await database();
      const nodes = [await open(db), await open(db)];
      await nodes[0]!.writeTopic({ name: 't', now: 1, decide: () => ({ topic: plain, result: undefined }) });
      const endpoints = Array.from({ length: 5 }, (_, i) => `arn:q${i}`);
      const writes = endpoints.flatMap((endpoint) =>
        nodes.map((node, n) =>
          node.writeSubscription({
            key: { topic: 't', protocol: 'sqs', endpoint },
            now: 2,
            decide: (current, topic) => (current ? { result: current.id } : { subscription: sub(`${endpoint}-${n}`, topic!.name, endpoint), result: `${endpoint}-${n}` }),
          }),
        ),
      );
      const ids = await Promise.all(writes);
      for (let i = 0; i < endpoints.length; i++) assert.equal(ids[2 * i], ids[2 * i + 1], 'both writers answered the same subscription');
      assert.deepEqual(await nodes[1]!.countSubscriptions('t'), { confirmed: 5, pending: 0 });
      assert.equal((await nodes[1]!.getTopic('t'))?.version, 1 + 5, 'only the five creating writes changed it');
      const all = await nodes[0]!.listSubscriptions({ topic: 't', limit: 10 });
      assert.deepEqual(all.map((p) => p.subscription.endpoint).sort(), endpoints);
    });
  },
);
