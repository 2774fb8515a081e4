import { it } from 'node:test';
import assert from 'node:assert/strict';
import { describeStoreContract } from '../../test/helpers/store-contract.js';
import { openSqliteEngine } from './sqlite/sqlite-engine.js';
import { openPgPool } from './postgres/pg-pool.js';
import { applyPostgresMigrations } from './postgres/postgres-migrations.js';
import { PostgresClusterStore } from './postgres/postgres-cluster-store.js';
import type { ClusterStore } from './cluster-store.js';

const T0 = 1_700_000_000_000;
const LEASE = 15_000;

const ids = async (store: ClusterStore, now: number) => (await store.liveNodes(now)).map((node) => node.nodeId);

// The ClusterStore contract (cluster-store.ts) on every engine. Two opens of one database are two nodes.
describeStoreContract<ClusterStore>(
  'ClusterStore contract',
  {
    sqlite(path) {
      const engine = openSqliteEngine({ path });
      return { store: engine.cluster, close: () => engine.close() };
    },
    async postgres(url) {
      const pool = await openPgPool({ url, size: 4 });
      await applyPostgresMigrations(pool);
      return { store: new PostgresClusterStore(pool), close: () => pool.end() };
    },
  },
  ({ open, database }) => {
    it('lists the nodes alive at a time, by join time then id, with what each said about itself', async () => {
      const store = await open();
      assert.deepEqual(await store.liveNodes(T0), []);
      await store.heartbeat('node-b', T0, T0 + LEASE, { host: 'b', pid: 2, ü: ['😀'] });
      await store.heartbeat('node-c', T0 + 5, T0 + 5 + LEASE);
      await store.heartbeat('node-a', T0 + 5, T0 + 5 + LEASE, { host: 'a' });
      assert.deepEqual(await store.liveNodes(T0 + 10), [
        { nodeId: 'node-b', joinedAt: T0, until: T0 + LEASE, info: { host: 'b', pid: 2, ü: ['😀'] } },
        { nodeId: 'node-a', joinedAt: T0 + 5, until: T0 + 5 + LEASE, info: { host: 'a' } },
        { nodeId: 'node-c', joinedAt: T0 + 5, until: T0 + 5 + LEASE },
      ]);
      assert.deepEqual(await ids(store, T0 + LEASE - 1), ['node-b', 'node-a', 'node-c']);
      assert.deepEqual(await ids(store, T0 + LEASE), ['node-a', 'node-c'], 'alive while now < until');
      assert.deepEqual(await ids(store, T0 + 5 + LEASE), []);
    });

    it('orders ids by bytes: upper case before lower, and a prefix first', async () => {
      const store = await open();
      for (const id of ['b', 'B', 'ba', 'a', 'é', 'Z']) await store.heartbeat(id, T0, T0 + LEASE);
      assert.deepEqual(await ids(store, T0), ['B', 'Z', 'a', 'b', 'ba', 'é']);
    });

    it('a heartbeat extends a live node and keeps its join time; after expiry the node joins again, last', async () => {
      const store = await open();
      await store.heartbeat('first', T0, T0 + LEASE, { run: 1 });
      await store.heartbeat('second', T0 + 1, T0 + 1 + LEASE);
      await store.heartbeat('first', T0 + 10_000, T0 + 10_000 + LEASE);
      const [first] = await store.liveNodes(T0 + LEASE + 5);
      assert.deepEqual(first, { nodeId: 'first', joinedAt: T0, until: T0 + 10_000 + LEASE }, 'renewed, joined at its first beat; info cleared when not given');
      assert.deepEqual(await ids(store, T0 + LEASE + 5), ['first']);
      // 'second' expired at T0 + 1 + LEASE: its next heartbeat is a new run of it.
      await store.heartbeat('second', T0 + LEASE + 10, T0 + 2 * LEASE);
      assert.deepEqual(await store.liveNodes(T0 + LEASE + 10), [
        { nodeId: 'first', joinedAt: T0, until: T0 + 10_000 + LEASE },
        { nodeId: 'second', joinedAt: T0 + LEASE + 10, until: T0 + 2 * LEASE },
      ]);
    });

    it('a node that leaves is gone at once; forgetNodes removes only nodes expired before the time', async () => {
      const store = await open();
      await store.heartbeat('stays', T0, T0 + 3 * LEASE);
      await store.heartbeat('leaves', T0, T0 + LEASE);
      await store.heartbeat('dead', T0, T0 + 100);
      await store.heartbeat('dead-at-edge', T0, T0 + 200);
      await store.leave('leaves');
      await store.leave('never-was');
      assert.deepEqual(await ids(store, T0), ['dead', 'dead-at-edge', 'stays']);
      assert.equal(await store.forgetNodes(T0 + 200), 1, 'expired before T0 + 200: only dead');
      assert.deepEqual(await ids(store, T0), ['dead-at-edge', 'stays']);
      // A forgotten node that beats again is simply new.
      await store.heartbeat('dead', T0 + 300, T0 + 4 * LEASE);
      assert.deepEqual((await store.liveNodes(T0 + 300)).map((node) => [node.nodeId, node.joinedAt]), [['stays', T0], ['dead', T0 + 300]]);
      assert.equal(await store.forgetNodes(T0 + 3 * LEASE + 1), 2, 'dead-at-edge and stays; dead is alive until later');
    });

    it('claims a free lease; another owner cannot take it while held, its holder renews it', async () => {
      const store = await open();
      assert.equal(await store.leaseHolder('maintenance', T0), undefined);
      assert.equal(await store.claimLease('maintenance', 'n1', T0, T0 + LEASE), true);
      assert.deepEqual(await store.leaseHolder('maintenance', T0), { owner: 'n1', until: T0 + LEASE });
      assert.equal(await store.claimLease('maintenance', 'n2', T0 + LEASE - 1, T0 + 2 * LEASE), false);
      assert.deepEqual(await store.leaseHolder('maintenance', T0 + 1), { owner: 'n1', until: T0 + LEASE }, 'the refused claim changed nothing');
      assert.equal(await store.claimLease('maintenance', 'n1', T0 + 5_000, T0 + 5_000 + LEASE), true, 'renewed by its holder');
      assert.deepEqual(await store.leaseHolder('maintenance', T0 + LEASE), { owner: 'n1', until: T0 + 5_000 + LEASE });
      assert.equal(await store.claimLease('other', 'n2', T0, T0 + LEASE), true, 'leases are by name');
      assert.deepEqual(await store.leaseHolder('other', T0), { owner: 'n2', until: T0 + LEASE });
    });

    it('an expired lease reads as free and is taken over; the old holder can no longer renew it', async () => {
      const store = await open();
      await store.claimLease('maintenance', 'n1', T0, T0 + LEASE);
      assert.equal(await store.leaseHolder('maintenance', T0 + LEASE), undefined, 'held while now < until');
      assert.equal(await store.claimLease('maintenance', 'n2', T0 + LEASE, T0 + 2 * LEASE), true);
      assert.equal(await store.claimLease('maintenance', 'n1', T0 + LEASE + 1, T0 + 3 * LEASE), false);
      assert.deepEqual(await store.leaseHolder('maintenance', T0 + LEASE + 1), { owner: 'n2', until: T0 + 2 * LEASE });
      // Its own expired lease, not taken by anyone, its holder takes back.
      assert.equal(await store.claimLease('maintenance', 'n2', T0 + 5 * LEASE, T0 + 6 * LEASE), true);
    });

    it('a release frees the lease for anyone, and only its holder releases it', async () => {
      const store = await open();
      await store.claimLease('maintenance', 'n1', T0, T0 + LEASE);
      await store.releaseLease('maintenance', 'n2');
      assert.deepEqual(await store.leaseHolder('maintenance', T0), { owner: 'n1', until: T0 + LEASE });
      await store.releaseLease('maintenance', 'n1');
      assert.equal(await store.leaseHolder('maintenance', T0), undefined);
      assert.equal(await store.claimLease('maintenance', 'n2', T0 + 1, T0 + 1 + LEASE), true);
      await store.releaseLease('never-claimed', 'n2');
    });

    it('two nodes on one database see each other and, racing for a lease, one of them gets it', async () => {
      const place = await database();
      const one = await open(place);
      const two = await open(place);
      await one.heartbeat('n1', T0, T0 + LEASE);
      await two.heartbeat('n2', T0 + 1, T0 + 1 + LEASE);
      assert.deepEqual(await ids(one, T0 + 2), ['n1', 'n2']);
      assert.deepEqual(await ids(two, T0 + 2), ['n1', 'n2']);
      for (let round = 0; round < 20; round++) {
        const name = `race-${round}`;
        const claims = await Promise.all([
          ...Array.from({ length: 3 }, () => one.claimLease(name, 'n1', T0, T0 + LEASE)),
          ...Array.from({ length: 3 }, () => two.claimLease(name, 'n2', T0, T0 + LEASE)),
        ]);
        const holder = await one.leaseHolder(name, T0);
        assert.ok(holder !== undefined);
        const won = claims.map((claimed, i) => (claimed ? (i < 3 ? 'n1' : 'n2') : undefined)).filter((owner) => owner !== undefined);
        assert.ok(won.length >= 1 && won.every((owner) => owner === holder.owner), `round ${round}: ${won.join(',')} won, ${holder.owner} holds`);
        assert.deepEqual(await two.leaseHolder(name, T0), holder);
      }
      await one.leave('n1');
      assert.deepEqual(await ids(two, T0 + 2), ['n2']);
    });
  },
);
