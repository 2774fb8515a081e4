import type { StorageEngine } from '../storage/engine.js';

/** What a GSI backfill stores as it goes: items scanned, the table's item count when it began, when it began. */
export interface BackfillProgress {
  readonly done: number;
  readonly total: number;
  readonly started: number;
}

/**
 * Kept in the maintenance state store (small named values every node shares), so any node answers
 * GET /_eddy/progress for a backfill another node runs; removed when the backfill ends.
 */
const nameOf = (tableId: number, index: string) => `progress:index-backfill:${tableId}/${index}`;

export async function backfillProgressOf(engine: StorageEngine, tableId: number, index: string): Promise<BackfillProgress | undefined> {
  const text = await engine.maintenance.get(nameOf(tableId, index));
  return text === undefined ? undefined : (JSON.parse(text) as BackfillProgress);
}

export function storeBackfillProgress(engine: StorageEngine, tableId: number, index: string, progress: BackfillProgress | undefined): Promise<void> {
  return engine.maintenance.put(nameOf(tableId, index), progress === undefined ? undefined : JSON.stringify(progress));
}
