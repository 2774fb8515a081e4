import { it } from 'node:test';
import assert from 'node:assert/strict';
import { describeStoreContract } from '../../../test/helpers/store-contract.js';
import { ManualClock } from '../../shared/clock.js';
import { openSqliteEngine } from '../../storage/sqlite/sqlite-engine.js';
import { openPostgresEngine } from '../../storage/postgres/postgres-engine.js';
import type { StorageEngine } from '../../storage/engine.js';
import { TableCatalog } from '../table-catalog.js';
import type { TableContext } from '../table-context.js';
import type { TableDefinition } from '../table-definition.js';
import { BACKFILL_LEASE_MS, setIndexBackfillOptions, startIndexBackfill, stopIndexBackfills } from './index-backfill.js';
import { backfillProgressOf } from '../../progress/backfill-progress.js';
import { batchWriteItem } from '../operations/batch-write-item.js';
import { BackfillGate } from '../../../test/helpers/backfill-gate.js';

const T0 = Date.UTC(2026, 0, 1);

/** A table with no items and a GSI still CREATING: a backfill has nothing to fill and makes it ACTIVE. */
const definition: TableDefinition = {
  name: 'tbl',
  id: '00000000-0000-4000-8000-000000000000',
  createdAt: T0,
  key: { partition: { name: 'id', type: 'S' } },
  attributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }, { AttributeName: 'tag', AttributeType: 'S' }],
  billingMode: 'PAY_PER_REQUEST',
  globalIndexes: [{ name: 'byTag', key: { partition: { name: 'tag', type: 'S' } }, projection: { ProjectionType: 'KEYS_ONLY' }, status: 'CREATING' }],
  localIndexes: [],
  tags: [],
  deletionProtection: false,
  tableClass: 'STANDARD',
};

const contextOf = (engine: StorageEngine, clock: ManualClock): TableContext => ({
  engine,
  catalog: new TableCatalog(engine),
  clock,
  deployment: { region: 'us-east-1', account: '000000000000' } as TableContext['deployment'],
});

const statusOf = async (ctx: TableContext) => (await ctx.catalog.refresh('tbl'))?.definition.globalIndexes[0]?.status;

/** The table with 150 items (two pages), its backfill started and held by a gate before its second page. */
async function heldAfterOnePage(engine: StorageEngine) {
  const ctx = contextOf(engine, new ManualClock(T0));
  const table = (await ctx.catalog.create(definition))!;
  for (let batch = 0; batch < 6; batch++) {
    const items = Array.from({ length: 25 }, (_, i) => ({ PutRequest: { Item: { id: { S: `i-${batch}-${i}` }, tag: { S: 't' } } } }));
    await batchWriteItem(ctx, { RequestItems: { tbl: items } });
  }
  const gate = new BackfillGate();
  setIndexBackfillOptions(engine, gate.options);
  const run = startIndexBackfill(ctx, 'tbl', table.id, 'byTag');
  assert.equal((await gate.held()).done, 0);
  gate.step();
  assert.equal((await gate.held()).done, 100);
  assert.deepEqual(await backfillProgressOf(engine, table.id, 'byTag'), { done: 100, total: 150, started: T0 });
  return { ctx, table, gate, run };
}

// Index backfills on each engine: with several nodes on the database, one fills an index at a time.
describeStoreContract<StorageEngine>(
  'index backfill under a lease',
  {
    sqlite(path) {
      const engine = openSqliteEngine({ path });
      return { store: engine, close: () => engine.close() };
    },
    async postgres(url) {
      const engine = await openPostgresEngine({ url, poolSize: 4 });
      return { store: engine, close: () => engine.close() };
    },
  },
  ({ open }) => {
    it('leaves an index another node is filling to it, and takes it over once that lease expires', async (t) => {
      const engine = await open();
      if (!engine.capabilities.sharedAcrossProcesses) return t.skip('sharedAcrossProcesses false: a process alone on its storage takes no lease');
      const clock = new ManualClock(T0);
      const ctx = contextOf(engine, clock);
      const table = await ctx.catalog.create(definition);
      const lease = `index-backfill:${table!.id}/byTag`;
      assert.equal(await engine.cluster.claimLease(lease, 'other-node', clock.now(), clock.now() + BACKFILL_LEASE_MS), true);
      await startIndexBackfill(ctx, 'tbl', table!.id, 'byTag');
      assert.equal(await statusOf(ctx), 'CREATING');
      clock.advance(BACKFILL_LEASE_MS);
      await startIndexBackfill(ctx, 'tbl', table!.id, 'byTag');
      assert.equal(await statusOf(ctx), 'ACTIVE');
      assert.equal(await engine.cluster.leaseHolder(lease, clock.now()), undefined, 'released when done');
    });

    it('fills an index at once when nobody holds its lease', async () => {
      const engine = await open();
      const ctx = contextOf(engine, new ManualClock(T0));
      const table = await ctx.catalog.create(definition);
      await startIndexBackfill(ctx, 'tbl', table!.id, 'byTag');
      assert.equal(await statusOf(ctx), 'ACTIVE');
    });

    it('removes the progress it stored when its index is deleted before it ends', async () => {
      const engine = await open();
      const { ctx, table, gate, run } = await heldAfterOnePage(engine);
      await ctx.catalog.update('tbl', (current) => ({ ...current.definition, globalIndexes: [] }));
      gate.step();
      await run;
      assert.equal(await backfillProgressOf(engine, table.id, 'byTag'), undefined);
    });

    it('removes the progress it stored when it ends, once its index is ACTIVE', async () => {
      const engine = await open();
      const { ctx, table, gate, run } = await heldAfterOnePage(engine);
      gate.open();
      await run;
      assert.equal(await statusOf(ctx), 'ACTIVE');
      assert.equal(await backfillProgressOf(engine, table.id, 'byTag'), undefined);
    });

    it('stops between two pages when Eddy stops, removing its progress; none starts after', async () => {
      const engine = await open();
      const { ctx, table, run } = await heldAfterOnePage(engine);
      await stopIndexBackfills(engine); // the gate's page is let go by the stop's signal
      await run;
      assert.equal(await backfillProgressOf(engine, table.id, 'byTag'), undefined);
      assert.equal(await statusOf(ctx), 'CREATING', 'left for the next start to fill');
      await startIndexBackfill(ctx, 'tbl', table.id, 'byTag');
      assert.equal(await statusOf(ctx), 'CREATING');
      assert.equal(await backfillProgressOf(engine, table.id, 'byTag'), undefined);
    });
  },
);
