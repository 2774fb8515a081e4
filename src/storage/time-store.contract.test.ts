import { it } from 'node:test';
import assert from 'node:assert/strict';
import { describeStoreContract } from '../../test/helpers/store-contract.js';
import { openSqliteEngine } from './sqlite/sqlite-engine.js';
import { openPgPool } from './postgres/pg-pool.js';
import { applyPostgresMigrations } from './postgres/postgres-migrations.js';
import { PostgresTimeStore } from './postgres/postgres-time-store.js';
import type { TimeStore } from './time-store.js';

describeStoreContract<TimeStore>(
  'TimeStore contract',
  {
    sqlite(path) {
      const engine = openSqliteEngine({ path });
      return { store: engine.time, close: () => engine.close() };
    },
    async postgres(url) {
      const pool = await openPgPool({ url, size: 4 });
      await applyPostgresMigrations(pool);
      return { store: new PostgresTimeStore(pool), close: () => pool.end() };
    },
  },
  ({ open, database }) => {
    it('reads offset 0 at version 0 until changed; each change decides against the current row and bumps the version', async () => {
      const time = await open();
      assert.deepEqual(await time.read(), { offsetMs: 0, version: 0 });
      const seen: unknown[] = [];
      assert.deepEqual(await time.change((current) => (seen.push(current), current.offsetMs + 7_200_000)), { offsetMs: 7_200_000, version: 1 });
      assert.deepEqual(await time.change((current) => (seen.push(current), current.offsetMs - 1_000.9)), { offsetMs: 7_198_999, version: 2 });
      assert.deepEqual(seen, [{ offsetMs: 0, version: 0 }, { offsetMs: 7_200_000, version: 1 }]);
      assert.deepEqual(await time.read(), { offsetMs: 7_198_999, version: 2 }, "a fraction is truncated");
    });

    it('writes nothing when decide throws, and rejects with what it threw', async () => {
      const time = await open();
      await time.change(() => 5);
      const refused = new Error('refused');
      await assert.rejects(time.change(() => {
        throw refused;
      }), (error) => error === refused);
      assert.deepEqual(await time.read(), { offsetMs: 5, version: 1 });
      assert.deepEqual(await time.change((current) => current.offsetMs + 1), { offsetMs: 6, version: 2 });
    });

    it('is shared by every connection to the database, and kept after they close', async () => {
      const db = await database();
      const first = await open(db);
      const second = await open(db);
      await first.change(() => 86_400_000);
      assert.deepEqual(await second.read(), { offsetMs: 86_400_000, version: 1 });
      assert.deepEqual(await second.change((current) => current.offsetMs * 2), { offsetMs: 172_800_000, version: 2 });
      assert.deepEqual(await first.read(), { offsetMs: 172_800_000, version: 2 });
      const later = await open(db);
      assert.deepEqual(await later.read(), { offsetMs: 172_800_000, version: 2 });
    });

    it('serialises concurrent changes from two connections: each decides against the result of the one before', async () => {
      const db = await database();
      const nodes = [await open(db), await open(db)];
      const calls = 20;
      const decided: { offsetMs: number; version: number }[] = [];
      const results = await Promise.all(
        Array.from({ length: calls }, (_, i) =>
          nodes[i % 2]!.change((current) => {
            decided.push(current);
            return current.offsetMs + 1;
          }),
        ),
      );
      // Had two changes decided against the same row, one increment would be lost and a version repeated.
      const versions = results.map((r) => r.version).sort((a, b) => a - b);
      assert.deepEqual(versions, Array.from({ length: calls }, (_, i) => i + 1));
      for (const result of results) assert.equal(result.offsetMs, result.version, 'each change saw every change before it');
      assert.deepEqual(await nodes[0]!.read(), { offsetMs: calls, version: calls });
      // Every decision that committed was made against the row as the previous change left it.
      const committed = decided.filter((d) => results.some((r) => r.version === d.version + 1 && r.offsetMs === d.offsetMs + 1));
      assert.equal(new Set(committed.map((d) => d.version)).size, calls);
    });
  },
);
