import type { IndexEntry, ItemKey } from '../engine.js';
import { sqlBytes, sqlInt, sqlText } from './pg-literals.js';

/**
 * The SQL of an item write (postgres-item-writes.ts), as text with its values written in (pg-literals.ts):
 * the write sends its statements a few at a time in one simple query, which takes no parameters. Each
 * builder answers one statement without its terminating semicolon.
 */

/** One item a write leaves behind: its new version, or null when it deletes it. */
export interface ItemState {
  readonly tableId: number;
  readonly key: ItemKey;
  readonly item: { readonly json: string; readonly size: number } | null;
}

/** One item whose entries a write replaces: its table, base key, and the entries it has after the write. */
export interface EntryReplacement {
  readonly tableId: number;
  readonly item: { readonly partition: Uint8Array; readonly sort: Uint8Array };
  readonly entries: readonly IndexEntry[];
}

/**
 * The tables' rows (FOR KEY SHARE, or FOR SHARE when the write names versions) and the targets' advisory
 * locks, taken in the order given (sorted by the caller); answers the live tables' ids and versions.
 */
export function lockStatement(tableIds: readonly number[], keys: readonly (readonly [number, number])[], versioned: boolean): string {
  return `WITH live AS (SELECT id, version FROM ddb_tables WHERE id IN (${tableIds.map(sqlInt).join(', ')}) ${versioned ? 'FOR SHARE' : 'FOR KEY SHARE'}),
     locked AS (SELECT pg_advisory_xact_lock(class, object) FROM (VALUES ${keys.map(([c, o]) => `(${sqlInt(c)}, ${sqlInt(o)})`).join(', ')}) AS k(class, object))
SELECT (SELECT array_agg(id) FROM live) AS ids, (SELECT array_agg(version) FROM live) AS versions, (SELECT count(*) FROM locked) AS locks`;
}

/**
 * The current version of each target (`n`: its position, from 1) and which of `tableIds` keep a recovery
 * history, one row at least. Each target is its own primary-key lookup (a UNION ALL arm): planned as an
 * index probe every time, where a join with unnested arrays was planned anew on every call and its generic
 * plan was the slower one (docs/benchmarks.md, "Issue 24 on PostgreSQL").
 */
export function readStatement(targets: readonly { tableId: number; key: ItemKey }[], tableIds: readonly number[]): string {
  const lookups = targets.map(
    ({ tableId, key }, i) =>
      `SELECT ${i + 1} AS n, size, doc FROM items WHERE table_id = ${sqlInt(tableId)} AND hash = ${sqlInt(key.hash)} AND pk = ${sqlBytes(key.partition)} AND sk = ${sqlBytes(key.sort)}`,
  );
  return `SELECT r.recovering, found.n, found.size, found.doc
FROM (SELECT array(SELECT table_id FROM recovery_tables WHERE table_id IN (${tableIds.map(sqlInt).join(', ')})) AS recovering) AS r
LEFT JOIN (${lookups.join('\nUNION ALL ')}) AS found ON true`;
}

/** Writes the final state of each item (distinct keys): one statement for the new versions, one for the deletions. */
export function itemStatements(states: readonly ItemState[]): string[] {
  const statements: string[] = [];
  const key = (s: ItemState) => `${sqlInt(s.tableId)}, ${sqlInt(s.key.hash)}, ${sqlBytes(s.key.partition)}, ${sqlBytes(s.key.sort)}`;
  const puts = states.filter((s) => s.item !== null);
  if (puts.length > 0) {
    statements.push(`INSERT INTO items (table_id, hash, pk, sk, size, doc)
VALUES ${puts.map((s) => `(${key(s)}, ${sqlInt(s.item!.size)}, ${sqlText(s.item!.json)})`).join(',\n')}
ON CONFLICT (table_id, hash, pk, sk) DO UPDATE SET size = excluded.size, doc = excluded.doc`);
  }
  const deletes = states.filter((s) => s.item === null);
  if (deletes.length > 0) {
    statements.push(`DELETE FROM items WHERE (table_id, hash, pk, sk) IN (${deletes.map((s) => `(${key(s)})`).join(', ')})`);
  }
  return statements;
}

/**
 * Replaces every entry of each item with its new ones (none: removes them). The DELETE is a statement of
 * its own before the INSERT, so an entry inserted again with the key of one just deleted is no conflict.
 */
export function entryStatements(replacements: readonly EntryReplacement[]): string[] {
  if (replacements.length === 0) return [];
  const statements = [
    `DELETE FROM index_entries WHERE (table_id, item_pk, item_sk) IN (${replacements
      .map((r) => `(${sqlInt(r.tableId)}, ${sqlBytes(r.item.partition)}, ${sqlBytes(r.item.sort)})`)
      .join(', ')})`,
  ];
  const rows = replacements.flatMap((r) =>
    r.entries.map(
      (e) =>
        `(${sqlInt(r.tableId)}, ${sqlText(e.index)}, ${sqlInt(e.key.hash)}, ${sqlBytes(e.key.partition)}, ${sqlBytes(e.key.sort)}, ` +
        `${sqlBytes(r.item.partition)}, ${sqlBytes(r.item.sort)}, ${sqlInt(e.size)}, ${sqlText(e.json)})`,
    ),
  );
  if (rows.length > 0) {
    statements.push(`INSERT INTO index_entries (table_id, index_name, hash, pk, sk, item_pk, item_sk, size, doc) VALUES ${rows.join(',\n')}`);
  }
  return statements;
}
