import { it } from 'node:test';
import assert from 'node:assert/strict';
import { describeStoreContract } from '../../test/helpers/store-contract.js';
import { openSqliteEngine } from './sqlite/sqlite-engine.js';
import { openPgPool } from './postgres/pg-pool.js';
import { applyPostgresMigrations } from './postgres/postgres-migrations.js';
import { PostgresTriggerStore } from './postgres/postgres-trigger-store.js';
import { StorageError } from './storage-errors.js';
import { ServiceError } from '../shared/service-error.js';
import type { MappingRecord, TriggerStore } from './trigger-store.js';

const T0 = 1_700_000_000_000;
const ARN_A = 'arn:aws:dynamodb:us-east-1:000000000000:table/a/stream/2026-01-01T00:00:00.000';
const ARN_B = 'arn:aws:dynamodb:us-east-1:000000000000:table/b/stream/2026-01-01T00:00:00.000';
const SHARD_1 = 'shardId-00000001700000000000-0000000a';
const SHARD_2 = 'shardId-00000001700000000001-0000000b';
const SEQ = '100000000000000000001';

interface Config {
  readonly batchSize: number;
}

function create(store: TriggerStore, uuid: string, functionName = 'fn', sourceArn = ARN_A, now = T0): Promise<MappingRecord<Config>> {
  return store.createMapping<Config>({ uuid, functionName, sourceArn, config: { batchSize: 100 }, now });
}

async function lease(store: TriggerStore, mapping: string, shardId: string) {
  const row = await store.getCheckpoint(mapping, shardId);
  return row && { owner: row.owner, leaseUntil: row.leaseUntil };
}

// The TriggerStore contract (trigger-store.ts) on every engine. What only SQLite does (claims in one group
// commit decided in queue order, a checkpoint not yet awaited when the engine closes) stays in
// sqlite/sqlite-trigger-store.test.ts.
describeStoreContract<TriggerStore>(
  'TriggerStore contract',
  {
    sqlite(path) {
      const engine = openSqliteEngine({ path });
      return { store: engine.triggers, close: () => engine.close() };
    },
    async postgres(url) {
      const pool = await openPgPool({ url, size: 4 });
      await applyPostgresMigrations(pool);
      return { store: new PostgresTriggerStore(pool), close: () => pool.end() };
    },
  },
  ({ open, database }) => {
    it('creates and reads a mapping; a second create with the uuid rejects and changes nothing', async () => {
      const store = await open();
      const created = await create(store, 'm-1', 'fn', ARN_A, T0);
      const expected = { uuid: 'm-1', functionName: 'fn', sourceArn: ARN_A, config: { batchSize: 100 }, createdAt: T0, modifiedAt: T0 };
      assert.deepEqual(created, expected);
      assert.deepEqual(await store.getMapping('m-1'), expected);
      await assert.rejects(create(store, 'm-1', 'other', ARN_B, T0 + 1), (thrown) => {
        assert.ok(thrown instanceof StorageError);
        assert.equal(thrown.message, 'An event source mapping with uuid m-1 already exists');
        return true;
      });
      assert.deepEqual(await store.getMapping('m-1'), expected);
      assert.equal(await store.getMapping('M-1'), undefined);
      assert.equal(await store.deleteMapping('m-1'), true);
    });

    it('keeps a config as the JSON it was given: nested values, unicode and large numbers', async () => {
      const store = await open();
      const config = { filters: [{ pattern: '{"a":["ü","😀"]}' }], window: 0, big: 2 ** 53 - 1, none: null, nested: { z: 1, a: [true] } };
      await store.createMapping({ uuid: 'j', functionName: 'fn', sourceArn: ARN_A, config, now: T0 });
      const read = await store.getMapping('j');
      assert.equal(JSON.stringify(read?.config), JSON.stringify(config), 'byte for byte, key order kept');
    });

    it('lists in creation order, filtered by function, source ARN or both', async () => {
      const store = await open();
      await create(store, 'z', 'f1', ARN_A);
      await create(store, 'a', 'f2', ARN_A);
      await create(store, 'm', 'f1', ARN_B);
      await create(store, 'b', 'f1', ARN_A);
      const uuids = async (filter?: { functionName?: string; sourceArn?: string }) => (await store.listMappings(filter)).map((m) => m.uuid);
      assert.deepEqual(await uuids(), ['z', 'a', 'm', 'b']);
      assert.deepEqual(await uuids({}), ['z', 'a', 'm', 'b']);
      assert.deepEqual(await uuids({ functionName: 'f1' }), ['z', 'm', 'b']);
      assert.deepEqual(await uuids({ sourceArn: ARN_A }), ['z', 'a', 'b']);
      assert.deepEqual(await uuids({ functionName: 'f1', sourceArn: ARN_B }), ['m']);
      assert.deepEqual(await uuids({ functionName: 'f2', sourceArn: ARN_B }), []);
      assert.deepEqual(await uuids({ functionName: 'F1' }), []);
      // A deleted and re-created mapping sorts after every existing one.
      assert.equal(await store.deleteMapping('z'), true);
      await create(store, 'z', 'f1', ARN_A);
      assert.deepEqual(await uuids({ functionName: 'f1' }), ['m', 'b', 'z']);
      const full = await store.listMappings<Config>({ functionName: 'f2' });
      assert.deepEqual(full, [{ uuid: 'a', functionName: 'f2', sourceArn: ARN_A, config: { batchSize: 100 }, createdAt: T0, modifiedAt: T0 }]);
    });

    it('updates function name and config through decide; a throwing decide rolls back', async () => {
      const store = await open();
      const before = await create(store, 'u', 'old-fn', ARN_B, T0);
      const updated = await store.updateMapping<Config>('u', T0 + 500, (current) => {
        assert.deepEqual(current, before);
        return { functionName: 'new-fn', config: { batchSize: current.config.batchSize + 1 } };
      });
      const expected = { ...before, functionName: 'new-fn', config: { batchSize: 101 }, modifiedAt: T0 + 500 };
      assert.deepEqual(updated, expected);
      assert.deepEqual(await store.getMapping('u'), expected);
      assert.deepEqual((await store.listMappings({ functionName: 'new-fn' })).map((m) => m.uuid), ['u']);
      assert.deepEqual(await store.listMappings({ functionName: 'old-fn' }), []);

      const error = new ServiceError('x#InvalidParameterValueException', 'no');
      await assert.rejects(
        store.updateMapping<Config>('u', T0 + 900, () => {
          throw error;
        }),
        (thrown) => thrown === error,
      );
      assert.deepEqual(await store.getMapping('u'), expected);
      assert.equal(await store.updateMapping('missing', T0, () => assert.fail('decide called')), undefined);
    });

    it('serialises concurrent updates of one mapping from two connections: none is lost', async () => {
      const db = await database();
      const nodes = [await open(db), await open(db)];
      await create(nodes[0]!, 'c');
      const calls = 16;
      await Promise.all(
        Array.from({ length: calls }, (_, i) =>
          nodes[i % 2]!.updateMapping<Config>('c', T0 + i, (current) => ({ functionName: 'fn', config: { batchSize: current.config.batchSize + 1 } })),
        ),
      );
      assert.equal((await nodes[1]!.getMapping<Config>('c'))?.config.batchSize, 100 + calls);
    });

    it('deletes a mapping with its shard rows; a re-created uuid starts without them', async () => {
      const store = await open();
      await create(store, 'd');
      await create(store, 'keep');
      assert.equal(await store.claimLease('d', SHARD_1, 'c1', T0 + 60_000, T0), true);
      assert.equal(await store.checkpoint('d', SHARD_1, 'c1', { sequence: SEQ }), true);
      assert.equal(await store.claimLease('d', SHARD_2, 'c1', T0 + 60_000, T0), true);
      assert.equal(await store.claimLease('keep', SHARD_1, 'c1', T0 + 60_000, T0), true);
      assert.equal(await store.deleteMapping('d'), true);
      assert.equal(await store.deleteMapping('d'), false);
      assert.equal(await store.getMapping('d'), undefined);
      assert.deepEqual(await store.listCheckpoints('d'), []);
      assert.equal(await store.getCheckpoint('d', SHARD_1), undefined);
      assert.deepEqual(await store.listCheckpoints('keep'), [{ shardId: SHARD_1, finished: false, owner: 'c1', leaseUntil: T0 + 60_000 }]);
      // A consumer still running for the deleted mapping can neither claim nor checkpoint (no orphan rows).
      assert.equal(await store.claimLease('d', SHARD_1, 'c1', T0 + 60_000, T0), false);
      assert.equal(await store.checkpoint('d', SHARD_1, 'c1', { sequence: SEQ }), false);
      await create(store, 'd');
      assert.deepEqual(await store.listCheckpoints('d'), []);
    });

    it('claims racing a delete of their mapping on another connection leave no shard row behind', async () => {
      const db = await database();
      const [one, two] = [await open(db), await open(db)];
      for (let round = 0; round < 5; round++) {
        const uuid = `race-${round}`;
        await create(one, uuid);
        const shards = Array.from({ length: 10 }, (_, i) => `shardId-${String(i).padStart(20, '0')}-00000000`);
        const [, deleted] = await Promise.all([
          Promise.all(shards.map((shard) => one.claimLease(uuid, shard, 'one', T0 + 1000, T0))),
          two.deleteMapping(uuid),
        ]);
        assert.equal(deleted, true);
        assert.deepEqual(await two.listCheckpoints(uuid), [], `round ${round}: no orphan rows`);
      }
    });

    it('claims a free shard, creating its row; another owner cannot take it before it expires', async () => {
      const store = await open();
      await create(store, 'L');
      assert.equal(await store.getCheckpoint('L', SHARD_1), undefined);
      assert.equal(await store.claimLease('L', SHARD_1, 'a', T0 + 1000, T0), true);
      assert.deepEqual(await store.getCheckpoint('L', SHARD_1), { shardId: SHARD_1, finished: false, owner: 'a', leaseUntil: T0 + 1000 });
      assert.equal(await store.claimLease('L', SHARD_1, 'b', T0 + 5000, T0 + 999), false);
      assert.deepEqual(await lease(store, 'L', SHARD_1), { owner: 'a', leaseUntil: T0 + 1000 });

      // Taken over once expired at now (held while now < until).
      assert.equal(await store.claimLease('L', SHARD_1, 'b', T0 + 6000, T0 + 1000), true);
      assert.deepEqual(await lease(store, 'L', SHARD_1), { owner: 'b', leaseUntil: T0 + 6000 });
      assert.equal(await store.claimLease('L', SHARD_1, 'a', T0 + 9000, T0 + 1001), false);
      assert.deepEqual(await lease(store, 'L', SHARD_1), { owner: 'b', leaseUntil: T0 + 6000 });

      // The owner extends its lease by a claim of its own, expired or not.
      assert.equal(await store.claimLease('L', SHARD_1, 'b', T0 + 7000, T0 + 2000), true);
      assert.deepEqual(await lease(store, 'L', SHARD_1), { owner: 'b', leaseUntil: T0 + 7000 });
      assert.equal(await store.claimLease('L', SHARD_1, 'b', T0 + 20_000, T0 + 10_000), true);
      assert.deepEqual(await lease(store, 'L', SHARD_1), { owner: 'b', leaseUntil: T0 + 20_000 });
    });

    it('renews and releases only for the owner; a released lease is free to another at once', async () => {
      const store = await open();
      await create(store, 'L');
      assert.equal(await store.claimLease('L', SHARD_1, 'b', T0 + 20_000, T0), true);
      assert.equal(await store.renewLease('L', SHARD_1, 'a', T0 + 99_000), false);
      assert.deepEqual(await lease(store, 'L', SHARD_1), { owner: 'b', leaseUntil: T0 + 20_000 });
      assert.equal(await store.renewLease('L', SHARD_1, 'b', T0 + 30_000), true);
      assert.deepEqual(await lease(store, 'L', SHARD_1), { owner: 'b', leaseUntil: T0 + 30_000 });
      assert.equal(await store.renewLease('L', SHARD_2, 'b', T0 + 30_000), false);
      assert.equal(await store.getCheckpoint('L', SHARD_2), undefined);

      await store.releaseLease('L', SHARD_1, 'a');
      assert.deepEqual(await lease(store, 'L', SHARD_1), { owner: 'b', leaseUntil: T0 + 30_000 });
      await store.releaseLease('L', SHARD_1, 'b');
      assert.deepEqual(await store.getCheckpoint('L', SHARD_1), { shardId: SHARD_1, finished: false });
      assert.equal(await store.renewLease('L', SHARD_1, 'b', T0 + 40_000), false);
      assert.equal(await store.claimLease('L', SHARD_1, 'a', T0 + 31_000, T0 + 2), true);
      assert.deepEqual(await lease(store, 'L', SHARD_1), { owner: 'a', leaseUntil: T0 + 31_000 });
    });

    it('releases every lease at once, whoever holds it (a single-process engine starting again)', async () => {
      const store = await open();
      await create(store, 'L');
      assert.equal(await store.claimLease('L', SHARD_1, 'a', T0 + 31_000, T0), true);
      assert.equal(await store.claimLease('L', SHARD_1, 'old-run', T0 + 60_000, T0), false);
      assert.equal(await store.releaseAllLeases(), 1);
      assert.deepEqual(await store.getCheckpoint('L', SHARD_1), { shardId: SHARD_1, finished: false });
      assert.equal(await store.claimLease('L', SHARD_1, 'new-run', T0 + 60_000, T0), true);
      assert.equal(await store.releaseAllLeases(), 1);
      assert.equal(await store.releaseAllLeases(), 0);
      assert.equal(await store.claimLease('L', SHARD_1, 'a', T0 + 31_000, T0 + 2), true);
    });

    it('two claims at once: exactly one holds the lease', async () => {
      const store = await open();
      await create(store, 'L');
      const results = await Promise.all([store.claimLease('L', SHARD_2, 'x', T0 + 1000, T0), store.claimLease('L', SHARD_2, 'y', T0 + 1000, T0)]);
      assert.equal(results.filter(Boolean).length, 1);
      assert.deepEqual(await lease(store, 'L', SHARD_2), { owner: results[0] ? 'x' : 'y', leaseUntil: T0 + 1000 });
    });

    it('claims nothing for an unknown mapping', async () => {
      const store = await open();
      assert.equal(await store.claimLease('nope', SHARD_1, 'a', T0 + 1000, T0), false);
      assert.deepEqual(await store.listCheckpoints('nope'), []);
    });

    it("stores the owner's position; refuses anyone else's; keeps the sequence, clears state left out, finished stays", async () => {
      const store = await open();
      await create(store, 'C');
      await store.claimLease('C', SHARD_1, 'owner', T0 + 60_000, T0);
      const held = { shardId: SHARD_1, owner: 'owner', leaseUntil: T0 + 60_000 };
      assert.equal(await store.checkpoint('C', SHARD_1, 'owner', { sequence: SEQ, state: '{"sum":3}' }), true);
      assert.deepEqual(await store.getCheckpoint('C', SHARD_1), { ...held, sequence: SEQ, state: '{"sum":3}', finished: false });
      assert.equal(await store.checkpoint('C', SHARD_1, 'owner', { sequence: '100000000000000000007', state: '{"sum":9}' }), true);
      const at7 = { ...held, sequence: '100000000000000000007', state: '{"sum":9}', finished: false };
      assert.deepEqual(await store.getCheckpoint('C', SHARD_1), at7);

      assert.equal(await store.checkpoint('C', SHARD_1, 'intruder', { sequence: '100000000000000000099', state: 'x', finished: true }), false);
      assert.deepEqual(await store.getCheckpoint('C', SHARD_1), at7);
      // Never claimed: no row is created.
      assert.equal(await store.checkpoint('C', SHARD_2, 'owner', { sequence: SEQ }), false);
      assert.equal(await store.getCheckpoint('C', SHARD_2), undefined);

      assert.equal(await store.checkpoint('C', SHARD_1, 'owner', { finished: true }), true);
      assert.deepEqual(await store.getCheckpoint('C', SHARD_1), { ...held, sequence: '100000000000000000007', finished: true });
      assert.equal(await store.checkpoint('C', SHARD_1, 'owner', { sequence: '100000000000000000008' }), true);
      const row = await store.getCheckpoint('C', SHARD_1);
      assert.equal(row?.sequence, '100000000000000000008');
      assert.equal(row?.finished, true);
    });

    it("refuses a former owner's checkpoint once the lease has moved on, and lists a mapping's shards by shard id", async () => {
      const store = await open();
      await create(store, 'C');
      await create(store, 'other');
      await store.claimLease('C', SHARD_2, 'first', T0 + 1000, T0);
      assert.equal(await store.checkpoint('C', SHARD_2, 'first', { sequence: '100000000000000000002' }), true);
      assert.equal(await store.claimLease('C', SHARD_2, 'second', T0 + 9000, T0 + 1000), true);
      assert.equal(await store.checkpoint('C', SHARD_2, 'first', { sequence: '100000000000000000003' }), false);
      assert.equal((await store.getCheckpoint('C', SHARD_2))?.sequence, '100000000000000000002');
      await store.releaseLease('C', SHARD_2, 'second');
      assert.equal(await store.checkpoint('C', SHARD_2, 'second', { sequence: '100000000000000000004' }), false);
      assert.equal((await store.getCheckpoint('C', SHARD_2))?.sequence, '100000000000000000002');

      await store.claimLease('C', SHARD_1, 'owner', T0 + 60_000, T0);
      await store.checkpoint('C', SHARD_1, 'owner', { sequence: '100000000000000000008', finished: true });
      await store.claimLease('other', SHARD_1, 'owner', T0 + 60_000, T0);
      // Byte order, as SQLite compares text: upper case before lower, '-' before digits.
      const shards = ['shardId-00000001600000000000-00000000', 'shardId-0000000170000000000-Z', 'shardId-0000000170000000000-a'];
      for (const shard of shards) await store.claimLease('C', shard, 'owner', T0 + 60_000, T0);
      assert.deepEqual(await store.listCheckpoints('C'), [
        { shardId: shards[0], finished: false, owner: 'owner', leaseUntil: T0 + 60_000 },
        { shardId: shards[1], finished: false, owner: 'owner', leaseUntil: T0 + 60_000 },
        { shardId: shards[2], finished: false, owner: 'owner', leaseUntil: T0 + 60_000 },
        { shardId: SHARD_1, sequence: '100000000000000000008', finished: true, owner: 'owner', leaseUntil: T0 + 60_000 },
        { shardId: SHARD_2, sequence: '100000000000000000002', finished: false },
      ]);
      assert.deepEqual(await store.listCheckpoints('other'), [{ shardId: SHARD_1, finished: false, owner: 'owner', leaseUntil: T0 + 60_000 }]);
    });

    it('keeps mappings, leases and checkpoints after every connection closes', async () => {
      const db = await database();
      const first = await open(db);
      await create(first, 'p', 'fn', ARN_B, T0);
      await first.updateMapping<Config>('p', T0 + 5, () => ({ functionName: 'fn2', config: { batchSize: 7 } }));
      await first.claimLease('p', SHARD_1, 'c', T0 + 60_000, T0);
      assert.equal(await first.checkpoint('p', SHARD_1, 'c', { sequence: SEQ, state: '{}', finished: true }), true);
      const later = await open(db);
      assert.deepEqual(await later.listMappings(), [
        { uuid: 'p', functionName: 'fn2', sourceArn: ARN_B, config: { batchSize: 7 }, createdAt: T0, modifiedAt: T0 + 5 },
      ]);
      assert.deepEqual(await later.listCheckpoints('p'), [{ shardId: SHARD_1, sequence: SEQ, state: '{}', finished: true, owner: 'c', leaseUntil: T0 + 60_000 }]);
      // The lease is shared too: another consumer cannot take it before it expires.
      assert.equal(await later.claimLease('p', SHARD_1, 'd', T0 + 90_000, T0 + 59_999), false);
    });

    it('two stores on one database (two processes, or two nodes) never both hold a lease', async () => {
      const db = await database();
      const [one, two] = [await open(db), await open(db)];
      await create(one, 's');
      const shards = Array.from({ length: 20 }, (_, i) => `shardId-${String(i).padStart(20, '0')}-00000000`);
      const results = await Promise.all(
        shards.flatMap((shard) => [one.claimLease('s', shard, 'one', T0 + 1000, T0), two.claimLease('s', shard, 'two', T0 + 1000, T0)]),
      );
      const rows = await two.listCheckpoints('s');
      assert.equal(rows.length, 20);
      shards.forEach((shard, i) => {
        const [byOne, byTwo] = [results[2 * i], results[2 * i + 1]];
        assert.equal(byOne !== byTwo, true, `exactly one claim of ${shard} succeeded`);
        assert.equal(rows[i]!.owner, byOne ? 'one' : 'two');
      });

      const shard = shards[0]!;
      const [holder, other] = results[0] ? [one, two] : [two, one];
      const [holderId, otherId] = results[0] ? ['one', 'two'] : ['two', 'one'];
      assert.equal(await other.checkpoint('s', shard, otherId, { sequence: SEQ }), false);
      assert.equal(await other.renewLease('s', shard, otherId, T0 + 5000), false);
      assert.equal(await holder.checkpoint('s', shard, holderId, { sequence: SEQ }), true);
      assert.equal((await other.getCheckpoint('s', shard))?.sequence, SEQ);
      await holder.releaseLease('s', shard, holderId);
      assert.equal(await other.claimLease('s', shard, otherId, T0 + 2000, T0 + 1), true);
      assert.equal(await holder.claimLease('s', shard, holderId, T0 + 2000, T0 + 2), false);
      assert.equal((await holder.getCheckpoint('s', shard))?.owner, otherId);
    });

    it('takes over an expired lease held by another store on the same database; the old holder can no longer checkpoint', async () => {
      const db = await database();
      const [one, two] = [await open(db), await open(db)];
      await create(one, 't');
      assert.equal(await one.claimLease('t', SHARD_1, 'one', T0 + 1000, T0), true);
      assert.equal(await one.checkpoint('t', SHARD_1, 'one', { sequence: '100000000000000000001' }), true);
      assert.equal(await two.claimLease('t', SHARD_1, 'two', T0 + 3000, T0 + 999), false);
      assert.equal(await two.claimLease('t', SHARD_1, 'two', T0 + 3000, T0 + 1000), true);
      assert.equal(await one.renewLease('t', SHARD_1, 'one', T0 + 5000), false);
      assert.equal(await one.checkpoint('t', SHARD_1, 'one', { sequence: '100000000000000000009' }), false);
      assert.equal(await two.checkpoint('t', SHARD_1, 'two', { sequence: '100000000000000000002' }), true);
      assert.deepEqual(await one.getCheckpoint('t', SHARD_1), {
        shardId: SHARD_1,
        sequence: '100000000000000000002',
        finished: false,
        owner: 'two',
        leaseUntil: T0 + 3000,
      });
    });
  },
);
