import type { IndexEntry, ItemKey } from '../engine.js';
import { sqlArray, sqlBytes, sqlInt, sqlText } from './pg-literals.js';
import { statementShape, type ShapedStatement, type StatementShape } from './pg-session-statements.js';

/**
 * The SQL of an item write (postgres-item-writes.ts): each statement a fixed shape, prepared once per
 * connection (pg-session-statements.ts), with its values as literals (pg-literals.ts). No shape depends on
 * a table or on how many items a write has — lists travel as arrays, and what must stay a primary-key
 * probe in a generic plan (the recovery check, the read of the targets, the deletions of items and entries) goes in chunks of 16,
 * 8, 4, 2 and 1 — so a connection holds the same 26 statements at most (with the stream append and the
 * recovery history, postgres-point-in-time.ts) whatever Eddy writes.
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

const lock = (mode: 'FOR SHARE' | 'FOR KEY SHARE', name: string): StatementShape =>
  statementShape(
    name,
    ['bigint[]', 'integer[]', 'integer[]'],
    `WITH live AS (SELECT id, version FROM ddb_tables WHERE id = ANY($1::bigint[]) ${mode}),
     locked AS (SELECT pg_advisory_xact_lock(class, object) FROM unnest($2::integer[], $3::integer[]) AS k(class, object))
SELECT (SELECT array_agg(id) FROM live) AS ids, (SELECT array_agg(version) FROM live) AS versions, (SELECT count(*) FROM locked) AS locks`,
  );
const LOCK_KEY_SHARE = lock('FOR KEY SHARE', 'eddyw_lock');
const LOCK_SHARE = lock('FOR SHARE', 'eddyw_lock_versioned');

/**
 * The tables' rows (FOR KEY SHARE, or FOR SHARE when the write names versions) and the targets' advisory
 * locks, taken in the order given (sorted by the caller); answers the live tables' ids and versions.
 */
export function lockStatement(tableIds: readonly number[], keys: readonly (readonly [number, number])[], versioned: boolean): ShapedStatement {
  return {
    shape: versioned ? LOCK_SHARE : LOCK_KEY_SHARE,
    args: [sqlArray(tableIds.map(sqlInt), 'bigint'), sqlArray(keys.map(([c]) => sqlInt(c)), 'integer'), sqlArray(keys.map(([, o]) => sqlInt(o)), 'integer')],
  };
}

/** Chunk sizes, largest first: a list of n keys or tables is chunks of these, each a fixed shape. */
const CHUNK_SIZES = [16, 8, 4, 2, 1] as const;

/** Cuts `count` positions into chunks of CHUNK_SIZES: each chunk's first position and size. */
function chunks(count: number): { from: number; size: number }[] {
  const out: { from: number; size: number }[] = [];
  for (let from = 0; from < count; ) {
    const size = CHUNK_SIZES.find((s) => s <= count - from)!;
    out.push({ from, size });
    from += size;
  }
  return out;
}

/** One shape per chunk size, its parameters `columns` once per arm. */
function chunkShapes(prefix: string, columns: readonly string[], body: (size: number) => string): Map<number, StatementShape> {
  return new Map(CHUNK_SIZES.map((size) => [size, statementShape(`${prefix}_${size}`, Array.from({ length: size }, () => columns).flat(), body(size))] as const));
}

/** An arm per table id, each a probe of recovery_tables' primary key. */
const RECOVERING = chunkShapes('eddyw_recovering', ['bigint'], (size) =>
  Array.from({ length: size }, (_, i) => `SELECT table_id FROM recovery_tables WHERE table_id = $${i + 1}::bigint`).join('\nUNION ALL '),
);

/** An arm per target, each a probe of items' primary key. */
const LOOKUPS = chunkShapes('eddyw_lookup', ['bigint', 'bigint', 'bytea', 'bytea'], (size) =>
  Array.from({ length: size }, (_, i) => {
    const p = 4 * i;
    return `SELECT ${i + 1} AS n, size, doc FROM items WHERE table_id = $${p + 1}::bigint AND hash = $${p + 2}::bigint AND pk = $${p + 3}::bytea AND sk = $${p + 4}::bytea`;
  }).join('\nUNION ALL '),
);

/** The key columns of one item, as the four arguments of a lookup or delete arm. */
function keyArgs(tableId: number, key: ItemKey): string[] {
  return [sqlInt(tableId), sqlInt(key.hash), sqlBytes(key.partition), sqlBytes(key.sort)];
}

/** The read of a write's targets: which tables keep a recovery history (a row per such table), by chunks, then each chunk of lookups and its first target's position. */
export interface ReadStatements {
  readonly recovering: readonly ShapedStatement[];
  readonly lookups: readonly { readonly statement: ShapedStatement; readonly from: number }[];
}

/**
 * Which of `tableIds` keep a recovery history (a `table_id` row for each, by chunks), and the current
 * version of each target, by chunks: a row per target found, `n` its position within its chunk (from 1).
 * Each table and each target is its own primary-key probe (a UNION ALL arm): an index probe in every plan,
 * where a join with unnested arrays, or `= ANY` of an array, had a generic plan PostgreSQL judged dearer
 * than its custom ones, and so was planned on every call (docs/benchmarks.md, "Issue 24 on PostgreSQL",
 * "PostgreSQL: write statements prepared per connection").
 */
export function readStatements(targets: readonly { tableId: number; key: ItemKey }[], tableIds: readonly number[]): ReadStatements {
  return {
    recovering: chunks(tableIds.length).map(({ from, size }) => ({ shape: RECOVERING.get(size)!, args: tableIds.slice(from, from + size).map(sqlInt) })),
    lookups: chunks(targets.length).map(({ from, size }) => ({
      statement: { shape: LOOKUPS.get(size)!, args: targets.slice(from, from + size).flatMap(({ tableId, key }) => keyArgs(tableId, key)) },
      from,
    })),
  };
}

const PUT_ITEMS = statementShape(
  'eddyw_put_items',
  ['bigint[]', 'bigint[]', 'bytea[]', 'bytea[]', 'integer[]', 'text[]'],
  `INSERT INTO items (table_id, hash, pk, sk, size, doc)
SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bytea[], $4::bytea[], $5::integer[], $6::text[])
ON CONFLICT (table_id, hash, pk, sk) DO UPDATE SET size = excluded.size, doc = excluded.doc`,
);
/** `size` rows of `width` parameters, as a VALUES list (types on the first row). */
function valuesRows(size: number, types: readonly string[]): string {
  return Array.from({ length: size }, (_, i) => `(${types.map((t, c) => `$${i * types.length + c + 1}${i === 0 ? `::${t}` : ''}`).join(', ')})`).join(', ');
}

/**
 * The items' keys as a VALUES list joined with items: a VALUES list's rows are as many in the generic plan
 * as in a custom one (an unnested array's are not), so the generic plan is the same nested loop of probes
 * of items' primary key, and PostgreSQL keeps it.
 */
const DELETE_ITEMS = chunkShapes(
  'eddyw_delete_items',
  ['bigint', 'bigint', 'bytea', 'bytea'],
  (size) => `DELETE FROM items i USING (VALUES ${valuesRows(size, ['bigint', 'bigint', 'bytea', 'bytea'])}) AS d(table_id, hash, pk, sk)
WHERE i.table_id = d.table_id AND i.hash = d.hash AND i.pk = d.pk AND i.sk = d.sk`,
);

/** The key columns of some items, as arrays: table ids, hashes, partitions, sorts. */
function keyArrays(states: readonly ItemState[]): string[] {
  return [
    sqlArray(states.map((s) => sqlInt(s.tableId)), 'bigint'),
    sqlArray(states.map((s) => sqlInt(s.key.hash)), 'bigint'),
    sqlArray(states.map((s) => sqlBytes(s.key.partition)), 'bytea'),
    sqlArray(states.map((s) => sqlBytes(s.key.sort)), 'bytea'),
  ];
}

/** Writes the final state of each item (distinct keys): one statement for the new versions, then the deletions by chunks. */
export function itemStatements(states: readonly ItemState[]): ShapedStatement[] {
  const statements: ShapedStatement[] = [];
  const puts = states.filter((s) => s.item !== null);
  if (puts.length > 0) {
    const sizes = sqlArray(puts.map((s) => sqlInt(s.item!.size)), 'integer');
    statements.push({ shape: PUT_ITEMS, args: [...keyArrays(puts), sizes, sqlArray(puts.map((s) => sqlText(s.item!.json)), 'text')] });
  }
  const deletes = states.filter((s) => s.item === null);
  for (const { from, size } of chunks(deletes.length)) {
    statements.push({ shape: DELETE_ITEMS.get(size)!, args: deletes.slice(from, from + size).flatMap((d) => keyArgs(d.tableId, d.key)) });
  }
  return statements;
}

/** The items' base keys as a VALUES list joined with index_entries (probes of index_entries_by_item), as DELETE_ITEMS. */
const DELETE_ENTRIES = chunkShapes(
  'eddyw_delete_entries',
  ['bigint', 'bytea', 'bytea'],
  (size) => `DELETE FROM index_entries e USING (VALUES ${valuesRows(size, ['bigint', 'bytea', 'bytea'])}) AS d(table_id, item_pk, item_sk)
WHERE e.table_id = d.table_id AND e.item_pk = d.item_pk AND e.item_sk = d.item_sk`,
);
const INSERT_ENTRIES = statementShape(
  'eddyw_insert_entries',
  ['bigint[]', 'text[]', 'bigint[]', 'bytea[]', 'bytea[]', 'bytea[]', 'bytea[]', 'integer[]', 'text[]'],
  `INSERT INTO index_entries (table_id, index_name, hash, pk, sk, item_pk, item_sk, size, doc)
SELECT * FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::bytea[], $5::bytea[], $6::bytea[], $7::bytea[], $8::integer[], $9::text[])`,
);

/**
 * Replaces every entry of each item with its new ones (none: removes them). The DELETEs (by chunks) are
 * statements of their own before the INSERT, so an entry inserted again with the key of one just deleted is no conflict.
 */
export function entryStatements(replacements: readonly EntryReplacement[]): ShapedStatement[] {
  if (replacements.length === 0) return [];
  const statements: ShapedStatement[] = chunks(replacements.length).map(({ from, size }) => ({
    shape: DELETE_ENTRIES.get(size)!,
    args: replacements.slice(from, from + size).flatMap((r) => [sqlInt(r.tableId), sqlBytes(r.item.partition), sqlBytes(r.item.sort)]),
  }));
  const rows = replacements.flatMap((r) => r.entries.map((e) => ({ r, e })));
  if (rows.length > 0) {
    const column = (f: (row: (typeof rows)[number]) => string, type: Parameters<typeof sqlArray>[1]) => sqlArray(rows.map(f), type);
    statements.push({
      shape: INSERT_ENTRIES,
      args: [
        column(({ r }) => sqlInt(r.tableId), 'bigint'),
        column(({ e }) => sqlText(e.index), 'text'),
        column(({ e }) => sqlInt(e.key.hash), 'bigint'),
        column(({ e }) => sqlBytes(e.key.partition), 'bytea'),
        column(({ e }) => sqlBytes(e.key.sort), 'bytea'),
        column(({ r }) => sqlBytes(r.item.partition), 'bytea'),
        column(({ r }) => sqlBytes(r.item.sort), 'bytea'),
        column(({ e }) => sqlInt(e.size), 'integer'),
        column(({ e }) => sqlText(e.json), 'text'),
      ],
    });
  }
  return statements;
}
