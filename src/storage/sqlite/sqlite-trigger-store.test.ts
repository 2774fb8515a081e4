import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openSqliteEngine } from './sqlite-engine.js';
import type { MappingRecord, TriggerStore } from '../trigger-store.js';
import { tempDir } from './fixtures/temp-dir.js';

// What only the SQLite engine does. The TriggerStore contract itself (mappings, leases, checkpoints,
// two connections on one database) is src/storage/trigger-store.contract.test.ts, run on every engine.

const dir = tempDir();
let counter = 0;
const freshPath = () => join(dir, `triggers-${++counter}`, 'eddy.db');
const T0 = 1_700_000_000_000;
const ARN_B = 'arn:aws:dynamodb:us-east-1:000000000000:table/b/stream/2026-01-01T00:00:00.000';
const SHARD_1 = 'shardId-00000001700000000000-0000000a';
const SHARD_2 = 'shardId-00000001700000000001-0000000b';
const SEQ = '100000000000000000001';

interface Config {
  readonly batchSize: number;
}

function create(store: TriggerStore, uuid: string, functionName = 'fn', sourceArn = ARN_B, now = T0): Promise<MappingRecord<Config>> {
  return store.createMapping<Config>({ uuid, functionName, sourceArn, config: { batchSize: 100 }, now });
}

describe('SqliteTriggerStore on the group commit', () => {
  it('two claims in the same group commit: the first queued wins', async () => {
    const engine = openSqliteEngine({ path: freshPath() });
    after(() => engine.close());
    const store = engine.triggers;
    await create(store, 'L');
    const [first, second] = await Promise.all([
      store.claimLease('L', SHARD_2, 'x', T0 + 1000, T0),
      store.claimLease('L', SHARD_2, 'y', T0 + 1000, T0),
    ]);
    assert.deepEqual([first, second], [true, false]);
    const row = await store.getCheckpoint('L', SHARD_2);
    assert.deepEqual({ owner: row?.owner, leaseUntil: row?.leaseUntil }, { owner: 'x', leaseUntil: T0 + 1000 });
  });

  it('keeps a checkpoint not yet awaited when the engine closes', async () => {
    const path = freshPath();
    let engine = openSqliteEngine({ path });
    await create(engine.triggers, 'p', 'fn', ARN_B, T0);
    await engine.triggers.updateMapping<Config>('p', T0 + 5, () => ({ functionName: 'fn2', config: { batchSize: 7 } }));
    await engine.triggers.claimLease('p', SHARD_1, 'c', T0 + 60_000, T0);
    const pending = engine.triggers.checkpoint('p', SHARD_1, 'c', { sequence: SEQ, state: '{}', finished: true });
    await engine.close();
    assert.equal(await pending, true);

    engine = openSqliteEngine({ path });
    try {
      assert.deepEqual(await engine.triggers.listMappings(), [
        { uuid: 'p', functionName: 'fn2', sourceArn: ARN_B, config: { batchSize: 7 }, createdAt: T0, modifiedAt: T0 + 5 },
      ]);
      assert.deepEqual(await engine.triggers.listCheckpoints('p'), [
        { shardId: SHARD_1, sequence: SEQ, state: '{}', finished: true, owner: 'c', leaseUntil: T0 + 60_000 },
      ]);
      // The lease survived too: another consumer cannot take it before it expires.
      assert.equal(await engine.triggers.claimLease('p', SHARD_1, 'd', T0 + 90_000, T0 + 59_999), false);
    } finally {
      await engine.close();
    }
  });
});
