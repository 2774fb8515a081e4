import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openSqliteEngine } from './sqlite-engine.js';
import { tempDir } from './fixtures/temp-dir.js';

type Config = { MaximumRetryAttempts?: number; MaximumEventAgeInSeconds?: number };

describe('SQLite event invoke config store', () => {
  it('writes after deciding against the current config, reads, lists by qualifier and deletes', async () => {
    const engine = openSqliteEngine({ path: ':memory:' });
    try {
      const store = engine.eventInvokeConfigs;
      assert.equal(await store.get('fn', '$LATEST'), undefined);
      const seen: unknown[] = [];
      await store.write<Config>('fn', '$LATEST', 10, (current) => (seen.push(current), { MaximumRetryAttempts: 1 }));
      const merged = await store.write<Config>('fn', '$LATEST', 20, (current) => (seen.push(current), { ...current!.config, MaximumEventAgeInSeconds: 60 }));
      assert.deepEqual(seen, [undefined, { functionName: 'fn', qualifier: '$LATEST', config: { MaximumRetryAttempts: 1 }, lastModified: 10 }]);
      assert.deepEqual(merged, { functionName: 'fn', qualifier: '$LATEST', config: { MaximumRetryAttempts: 1, MaximumEventAgeInSeconds: 60 }, lastModified: 20 });
      assert.deepEqual(await store.get('fn', '$LATEST'), merged);
      await store.write<Config>('fn', 'live', 30, () => ({}));
      await store.write<Config>('other', '$LATEST', 30, () => ({}));
      assert.deepEqual((await store.list('fn')).map((c) => c.qualifier), ['$LATEST', 'live']);
      assert.equal(await store.delete('fn', 'live'), true);
      assert.equal(await store.delete('fn', 'live'), false);
      assert.deepEqual((await store.list('fn')).map((c) => c.qualifier), ['$LATEST']);
    } finally {
      await engine.close();
    }
  });

  it('writes nothing when decide throws', async () => {
    const engine = openSqliteEngine({ path: ':memory:' });
    try {
      await engine.eventInvokeConfigs.write<Config>('fn', '$LATEST', 10, () => ({ MaximumRetryAttempts: 2 }));
      await assert.rejects(
        engine.eventInvokeConfigs.write<Config>('fn', '$LATEST', 20, () => {
          throw new Error('refused');
        }),
        /refused/,
      );
      assert.deepEqual((await engine.eventInvokeConfigs.get('fn', '$LATEST'))?.config, { MaximumRetryAttempts: 2 });
    } finally {
      await engine.close();
    }
  });

  it('keeps configs across a reopen of the file', async () => {
    const path = join(tempDir(), 'configs.db');
    const first = openSqliteEngine({ path });
    await first.eventInvokeConfigs.write<Config>('fn', '$LATEST', 10, () => ({ MaximumEventAgeInSeconds: 600 }));
    await first.close();
    const second = openSqliteEngine({ path });
    try {
      assert.deepEqual((await second.eventInvokeConfigs.get('fn', '$LATEST'))?.config, { MaximumEventAgeInSeconds: 600 });
    } finally {
      await second.close();
    }
  });
});
