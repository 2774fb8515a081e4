import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openSqliteEngine, type SqliteEngine } from './sqlite-engine.js';
import { encodeKeyValue, partitionHash } from '../key-encoding.js';
import type { ItemKey, StoredItem } from '../engine.js';
import { tempDir } from './fixtures/temp-dir.js';

const dir = tempDir();

function keyOf(pk: string): ItemKey {
  const partition = encodeKeyValue({ S: pk });
  return { hash: partitionHash(partition), partition, sort: new Uint8Array(0) };
}

const write = (engine: SqliteEngine, tableId: number, pk: string, json: string | null) =>
  engine.writeItems({
    targets: [{ tableId, key: keyOf(pk) }],
    decide: () => ({ mutations: [{ target: 0, item: json === null ? null : { json, size: json.length } }], result: undefined }),
  });

const texts = (items: StoredItem[]) => items.map((item) => item.json).sort();

// The contract cases (refusals, trim, two nodes, turning recovery on during writes) are in point-in-time.contract.test.ts.
describe('SqlitePointInTime', () => {
  let engine: SqliteEngine;
  // Every read of the time moves it on by 10 ms: what one transaction stamps must still be one time.
  let time = 1_000;
  const now = () => (time += 10);
  before(() => {
    engine = openSqliteEngine({ path: join(dir, 'pitr', 'eddy.db'), now });
  });
  after(() => engine.close());

  const restore = async (source: string, name: string, at: number) => {
    const outcome = await engine.backups.restore({ name, definition: {}, source: { tableName: source, at }, indexEntries: () => undefined });
    return 'table' in outcome ? texts(await engine.scan({ tableId: outcome.table.id, limit: 100 })) : outcome;
  };

  it('stamps the writes of one group commit with one time, so a restore sees them all or none', async () => {
    const tableId = (await engine.createTable('G', {}))!.id;
    await write(engine, tableId, 'base', '{"base":1}');
    const enabled = (await engine.pointInTime.enable('G', 1_000_000, time))!;
    assert.deepEqual(enabled.recovery, { enabledAt: time, retentionMs: 1_000_000, baseAt: time });
    const start = time;
    await Promise.all([write(engine, tableId, 'a', '{"a":1}'), write(engine, tableId, 'b', '{"b":1}'), write(engine, tableId, 'base', null)]);
    const stamped = start + 10; // the first read of the time in the commit
    assert.deepEqual(await restore('G', 'G1', stamped - 1), ['{"base":1}']);
    assert.deepEqual(await restore('G', 'G2', stamped), ['{"a":1}', '{"b":1}']);
    // The restored tables are new and untouched by the source's recording.
    await write(engine, tableId, 'c', '{"c":1}');
    assert.deepEqual(await restore('G', 'G3', stamped), ['{"a":1}', '{"b":1}']);
  });
});
