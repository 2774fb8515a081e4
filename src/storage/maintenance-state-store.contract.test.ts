import { it } from 'node:test';
import assert from 'node:assert/strict';
import { describeStoreContract } from '../../test/helpers/store-contract.js';
import { openSqliteEngine } from './sqlite/sqlite-engine.js';
import { openPgPool } from './postgres/pg-pool.js';
import { applyPostgresMigrations } from './postgres/postgres-migrations.js';
import { PostgresMaintenanceStateStore } from './postgres/postgres-maintenance-state-store.js';
import type { MaintenanceStateStore } from './maintenance-state-store.js';

// The MaintenanceStateStore contract (maintenance-state-store.ts) on every engine.
describeStoreContract<MaintenanceStateStore>(
  'MaintenanceStateStore contract',
  {
    sqlite(path) {
      const engine = openSqliteEngine({ path });
      return { store: engine.maintenance, close: () => engine.close() };
    },
    async postgres(url) {
      const pool = await openPgPool({ url, size: 4 });
      await applyPostgresMigrations(pool);
      return { store: new PostgresMaintenanceStateStore(pool), close: () => pool.end() };
    },
  },
  ({ open, database }) => {
    it('reads undefined until a value is put; a put replaces it, undefined deletes it; names are independent', async () => {
      const store = await open();
      assert.equal(await store.get('ttl-sweep'), undefined);
      await store.put('ttl-sweep', '{"tableId":1}');
      await store.put('Ttl-sweep', 'other');
      assert.equal(await store.get('ttl-sweep'), '{"tableId":1}');
      const value = JSON.stringify({ tableId: 2, after: 'AAEC/w==', note: 'é😀\u0000' });
      await store.put('ttl-sweep', value);
      assert.equal(await store.get('ttl-sweep'), value);
      await store.put('ttl-sweep', undefined);
      assert.equal(await store.get('ttl-sweep'), undefined);
      assert.equal(await store.get('Ttl-sweep'), 'other');
      await store.put('never-set', undefined);
      assert.equal(await store.get('never-set'), undefined);
    });

    it('is shared by every connection to the database, and kept after they close', async () => {
      const place = await database();
      const leader = await open(place);
      const next = await open(place);
      await leader.put('ttl-sweep', '"where the old leader stopped"');
      assert.equal(await next.get('ttl-sweep'), '"where the old leader stopped"');
      await next.put('ttl-sweep', '"further"');
      assert.equal(await leader.get('ttl-sweep'), '"further"');
      assert.equal(await (await open(place)).get('ttl-sweep'), '"further"');
    });
  },
);
