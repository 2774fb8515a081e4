import type { IndexEntry, ItemKey } from '../engine.js';
import { sqlArray, sqlBytes, sqlInt, sqlText } from './pg-literals.js';
import { statementShape, type ShapedStatement, type StatementShape } from './pg-session-statements.js';

/**
 * The SQL of an item write (postgres-item-writes.ts): each statement a fixed shape, prepared once per
 * connection (pg-session-statements.ts), with its values as literals (pg-literals.ts). No shape depends on
 * a table or on how many items a write has — lists travel as arrays, and the read of the targets in chunks
 * of 16, 8, 4, 2 and 1 lookups — so a connection holds the same 13 statements (with the stream append) whatever Eddy writes.
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

const RECOVERING = statementShape('eddyw_recovering', ['bigint[]'], 'SELECT array(SELECT table_id FROM recovery_tables WHERE table_id = ANY($1::bigint[])) AS recovering');

/** Lookup shapes, largest first: a read of n targets is chunks of these. */
const LOOKUP_SIZES = [16, 8, 4, 2, 1] as const;
const LOOKUPS = new Map(
  LOOKUP_SIZES.map((size) => {
    const arms = Array.from({ length: size }, (_, i) => {
      const p = 4 * i;
      return `SELECT ${i + 1} AS n, size, doc FROM items WHERE table_id = $${p + 1}::bigint AND hash = $${p + 2}::bigint AND pk = $${p + 3}::bytea AND sk = $${p + 4}::bytea`;
    });
    const types = Array.from({ length: size }, () => ['bigint', 'bigint', 'bytea', 'bytea']).flat();
    return [size, statementShape(`eddyw_lookup_${size}`, types, arms.join('\nUNION ALL '))] as const;
  }),
);

/** The read of a write's targets: which tables keep a recovery history, then each chunk of lookups and its first target's position. */
export interface ReadStatements {
  readonly recovering: ShapedStatement;
  readonly lookups: readonly { readonly statement: ShapedStatement; readonly from: number }[];
}

/**
 * Which of `tableIds` keep a recovery history (one row, `recovering`), and the current version of each
 * target, by chunks: a row per target found, `n` its position within its chunk (from 1). Each target is its
 * own primary-key lookup (a UNION ALL arm): an index probe in every plan, where a join with unnested arrays
 * had a generic plan slower than its custom ones (docs/benchmarks.md, "Issue 24 on PostgreSQL").
 */
export function readStatements(targets: readonly { tableId: number; key: ItemKey }[], tableIds: readonly number[]): ReadStatements {
  const lookups: { statement: ShapedStatement; from: number }[] = [];
  for (let from = 0; from < targets.length; ) {
    const size = LOOKUP_SIZES.find((s) => s <= targets.length - from)!;
    const args = targets
      .slice(from, from + size)
      .flatMap(({ tableId, key }) => [sqlInt(tableId), sqlInt(key.hash), sqlBytes(key.partition), sqlBytes(key.sort)]);
    lookups.push({ statement: { shape: LOOKUPS.get(size)!, args }, from });
    from += size;
  }
  return { recovering: { shape: RECOVERING, args: [sqlArray(tableIds.map(sqlInt), 'bigint')] }, lookups };
}

const PUT_ITEMS = statementShape(
  'eddyw_put_items',
  ['bigint[]', 'bigint[]', 'bytea[]', 'bytea[]', 'integer[]', 'text[]'],
  `INSERT INTO items (table_id, hash, pk, sk, size, doc)
SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bytea[], $4::bytea[], $5::integer[], $6::text[])
ON CONFLICT (table_id, hash, pk, sk) DO UPDATE SET size = excluded.size, doc = excluded.doc`,
);
const DELETE_ITEMS = statementShape(
  'eddyw_delete_items',
  ['bigint[]', 'bigint[]', 'bytea[]', 'bytea[]'],
  `DELETE FROM items i USING unnest($1::bigint[], $2::bigint[], $3::bytea[], $4::bytea[]) AS d(table_id, hash, pk, sk)
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

/** Writes the final state of each item (distinct keys): one statement for the new versions, one for the deletions. */
export function itemStatements(states: readonly ItemState[]): ShapedStatement[] {
  const statements: ShapedStatement[] = [];
  const puts = states.filter((s) => s.item !== null);
  if (puts.length > 0) {
    const sizes = sqlArray(puts.map((s) => sqlInt(s.item!.size)), 'integer');
    statements.push({ shape: PUT_ITEMS, args: [...keyArrays(puts), sizes, sqlArray(puts.map((s) => sqlText(s.item!.json)), 'text')] });
  }
  const deletes = states.filter((s) => s.item === null);
  if (deletes.length > 0) statements.push({ shape: DELETE_ITEMS, args: keyArrays(deletes) });
  return statements;
}

const DELETE_ENTRIES = statementShape(
  'eddyw_delete_entries',
  ['bigint[]', 'bytea[]', 'bytea[]'],
  `DELETE FROM index_entries e USING unnest($1::bigint[], $2::bytea[], $3::bytea[]) AS d(table_id, item_pk, item_sk)
WHERE e.table_id = d.table_id AND e.item_pk = d.item_pk AND e.item_sk = d.item_sk`,
);
const INSERT_ENTRIES = statementShape(
  'eddyw_insert_entries',
  ['bigint[]', 'text[]', 'bigint[]', 'bytea[]', 'bytea[]', 'bytea[]', 'bytea[]', 'integer[]', 'text[]'],
  `INSERT INTO index_entries (table_id, index_name, hash, pk, sk, item_pk, item_sk, size, doc)
SELECT * FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::bytea[], $5::bytea[], $6::bytea[], $7::bytea[], $8::integer[], $9::text[])`,
);

/**
 * Replaces every entry of each item with its new ones (none: removes them). The DELETE is a statement of
 * its own before the INSERT, so an entry inserted again with the key of one just deleted is no conflict.
 */
export function entryStatements(replacements: readonly EntryReplacement[]): ShapedStatement[] {
  if (replacements.length === 0) return [];
  const statements: ShapedStatement[] = [
    {
      shape: DELETE_ENTRIES,
      args: [
        sqlArray(replacements.map((r) => sqlInt(r.tableId)), 'bigint'),
        sqlArray(replacements.map((r) => sqlBytes(r.item.partition)), 'bytea'),
        sqlArray(replacements.map((r) => sqlBytes(r.item.sort)), 'bytea'),
      ],
    },
  ];
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
