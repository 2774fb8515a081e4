import type { ItemKey, ItemMutation, StoredItem } from '../../storage/engine.js';
import { decodeItem } from '../item-codec.js';
import type { TableEntry } from '../table-catalog.js';
import type { TableContext } from '../table-context.js';
import { indexEntriesOf } from './index-entries.js';

/** Items read and re-indexed per engine write. */
const PAGE = 100;

/**
 * Fills a GSI that UpdateTable added to a table holding items, in the background: the table is
 * scanned page by page and each page's items are re-indexed in one engine write, decided against
 * the items as stored then (so a write racing the backfill is never overwritten with an older
 * version's entries; writes made meanwhile index the new GSI themselves, as it is in the definition
 * from the start). When the scan ends the index becomes ACTIVE. Stops quietly when the table or the
 * index goes away; never rejects (a failure, e.g. the engine closing, leaves the index CREATING).
 */
export function startIndexBackfill(ctx: TableContext, tableName: string, tableId: number, indexName: string): Promise<void> {
  const running = runningOn(ctx);
  const id = `${tableId}/${indexName}`;
  if (running.has(id)) return Promise.resolve();
  running.add(id);
  return backfill(ctx, tableName, tableId, indexName)
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

/** Backfills running, per engine (tests run several servers in one process). */
const runningByEngine = new WeakMap<object, Set<string>>();

function runningOn(ctx: TableContext): Set<string> {
  let running = runningByEngine.get(ctx.engine);
  if (running === undefined) runningByEngine.set(ctx.engine, (running = new Set()));
  return running;
}

async function backfill(ctx: TableContext, tableName: string, tableId: number, indexName: string): Promise<void> {
  let after: ItemKey | undefined;
  for (;;) {
    const entry = await ctx.catalog.find(tableName);
    if (entry === undefined || entry.id !== tableId) return;
    const index = entry.definition.globalIndexes.find((candidate) => candidate.name === indexName);
    if (index === undefined || index.status !== 'CREATING') return;
    const page: StoredItem[] = await ctx.engine.scan({ tableId, limit: PAGE, ...(after !== undefined && { after }) });
    if (page.length > 0) {
      const definition = entry.definition;
      await ctx.engine.writeItems({
        targets: page.map((item) => ({ tableId, key: item.key })),
        decide: (currents) => {
          const mutations: ItemMutation[] = [];
          currents.forEach((current, target) => {
            if (current === undefined) return; // deleted since the scan read it: no entries to make
            const item = { json: current.json, size: current.size };
            mutations.push({ target, item, indexEntries: indexEntriesOf(definition, decodeItem(current.json), item) ?? [] });
          });
          return { mutations, result: undefined };
        },
      });
    }
    if (page.length < PAGE) break;
    after = page[page.length - 1]!.key;
  }
  await ctx.catalog.update(tableName, (current) => {
    if (current.id !== tableId) return current.definition;
    const next = structuredClone(current.definition);
    for (const index of next.globalIndexes) if (index.name === indexName && index.status === 'CREATING') index.status = 'ACTIVE';
    return next;
  });
}
