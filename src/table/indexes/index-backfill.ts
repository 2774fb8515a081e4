import { randomUuid } from '../../shared/random-uuid.js';
import { StaleTableError, type ItemKey, type ItemMutation, type StoredItem } from '../../storage/engine.js';
import { decodeItem } from '../item-codec.js';
import type { TableEntry } from '../table-catalog.js';
import type { TableContext } from '../table-context.js';
import { indexEntriesOf } from './index-entries.js';
import { storeBackfillProgress } from '../../progress/backfill-progress.js';
import { progressLogOf } from '../../progress/progress-log.js';

/** Items read and re-indexed per engine write. */
const PAGE = 100;
/**
 * How long, on Eddy's clock, a backfill's lease lasts without renewal (it is renewed before each page): a
 * node that dies mid-backfill leaves the index to the next node describing the table once it expires.
 */
export const BACKFILL_LEASE_MS = 60_000;

/**
 * Fills a GSI that UpdateTable added to a table holding items, in the background: the table is
 * scanned page by page and each page's items are re-indexed in one engine write, decided against
 * the items as stored then (so a write racing the backfill is never overwritten with an older
 * version's entries; writes made meanwhile index the new GSI themselves, as it is in the definition
 * from the start). When the scan ends the index becomes ACTIVE. Stops quietly when the table or the
 * index goes away; never rejects (a failure, e.g. the engine closing, leaves the index CREATING).
 *
 * With several nodes on the database one at a time fills an index: the backfill holds the named lease
 * `index-backfill:<table id>/<index>` (ClusterStore), and a node finding it held leaves the index to its holder.
 */
export function startIndexBackfill(ctx: TableContext, tableName: string, tableId: number, indexName: string): Promise<void> {
  const { running, owner } = backfillsOn(ctx);
  const id = `${tableId}/${indexName}`;
  if (running.has(id)) return Promise.resolve();
  running.add(id);
  const lease = `index-backfill:${id}`;
  const claimLease = () => ctx.engine.cluster.claimLease(lease, owner, ctx.clock.now(), ctx.clock.now() + BACKFILL_LEASE_MS);
  // Alone on its storage (sharedAcrossProcesses false) there is no one to share with, and a lease a killed
  // run left would only hold the backfill up after a restart: `running` is enough.
  const claim = ctx.engine.capabilities.sharedAcrossProcesses ? claimLease : async () => true;
  return (async () => {
    if (!(await claim())) return;
    try {
      await backfill(ctx, tableName, tableId, indexName, claim);
    } finally {
      await ctx.engine.cluster.releaseLease(lease, owner).catch(() => undefined);
    }
  })()
    .catch(() => {
      // Nothing to report to: the index stays CREATING, and ensureIndexBackfills starts it again.
    })
    .finally(() => running.delete(id));
}

/**
 * Starts the backfill of every CREATING index of the table that no backfill of this process is
 * filling: one interrupted by a restart resumes when the table is next described (clients waiting
 * for an index poll DescribeTable).
 */
export function ensureIndexBackfills(ctx: TableContext, table: TableEntry): void {
  for (const index of table.definition.globalIndexes) {
    if (index.status === 'CREATING') void startIndexBackfill(ctx, table.name, table.id, index.name);
  }
}

/** Per engine (tests run several servers in one process): the backfills running, and the owner their leases are claimed as. */
const backfillsByEngine = new WeakMap<object, { readonly running: Set<string>; readonly owner: string }>();

function backfillsOn(ctx: TableContext): { readonly running: Set<string>; readonly owner: string } {
  let backfills = backfillsByEngine.get(ctx.engine);
  if (backfills === undefined) backfillsByEngine.set(ctx.engine, (backfills = { running: new Set(), owner: randomUuid() }));
  return backfills;
}

/** `renew` extends the lease before each page; false (taken over after it expired): the other node goes on. */
async function backfill(ctx: TableContext, tableName: string, tableId: number, indexName: string, renew: () => Promise<boolean>): Promise<void> {
  let after: ItemKey | undefined;
  // Progress for GET /_eddy/progress (any node) and this node's log: the item count as it began is the total.
  const progress = { done: 0, total: (await ctx.engine.tableStats(tableId)).itemCount, started: ctx.clock.now() };
  const what = `GSI backfill of ${tableName}/${indexName}`;
  const log = progressLogOf(ctx.engine);
  for (;;) {
    await storeBackfillProgress(ctx.engine, tableId, indexName, progress);
    log?.progress(what, () => `${progress.done}/${progress.total} items`);
    if (!(await renew())) return;
    const entry = await ctx.catalog.find(tableName);
    if (entry === undefined || entry.id !== tableId) return;
    const index = entry.definition.globalIndexes.find((candidate) => candidate.name === indexName);
    if (index === undefined || index.status !== 'CREATING') return;
    const page: StoredItem[] = await ctx.engine.scan({ tableId, limit: PAGE, ...(after !== undefined && { after }) });
    if (page.length > 0) {
      const definition = entry.definition;
      // Entries replace all of an item's entries: made from a definition another node has replaced since, they
      // would drop those of an index added there (or bring back those of one deleted), so the page is redone.
      const written = await ctx.engine.writeItems({
        targets: page.map((item) => ({ tableId, key: item.key, tableVersion: entry.version })),
        decide: (currents) => {
          const mutations: ItemMutation[] = [];
          currents.forEach((current, target) => {
            if (current === undefined) return; // deleted since the scan read it: no entries to make
            const item = { json: current.json, size: current.size };
            mutations.push({ target, item, indexEntries: indexEntriesOf(definition, decodeItem(current.json), item) ?? [] });
          });
          return { mutations, result: true };
        },
      }).catch((error: unknown) => {
        if (error instanceof StaleTableError) return false;
        throw error;
      });
      if (!written) {
        await ctx.catalog.refresh(tableName);
        continue;
      }
    }
    progress.done += page.length;
    if (page.length < PAGE) break;
    after = page[page.length - 1]!.key;
  }
  await storeBackfillProgress(ctx.engine, tableId, indexName, progress);
  await ctx.catalog.update(tableName, (current) => {
    if (current.id !== tableId) return current.definition;
    const next = structuredClone(current.definition);
    for (const index of next.globalIndexes) if (index.name === indexName && index.status === 'CREATING') index.status = 'ACTIVE';
    return next;
  });
  await storeBackfillProgress(ctx.engine, tableId, indexName, undefined);
  log?.end(what, `done, ${progress.done} items`);
}
