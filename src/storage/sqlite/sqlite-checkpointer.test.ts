import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openSqliteEngine } from './sqlite-engine.js';
import { encodeKeyValue, partitionHash } from '../key-encoding.js';
import { tempDir } from './fixtures/temp-dir.js';
import { eventually } from '../../../test/helpers/eventually.js';

const dir = tempDir();

describe('SQLite checkpointer: its thread', () => {
  it('is not started by opening the file, only by the first pass (an idle Eddy holds no checkpointing isolate)', async () => {
    const engine = openSqliteEngine({ path: join(dir, 'idle.db'), durability: 'process', checkpoints: { writesPerCheckpoint: 20 } });
    const table = (await engine.createTable('T', {}))!;
    const put = (id: string) => {
      const partition = encodeKeyValue({ S: id });
      return engine.writeItems({
        targets: [{ tableId: table.id, key: { hash: partitionHash(partition), partition, sort: new Uint8Array(0) } }],
        decide: () => ({ mutations: [{ target: 0, item: { json: '{}', size: 2 } }], result: undefined }),
      });
    };
    try {
      for (let i = 0; i < 5; i++) await put(`k${i}`);
      assert.deepEqual([engine.walStats!.checkpoints.started, engine.walStats!.checkpoints.passes], [false, 0]);
      for (let i = 5; i < 40; i++) await put(`k${i}`);
      const stats = await eventually('a checkpoint pass', () => engine.walStats!.checkpoints, { accept: (s) => s.passes > 0 });
      assert.deepEqual([stats.started, stats.fellBack], [true, false]);
    } finally {
      await engine.close();
    }
  });
});
