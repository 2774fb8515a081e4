import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteEngine } from '../storage/sqlite/sqlite-engine.js';
import type { StorageEngine } from '../storage/engine.js';
import { keyOf } from '../../test/helpers/stream-engines.js';
import { LABEL, T0 } from '../../test/helpers/stream-mapping.js';
import { ShardWatcher } from './shard-watcher.js';
import { followTableStream } from './stream-follower.js';

const dir = mkdtempSync(join(tmpdir(), 'eddy-follower-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('followTableStream', () => {
  it('from latest: calls onStream once its position is taken, so a record written as soon as it is called is followed', async () => {
    const engine = openSqliteEngine({ path: join(dir, 'follow.sqlite'), now: () => T0, durability: 'process' });
    const meta = { tableName: 'tbl', viewType: 'KEYS_ONLY', keySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }] };
    const table = (await engine.createTable('tbl', {}, { label: LABEL, enabled: true, shardCount: 1, meta }))!;
    const put = async (pk: string) => {
      const key = keyOf(pk);
      const record = { hash: key.hash, json: `I-{"ApproximateCreationDateTime":${T0 / 1000},"Keys":{"pk":{"S":"${pk}"}},"SizeBytes":9}` };
      await engine.writeItems({ targets: [{ tableId: table.id, key }], decide: () => ({ mutations: [{ target: 0, item: { json: '{}', size: 2 }, record }], result: undefined }) });
    };
    await put('before');
    // The write made when onStream is called: a shard listing that starts after it would put the position past it.
    let written: Promise<void> | undefined;
    const listingAfterTheWrite = new Proxy(engine, {
      get(target, name) {
        if (name === 'getStream') return async (...args: Parameters<StorageEngine['getStream']>) => (await written, target.getStream(...args));
        const value = Reflect.get(target, name) as unknown;
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const watcher = new ShardWatcher(engine);
    const abort = new AbortController();
    const seen: string[] = [];
    let sawIt!: () => void;
    const followed = new Promise<void>((resolve) => (sawIt = resolve));
    const following = followTableStream(listingAfterTheWrite, watcher, {
      tableName: 'tbl',
      from: 'latest',
      signal: abort.signal,
      onStream: (label) => {
        assert.equal(label, LABEL);
        written ??= put('after-ready');
      },
      onRecord: (json) => {
        seen.push((JSON.parse(json.slice(2)) as { Keys: { pk: { S: string } } }).Keys.pk.S);
        if (seen.includes('after-ready')) sawIt();
      },
    });
    const timeout = new Promise<'timed out'>((resolve) => setTimeout(() => resolve('timed out'), 10_000).unref());
    try {
      assert.equal(await Promise.race([followed.then(() => 'followed'), timeout]), 'followed');
      assert.deepEqual(seen, ['after-ready']);
    } finally {
      abort.abort();
      await following;
      watcher.close();
      await engine.close();
    }
  });
});
