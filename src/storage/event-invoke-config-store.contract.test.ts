import { it } from 'node:test';
import assert from 'node:assert/strict';
import { describeStoreContract } from '../../test/helpers/store-contract.js';
import { openSqliteEngine } from './sqlite/sqlite-engine.js';
import { openPgPool } from './postgres/pg-pool.js';
import { applyPostgresMigrations } from './postgres/postgres-migrations.js';
import { PostgresEventInvokeConfigStore } from './postgres/postgres-event-invoke-config-store.js';
import type { EventInvokeConfigStore } from './event-invoke-config-store.js';

type Config = { MaximumRetryAttempts?: number; MaximumEventAgeInSeconds?: number };

describeStoreContract<EventInvokeConfigStore>(
  'EventInvokeConfigStore contract',
  {
    sqlite(path) {
      const engine = openSqliteEngine({ path });
      return { store: engine.eventInvokeConfigs, close: () => engine.close() };
    },
    async postgres(url) {
      const pool = await openPgPool({ url, size: 4 });
      await applyPostgresMigrations(pool);
      return { store: new PostgresEventInvokeConfigStore(pool), close: () => pool.end() };
    },
  },
  ({ open, database }) => {
    it('writes after deciding against the current config, reads, lists by qualifier and deletes', async () => {
      const store = await open();
      assert.equal(await store.get('fn', '$LATEST'), undefined);
      const seen: unknown[] = [];
      await store.write<Config>('fn', '$LATEST', 10, (current) => (seen.push(current), { MaximumRetryAttempts: 1 }));
      const merged = await store.write<Config>('fn', '$LATEST', 20, (current) => (seen.push(current), { ...current!.config, MaximumEventAgeInSeconds: 60 }));
      assert.deepEqual(seen, [undefined, { functionName: 'fn', qualifier: '$LATEST', config: { MaximumRetryAttempts: 1 }, lastModified: 10 }]);
      assert.deepEqual(merged, { functionName: 'fn', qualifier: '$LATEST', config: { MaximumRetryAttempts: 1, MaximumEventAgeInSeconds: 60 }, lastModified: 20 });
      assert.deepEqual(await store.get('fn', '$LATEST'), merged);
      await store.write<Config>('fn', 'live', 30, () => ({}));
      await store.write<Config>('fn', 'Live', 30, () => ({}));
      await store.write<Config>('fn', '1', 30, () => ({}));
      await store.write<Config>('other', '$LATEST', 30, () => ({}));
      assert.deepEqual((await store.list('fn')).map((c) => c.qualifier), ['$LATEST', '1', 'Live', 'live'], 'byte order');
      assert.equal(await store.delete('fn', 'live'), true);
      assert.equal(await store.delete('fn', 'live'), false);
      assert.deepEqual((await store.list('fn')).map((c) => c.qualifier), ['$LATEST', '1', 'Live']);
      assert.deepEqual(await store.list('nobody'), []);
      assert.deepEqual((await store.list('other'))[0], { functionName: 'other', qualifier: '$LATEST', config: {}, lastModified: 30 });
    });

    it('keeps an epoch-ms lastModified exactly', async () => {
      const store = await open();
      const now = 1_893_456_000_123;
      assert.equal((await store.write<Config>('fn', '$LATEST', now, () => ({}))).lastModified, now);
      assert.equal((await store.get('fn', '$LATEST'))?.lastModified, now);
    });

    it('writes nothing when decide throws, and rejects with what it threw', async () => {
      const store = await open();
      await store.write<Config>('fn', '$LATEST', 10, () => ({ MaximumRetryAttempts: 2 }));
      const refused = new Error('refused');
      await assert.rejects(
        store.write<Config>('fn', '$LATEST', 20, () => {
          throw refused;
        }),
        (error) => error === refused,
      );
      assert.deepEqual(await store.get('fn', '$LATEST'), { functionName: 'fn', qualifier: '$LATEST', config: { MaximumRetryAttempts: 2 }, lastModified: 10 });
      await assert.rejects(store.write<Config>('fn', 'new', 20, () => {
        throw refused;
      }));
      assert.equal(await store.get('fn', 'new'), undefined);
    });

    it('is shared by every connection to the database, and kept after they close', async () => {
      const db = await database();
      const first = await open(db);
      const second = await open(db);
      await first.write<Config>('fn', '$LATEST', 10, () => ({ MaximumEventAgeInSeconds: 600 }));
      assert.deepEqual((await second.get<Config>('fn', '$LATEST'))?.config, { MaximumEventAgeInSeconds: 600 });
      assert.equal(await second.delete('fn', '$LATEST'), true);
      assert.equal(await first.get('fn', '$LATEST'), undefined);
      await second.write<Config>('fn', 'v1', 11, () => ({ MaximumRetryAttempts: 0 }));
      const later = await open(db);
      assert.deepEqual((await later.get<Config>('fn', 'v1'))?.config, { MaximumRetryAttempts: 0 });
    });

    it('serialises concurrent merges from two connections, also into a config that does not exist yet', async () => {
      const db = await database();
      const nodes = [await open(db), await open(db)];
      const calls = 20;
      await Promise.all(
        Array.from({ length: calls }, (_, i) =>
          nodes[i % 2]!.write<Config>('fn', '$LATEST', i, (current) => ({ MaximumRetryAttempts: (current?.config.MaximumRetryAttempts ?? 0) + 1 })),
        ),
      );
      // Had two writes decided against the same config, an increment would be lost.
      assert.equal((await nodes[1]!.get<Config>('fn', '$LATEST'))?.config.MaximumRetryAttempts, calls);
    });
  },
);
