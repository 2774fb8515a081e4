import { randomUuid } from '../../shared/random-uuid.js';
import { StaleTableError, type ItemKey, type ItemMutation, type StoredItem } from '../../storage/engine.js';
import { decodeItem } from '../item-codec.js';
import type { TableEntry } from '../table-catalog.js';
import type { TableContext } from '../table-context.js';
import { indexEntriesOf } from './index-entries.js';
import { storeBackfillProgress } from '../../progress/backfill-progress.js';
import { progressLogOf } from '../../progress/progress-log.js';
import { nodeEngine } from '../shared-tables.js';

/** Items read and re-indexed per engine write. */
const PAGE = 100;
/**
 * How long, on Eddy's clock, a backfill's lease lasts without renewal (it is renewed before each page): a
 * node that dies mid-backfill leaves the index to the next node describing the table once it expires.
 */
export const BACKFILL_LEASE_MS = 60_000;

/** Internal, for tests (EddyOptions.indexBackfill). */
export interface IndexBackfillOptions {
  /**
   * Awaited before each page of every GSI backfill (a page redone after a definition change included), once
   * its progress is stored: a test holds a backfill there to look at it between pages
   * (test/helpers/backfill-gate.ts). `signal` aborts when Eddy stops, which waits for the backfills.
   */
  readonly beforePage?: (page: BackfillPage) => Promise<void>;
}

export interface BackfillPage {
  readonly table: string;
  readonly index: string;
  /** Items scanned so far. */
  readonly done: number;
  readonly signal: AbortSignal;
}

/**
 * Fills a GSI that UpdateTable added to a table holding items, in the background: the table is
 * scanned page by page and each page's items are re-indexed in one engine write, decided against
 * the items as stored then (so a write racing the backfill is never overwritten with an older
 * version's entries; writes made meanwhile index the new GSI themselves, as it is in the definition
 * from the start). When the scan ends the index becomes ACTIVE. Stops quietly when the table or the
 * index goes away, or Eddy stops (stopIndexBackfills); never rejects (a failure, e.g. the engine
 * failing over, leaves the index CREATING). However it ends here, its stored progress goes with it
 * (GET /_eddy/progress then lists the index as not begun), unless another node took the work over.
 *
 * With several nodes on the database one at a time fills an index: the backfill holds the named lease
 * `index-backfill:<table id>/<index>` (ClusterStore), and a node finding it held leaves the index to its holder.
 */
export function startIndexBackfill(runCtx: TableContext, tableName: string, tableId: number, indexName: string): Promise<void> {
  // It outlives the operation that started it: on the node's engine, not the run's (shared-tables.ts), whose
  // backfills, options and progress log are the node's.
  const ctx: TableContext = { ...runCtx, engine: nodeEngine(runCtx.engine) };
  const backfills = backfillsOn(ctx.engine);
  const id = `${tableId}/${indexName}`;
  const already = backfills.running.get(id);
  if (already !== undefined) return already;
  if (backfills.stop.signal.aborted) return Promise.resolve();
  const lease = `index-backfill:${id}`;
  const claimLease = () => ctx.engine.cluster.claimLease(lease, backfills.owner, ctx.clock.now(), ctx.clock.now() + BACKFILL_LEASE_MS);
  // Alone on its storage (sharedAcrossProcesses false) there is no one to share with, and a lease a killed
  // run left would only hold the backfill up after a restart: `running` is enough.
  const claim = ctx.engine.capabilities.sharedAcrossProcesses ? claimLease : async () => true;
  const run = (async () => {
    if (!(await claim())) return;
    let handedOver = false;
    try {
      handedOver = (await backfill(ctx, { tableName, tableId, indexName }, claim, backfills)) === 'handed over';
    } finally {
      // Before the lease goes: the next holder's progress must not be the one removed.
      if (!handedOver) await storeBackfillProgress(ctx.engine, tableId, indexName, undefined).catch(() => undefined);
      await ctx.engine.cluster.releaseLease(lease, backfills.owner).catch(() => undefined);
    }
  })()
    .catch(() => {
      // Nothing to report to: the index stays CREATING, and ensureIndexBackfills starts it again.
    })
    .finally(() => backfills.running.delete(id));
  backfills.running.set(id, run);
  return run;
}

/**
 * Stops the engine's backfills between two pages and waits for them, before the engine closes (their progress
 * is removed then, which a closed engine would refuse); none starts after. The index stays CREATING: the next
 * DescribeTable, on any node or after a restart, starts its backfill again.
 */
export async function stopIndexBackfills(engine: object): Promise<void> {
  const backfills = backfillsOn(engine);
  backfills.stop.abort();
  await Promise.all(backfills.running.values());
}

/** Sets the engine's backfill options (main.ts, from EddyOptions.indexBackfill). */
export function setIndexBackfillOptions(engine: object, options: IndexBackfillOptions | undefined): void {
  backfillsOn(engine).options = options ?? {};
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

/** An engine's backfills: those running (each settles when it ends), their leases' owner, the options, and the stop. */
interface Backfills {
  readonly running: Map<string, Promise<void>>;
  readonly owner: string;
  options: IndexBackfillOptions;
  readonly stop: AbortController;
}

/** Per engine (tests run several servers in one process). */
const backfillsByEngine = new WeakMap<object, Backfills>();

function backfillsOn(engine: object): Backfills {
  let backfills = backfillsByEngine.get(engine);
  if (backfills === undefined) backfillsByEngine.set(engine, (backfills = { running: new Map(), owner: randomUuid(), options: {}, stop: new AbortController() }));
  return backfills;
}

/**
 * `renew` extends the lease before each page; false (taken over after it expired): the other node goes on,
 * and 'handed over' says so. 'ended': filled, or stopped (the table or index gone, Eddy stopping).
 */
async function backfill(
  ctx: TableContext,
  { tableName, tableId, indexName }: { tableName: string; tableId: number; indexName: string },
  renew: () => Promise<boolean>,
  { options, stop: { signal } }: Backfills,
): Promise<'ended' | 'handed over'> {
  let after: ItemKey | undefined;
  // Progress for GET /_eddy/progress (any node) and this node's log: the item count as it began is the total.
  const progress = { done: 0, total: (await ctx.engine.tableStats(tableId)).itemCount, started: ctx.clock.now() };
  const what = `GSI backfill of ${tableName}/${indexName}`;
  const log = progressLogOf(ctx.engine);
  const stopped = (why: string): 'ended' => {
    log?.end(what, `${why}, stopped at ${progress.done}/${progress.total} items`);
    return 'ended';
  };
  for (;;) {
    await storeBackfillProgress(ctx.engine, tableId, indexName, progress);
    log?.progress(what, () => `${progress.done}/${progress.total} items`);
    await options.beforePage?.({ table: tableName, index: indexName, done: progress.done, signal });
    if (signal.aborted) return stopped('Eddy stopping');
    if (!(await renew())) {
      log?.end(what, `left at ${progress.done} items to the node holding its lease now`);
      return 'handed over';
    }
    const entry = await ctx.catalog.find(tableName);
    if (entry === undefined || entry.id !== tableId) return stopped('table gone');
    const index = entry.definition.globalIndexes.find((candidate) => candidate.name === indexName);
    if (index === undefined || index.status !== 'CREATING') return stopped('index gone');
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
  log?.end(what, `done, ${progress.done} items`);
  return 'ended'; // the caller removes the progress, now that the index is ACTIVE
}
