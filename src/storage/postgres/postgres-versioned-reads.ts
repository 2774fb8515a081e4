import type { QueryResultRow } from 'pg';
import { MissingTableError, StaleTableError } from '../engine.js';
import { query, type PgQueryable } from './pg-pool.js';

/** What each row of a versioned read carries besides the read's own columns (bigint: text from pg). */
interface VersionColumn {
  table_version: string;
}

/**
 * An items or index_entries read (`select`, whose $1 is the table id) that also answers the table's version,
 * in the same statement, so in one snapshot and one round trip: the table's catalog row, joined with the read.
 * No row at all means the table is gone; one row whose `doc` is null, that the read found nothing. `order` is
 * the read's ORDER BY, restated on the joined rows (a join promises no order of its own). Without
 * `tableVersion`, the plain read.
 */
export async function readAtVersion<R extends QueryResultRow & { doc: string }>(
  db: PgQueryable,
  select: string,
  order: string,
  params: readonly unknown[],
  tableVersion: number | undefined,
): Promise<R[]> {
  if (tableVersion === undefined) return query<R>(db, select, params);
  const ordered = order === '' ? '' : ` ORDER BY ${order.split(', ').map((column) => `r.${column}`).join(', ')}`;
  const rows = await query<R & VersionColumn>(
    db,
    `SELECT t.version AS table_version, r.* FROM (SELECT version FROM ddb_tables WHERE id = $1) t LEFT JOIN LATERAL (${select}) r ON true${ordered}`,
    params,
  );
  refuseOther(rows[0], params[0] as number, tableVersion);
  return rows[0]!.doc === null ? [] : rows;
}

/** The check alone, for a versioned read whose bounds leave nothing to read (no items statement to join it to). */
export async function checkTableVersion(db: PgQueryable, tableId: number, tableVersion: number | undefined): Promise<void> {
  if (tableVersion === undefined) return;
  const [row] = await query<VersionColumn>(db, 'SELECT version AS table_version FROM ddb_tables WHERE id = $1', [tableId]);
  refuseOther(row, tableId, tableVersion);
}

function refuseOther(row: VersionColumn | undefined, tableId: number, tableVersion: number): asserts row is VersionColumn {
  if (row === undefined) throw new MissingTableError(tableId);
  if (Number(row.table_version) !== tableVersion) throw new StaleTableError(tableId);
}
