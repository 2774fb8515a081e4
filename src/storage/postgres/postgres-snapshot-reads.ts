import type { Pool } from 'pg';
import { MissingTableError, StaleTableError, type StoredItem, type WriteTarget } from '../engine.js';
import { inTransaction, query } from './pg-pool.js';
import { bytes } from './postgres-index-entries.js';

/**
 * Items read as of one moment (engine.readItems: TransactGetItems): one REPEATABLE READ READ ONLY
 * transaction, whose snapshot is taken at its first statement and kept to its end, so no commit of any
 * node lands between two of its reads; it locks no row, so no writer waits for it. The table versions are
 * read in the same snapshot as the items.
 */
export async function readSnapshot(pool: Pool, targets: readonly WriteTarget[]): Promise<(StoredItem | undefined)[]> {
  if (targets.length === 0) return [];
  return inTransaction(
    pool,
    async (client) => {
      const ids = [...new Set(targets.map((target) => target.tableId))];
      const rows = await query<{ id: number; version: string }>(client, 'SELECT id, version FROM ddb_tables WHERE id = ANY($1::bigint[])', [ids]);
      const versions = new Map(rows.map((row) => [Number(row.id), Number(row.version)]));
      for (const { tableId, tableVersion } of targets) {
        const version = versions.get(tableId);
        if (version === undefined) throw new MissingTableError(tableId);
        if (tableVersion !== undefined && version !== tableVersion) throw new StaleTableError(tableId);
      }
      const items: (StoredItem | undefined)[] = [];
      for (const { tableId, key } of targets) {
        const [row] = await query<{ size: number; doc: string }>(
          client,
          'SELECT size, doc FROM items WHERE table_id = $1 AND hash = $2 AND pk = $3 AND sk = $4',
          [tableId, key.hash, bytes(key.partition), bytes(key.sort)],
        );
        items.push(row && { key, json: row.doc, size: row.size });
      }
      return items;
    },
    { isolation: 'REPEATABLE READ READ ONLY' },
  );
}
