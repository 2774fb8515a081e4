import { it } from 'node:test';
import assert from 'node:assert/strict';
import { describeStoreContract } from '../../test/helpers/store-contract.js';
import { openSqliteEngine } from './sqlite/sqlite-engine.js';
import { openPgPool } from './postgres/pg-pool.js';
import { applyPostgresMigrations } from './postgres/postgres-migrations.js';
import { PostgresPipeStore } from './postgres/postgres-pipe-store.js';
import type { PipeStore } from './pipe-store.js';

const T0 = 1_700_000_000_000;
const SHARD_1 = 'shardId-00000001700000000000-0000000a';
const SHARD_2 = 'shardId-00000001700000000001-0000000b';
const SEQ = '100000000000000000001';

interface Definition {
  readonly consumerId: string;
  readonly n: number;
}

/** A pipe whose shard rows are keyed by `consumerId` (as CreatePipe's definitions are). */
function create(store: PipeStore, name: string, consumerId = `pipe:${name}:1`, now = T0) {
  return store.write<Definition>(name, now, () => ({ consumerId, n: 0 }));
}

// The PipeStore contract (pipe-store.ts) on every engine: documents, and the positions of pipes' shards
// with the trigger store's lease semantics.
describeStoreContract<PipeStore>(
  'PipeStore contract',
  {
    sqlite(path) {
      const engine = openSqliteEngine({ path });
      return { store: engine.pipes, close: () => engine.close() };
    },
    async postgres(url) {
      const pool = await openPgPool({ url, size: 4 });
      await applyPostgresMigrations(pool);
      return { store: new PostgresPipeStore(pool), close: () => pool.end() };
    },
  },
  ({ open, database }) => {
    it('writes after deciding against the current pipe, versions each write, lists by name and deletes', async () => {
      const store = await open();
      const first = await store.write<{ n: number }>('b', 1000, (current) => {
        assert.equal(current, undefined);
        return { n: 1 };
      });
      assert.deepEqual(first, { name: 'b', version: 1, createdAt: 1000, modifiedAt: 1000, definition: { n: 1 } });
      const second = await store.write<{ n: number }>('b', 2000, (current) => ({ n: current!.definition.n + 1 }));
      assert.deepEqual(second, { name: 'b', version: 2, createdAt: 1000, modifiedAt: 2000, definition: { n: 2 } });
      await store.write('a', 3000, () => ({ n: 0 }));
      await assert.rejects(store.write('a', 4000, () => { throw new Error('refused'); }), /refused/);
      assert.deepEqual((await store.list()).map((p) => [p.name, p.version]), [['a', 1], ['b', 2]]);
      assert.deepEqual(await store.get('b'), second);
      assert.equal(await store.delete('b'), true);
      assert.equal(await store.delete('b'), false);
      assert.equal(await store.get('b'), undefined);
    });

    it('keeps a definition as the JSON it was written as, epoch ms exactly, and lists names byte-wise', async () => {
      const store = await open();
      const definition = { consumerId: 'c', z: [{ a: '\u0000ü😀' }], big: 2 ** 53 - 1, none: null, a: { y: true, b: 0.5 } };
      await store.write('p', T0 + 123, () => definition);
      const read = await store.get('p');
      assert.equal(JSON.stringify(read?.definition), JSON.stringify(definition), 'byte for byte, key order kept');
      assert.equal(read?.createdAt, T0 + 123);
      for (const name of ['b', 'B', '_', '-x', '.y', 'a1', 'a-', 'Z']) await store.write(name, T0, () => ({ n: 0 }));
      const names = (await store.list()).map((p) => p.name);
      assert.deepEqual(names, [...names].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y))));
      assert.equal(names.length, 9);
    });

    it('shares pipes between two stores on one database, and serialises their concurrent writes (also the first)', async () => {
      const db = await database();
      const nodes = [await open(db), await open(db)];
      const calls = 20;
      await Promise.all(
        Array.from({ length: calls }, (_, i) => nodes[i % 2]!.write<{ n: number }>('c', T0 + i, (current) => ({ n: (current?.definition.n ?? 0) + 1 }))),
      );
      const stored = await nodes[1]!.get<{ n: number }>('c');
      assert.equal(stored?.definition.n, calls);
      assert.equal(stored?.version, calls);
    });

    it('claims a shard only while its pipe exists; delete removes the pipe with its leases and checkpoints', async () => {
      const store = await open();
      assert.equal(await store.positions.claimLease('pipe:d:1', SHARD_1, 'n1', T0 + 60_000, T0), false, 'no pipe yet');
      await create(store, 'd');
      await create(store, 'keep');
      assert.equal(await store.positions.claimLease('pipe:d:1', SHARD_1, 'n1', T0 + 60_000, T0), true);
      assert.equal(await store.positions.checkpoint('pipe:d:1', SHARD_1, 'n1', { sequence: SEQ, state: '{"w":1}' }), true);
      assert.equal(await store.positions.claimLease('pipe:d:1', SHARD_2, 'n1', T0 + 60_000, T0), true);
      assert.equal(await store.positions.claimLease('pipe:keep:1', SHARD_1, 'n1', T0 + 60_000, T0), true);
      assert.deepEqual(await store.positions.listCheckpoints('pipe:d:1'), [
        { shardId: SHARD_1, sequence: SEQ, state: '{"w":1}', finished: false, owner: 'n1', leaseUntil: T0 + 60_000 },
        { shardId: SHARD_2, finished: false, owner: 'n1', leaseUntil: T0 + 60_000 },
      ]);
      assert.equal(await store.delete('d'), true);
      assert.deepEqual(await store.positions.listCheckpoints('pipe:d:1'), []);
      assert.equal(await store.positions.getCheckpoint('pipe:d:1', SHARD_1), undefined);
      assert.equal((await store.positions.listCheckpoints('pipe:keep:1')).length, 1);
      // A consumer still running for the deleted pipe can neither claim nor checkpoint (no orphan rows).
      assert.equal(await store.positions.claimLease('pipe:d:1', SHARD_1, 'n1', T0 + 60_000, T0), false);
      assert.equal(await store.positions.checkpoint('pipe:d:1', SHARD_1, 'n1', { sequence: SEQ }), false);
      // Created again under the name, the pipe gets a new consumer id and starts afresh.
      await create(store, 'd', 'pipe:d:2');
      assert.deepEqual(await store.positions.listCheckpoints('pipe:d:2'), []);
    });

    it('renews, checkpoints and releases only for the owner; finished stays set; releaseAllLeases frees every lease', async () => {
      const store = await open();
      await create(store, 'r');
      const positions = store.positions;
      assert.equal(await positions.claimLease('pipe:r:1', SHARD_1, 'a', T0 + 1000, T0), true);
      assert.equal(await positions.claimLease('pipe:r:1', SHARD_1, 'b', T0 + 1000, T0 + 999), false, 'held until it expires');
      assert.equal(await positions.renewLease('pipe:r:1', SHARD_1, 'b', T0 + 5000), false);
      assert.equal(await positions.renewLease('pipe:r:1', SHARD_1, 'a', T0 + 5000), true);
      assert.equal(await positions.checkpoint('pipe:r:1', SHARD_1, 'b', { sequence: SEQ }), false);
      assert.equal(await positions.checkpoint('pipe:r:1', SHARD_1, 'a', { sequence: SEQ, finished: true }), true);
      assert.equal(await positions.checkpoint('pipe:r:1', SHARD_1, 'a', { state: 's' }), true, 'sequence kept when undefined');
      assert.deepEqual(await positions.getCheckpoint('pipe:r:1', SHARD_1), {
        shardId: SHARD_1, sequence: SEQ, state: 's', finished: true, owner: 'a', leaseUntil: T0 + 5000,
      });
      await positions.releaseLease('pipe:r:1', SHARD_1, 'b');
      assert.equal((await positions.getCheckpoint('pipe:r:1', SHARD_1))?.owner, 'a', 'only the owner releases');
      await positions.releaseLease('pipe:r:1', SHARD_1, 'a');
      assert.equal(await positions.claimLease('pipe:r:1', SHARD_1, 'b', T0 + 2000, T0 + 1), true, 'free at once');
      assert.equal(await positions.claimLease('pipe:r:1', SHARD_2, 'a', T0 + 2000, T0 + 1), true);
      assert.equal(await positions.releaseAllLeases(), 2);
      assert.deepEqual(await positions.listCheckpoints('pipe:r:1'), [
        { shardId: SHARD_1, sequence: SEQ, state: 's', finished: true },
        { shardId: SHARD_2, finished: false },
      ]);
    });

    it('two stores on one database contending for positions: exactly one holds each lease, and an expired one is taken over', async () => {
      const db = await database();
      const [one, two] = [await open(db), await open(db)];
      await create(one, 's');
      const consumer = 'pipe:s:1';
      const shards = Array.from({ length: 20 }, (_, i) => `shardId-${String(i).padStart(20, '0')}-00000000`);
      const results = await Promise.all(
        shards.flatMap((shard) => [
          one.positions.claimLease(consumer, shard, 'one', T0 + 1000, T0),
          two.positions.claimLease(consumer, shard, 'two', T0 + 1000, T0),
        ]),
      );
      const rows = await two.positions.listCheckpoints(consumer);
      assert.equal(rows.length, 20);
      shards.forEach((shard, i) => {
        const [byOne, byTwo] = [results[2 * i], results[2 * i + 1]];
        assert.equal(byOne !== byTwo, true, `exactly one claim of ${shard} succeeded`);
        assert.equal(rows[i]!.owner, byOne ? 'one' : 'two');
      });

      const shard = shards[0]!;
      const [holder, other] = results[0] ? [one, two] : [two, one];
      const [holderId, otherId] = results[0] ? ['one', 'two'] : ['two', 'one'];
      assert.equal(await other.positions.checkpoint(consumer, shard, otherId, { sequence: SEQ }), false);
      assert.equal(await holder.positions.checkpoint(consumer, shard, holderId, { sequence: SEQ }), true);
      assert.equal(await other.positions.claimLease(consumer, shard, otherId, T0 + 3000, T0 + 999), false);
      assert.equal(await other.positions.claimLease(consumer, shard, otherId, T0 + 3000, T0 + 1000), true, 'expired: taken over');
      assert.equal(await holder.positions.renewLease(consumer, shard, holderId, T0 + 5000), false);
      assert.equal(await holder.positions.checkpoint(consumer, shard, holderId, { sequence: '100000000000000000009' }), false);
      assert.deepEqual(await holder.positions.getCheckpoint(consumer, shard), {
        shardId: shard, sequence: SEQ, finished: false, owner: otherId, leaseUntil: T0 + 3000,
      });
    });

    it('claims racing a delete of their pipe on another store leave no shard row behind', async () => {
      const db = await database();
      const [one, two] = [await open(db), await open(db)];
      for (let round = 0; round < 5; round++) {
        const name = `race-${round}`;
        await create(one, name);
        const shards = Array.from({ length: 10 }, (_, i) => `shardId-${String(i).padStart(20, '0')}-00000000`);
        const [, deleted] = await Promise.all([
          Promise.all(shards.map((shard) => one.positions.claimLease(`pipe:${name}:1`, shard, 'one', T0 + 1000, T0))),
          two.delete(name),
        ]);
        assert.equal(deleted, true);
        assert.deepEqual(await two.positions.listCheckpoints(`pipe:${name}:1`), [], `round ${round}: no orphan rows`);
      }
    });
  },
);
