import type { Pool } from 'pg';
import type { ItemKey, TableRecord } from '../engine.js';
import type { PointInTimeStore, RecoveryState } from '../point-in-time-store.js';
import { inTransaction, query, type PgQueryable } from './pg-pool.js';
import { sqlArray, sqlBytes, sqlInt, sqlNullableText, sqlText } from './pg-literals.js';
import { statementShape, type ShapedStatement } from './pg-session-statements.js';

/** bigint columns arrive as text (pg-pool.ts). */
interface StateRow {
  enabled_at: string;
  retention_ms: string;
  base_at: string;
}

interface TableRow {
  id: string;
  name: string;
  definition: string;
  version: string;
}

/** Whether a point-in-time restore of a table to a time can be made: the source table's id, or why not. */
export type PointInTimeSource = { readonly tableId: number } | { readonly missing: true } | { readonly unavailable: true };

/**
 * The latest version of every key of table $2 at or before time $3, deletions (doc null) included: the
 * base (ord 0) overlaid with the changes (ord = their id). A key's changes are ordered by id because its
 * writers take turns under the key's lock (postgres-item-writes.ts), so ids follow their commits.
 */
const LATEST = `
  SELECT DISTINCT ON (hash, pk, sk) hash, pk, sk, size, doc FROM (
    SELECT hash, pk, sk, size, doc, 0::bigint AS ord FROM recovery_base_items WHERE table_id = $2
    UNION ALL
    SELECT hash, pk, sk, size, doc, id FROM recovery_changes WHERE table_id = $2 AND at <= $3
  ) AS versions ORDER BY hash, pk, sk, ord DESC`;

/**
 * The transaction's time of record, a transaction-local setting: the first record of a transaction sets
 * it (to $2, the engine's clock), later ones — other tables of a TransactWriteItems — reuse it, so a
 * restore sees a transaction whole or not at all. A retried transaction starts afresh.
 */
const STAMP = `coalesce(nullif(current_setting('eddy.recovery_at', true), ''), set_config('eddy.recovery_at', $2::text, true))::bigint`;

/** The recovery history of a write (PostgresPointInTime.historyStatement). */
const HISTORY = statementShape(
  'eddyw_history',
  ['bigint', 'text', 'bigint[]', 'bytea[]', 'bytea[]', 'integer[]', 'text[]'],
  `INSERT INTO recovery_changes (table_id, at, hash, pk, sk, size, doc)
SELECT $1, stamp.at, c.hash, c.pk, c.sk, c.size, c.doc
FROM (SELECT ${STAMP} AS at) AS stamp, unnest($3::bigint[], $4::bytea[], $5::bytea[], $6::integer[], $7::text[]) AS c(hash, pk, sk, size, doc)
WHERE EXISTS (SELECT 1 FROM recovery_tables WHERE table_id = $1)`,
);

/**
 * PointInTimeStore on PostgreSQL (migration 13), and the write path's half of it: the engine calls
 * `historyStatement` for the items each write changes, inside the write's transaction.
 *
 * Turning recovery on while other nodes write: a write that does not record must be in the base, and
 * one that is not in the base must record. Writers lock their tables' ddb_tables rows FOR KEY SHARE in
 * the write's first statement (postgres-item-writes.ts), and `enable` and `disable` lock the row FOR
 * UPDATE, which conflicts with it: they wait for the writes in flight to commit, and writes that come
 * after wait for them. A write's history statement comes a round trip after its lock, so in READ COMMITTED
 * its snapshot holds what the enable committed; the enable's copy of the base, a statement after its
 * lock, holds every write committed before. (Locking the recovery_tables row in that statement would not do:
 * a row another transaction is inserting is invisible, so there is nothing to wait on.) The price: writes
 * to the table wait while its base is copied, as they do on SQLite.
 */
export class PostgresPointInTime implements PointInTimeStore {
  readonly #pool: Pool;
  readonly #now: () => number;

  constructor(pool: Pool, now: () => number) {
    this.#pool = pool;
    this.#now = now;
  }

  /**
   * For the caller's write transaction, which holds the table's ddb_tables row FOR KEY SHARE from an
   * earlier statement: the statement that records the new version of each written item (null: deleted)
   * when recovery is on for the table, sent with the write's items (postgres-item-writes.ts). It writes
   * nothing when recovery is off. A key written twice keeps its last version (both would carry the same
   * time). None when there is nothing to record.
   */
  historyStatement(tableId: number, changes: readonly { key: ItemKey; item: { json: string; size: number } | null }[]): ShapedStatement | undefined {
    const last = new Map<string, (typeof changes)[number]>();
    for (const change of changes) last.set(keyId(change.key), change);
    const rows = [...last.values()];
    if (rows.length === 0) return undefined;
    return {
      shape: HISTORY,
      args: [
        sqlInt(tableId),
        sqlText(String(this.#now())),
        sqlArray(rows.map((c) => sqlInt(c.key.hash)), 'bigint'),
        sqlArray(rows.map((c) => sqlBytes(c.key.partition)), 'bytea'),
        sqlArray(rows.map((c) => sqlBytes(c.key.sort)), 'bytea'),
        sqlArray(rows.map((c) => (c.item === null ? 'NULL' : sqlInt(c.item.size))), 'integer'),
        sqlArray(rows.map((c) => sqlNullableText(c.item?.json)), 'text'),
      ],
    };
  }

  /** In the caller's transaction (the table is being deleted): drops its recovery state, base and history. */
  async removeTable(client: PgQueryable, tableId: number): Promise<void> {
    await query(
      client,
      `WITH changes AS (DELETE FROM recovery_changes WHERE table_id = $1),
            base AS (DELETE FROM recovery_base_items WHERE table_id = $1)
       DELETE FROM recovery_tables WHERE table_id = $1`,
      [tableId],
    );
  }

  /** In the caller's transaction: whether recovery is on for the table. */
  async isOn(client: PgQueryable, tableId: number): Promise<boolean> {
    return (await query(client, 'SELECT 1 FROM recovery_tables WHERE table_id = $1', [tableId])).length > 0;
  }

  async get<D>(tableName: string): Promise<{ table: TableRecord<D>; recovery?: RecoveryState } | undefined> {
    const [row] = await query<TableRow & Partial<StateRow>>(
      this.#pool,
      `SELECT t.id, t.name, t.definition, t.version, r.enabled_at, r.retention_ms, r.base_at
       FROM ddb_tables t LEFT JOIN recovery_tables r ON r.table_id = t.id WHERE t.name = $1`,
      [tableName],
    );
    if (!row) return undefined;
    return { table: toTable<D>(row), ...(row.enabled_at != null && { recovery: toState(row as StateRow) }) };
  }

  async enable<D>(tableName: string, retentionMs: number, now: number): Promise<{ table: TableRecord<D>; recovery: RecoveryState } | undefined> {
    return inTransaction(this.#pool, async (client) => {
      const row = await lockTable(client, tableName);
      if (!row) return undefined;
      const [state] = await query<StateRow>(
        client,
        'UPDATE recovery_tables SET retention_ms = $2 WHERE table_id = $1 RETURNING enabled_at, retention_ms, base_at',
        [row.id, retentionMs],
      );
      if (state) return { table: toTable<D>(row), recovery: toState(state) };
      await query(
        client,
        `WITH state AS (INSERT INTO recovery_tables (table_id, enabled_at, retention_ms, base_at) VALUES ($1, $2, $3, $2))
         INSERT INTO recovery_base_items (table_id, hash, pk, sk, size, doc) SELECT $1, hash, pk, sk, size, doc FROM items WHERE table_id = $1`,
        [row.id, now, retentionMs],
      );
      return { table: toTable<D>(row), recovery: { enabledAt: now, retentionMs, baseAt: now } };
    });
  }

  async disable<D>(tableName: string): Promise<TableRecord<D> | undefined> {
    return inTransaction(this.#pool, async (client) => {
      const row = await lockTable(client, tableName);
      if (!row) return undefined;
      await this.removeTable(client, Number(row.id));
      return toTable<D>(row);
    });
  }

  /**
   * Each table in a transaction of its own, its recovery_tables row locked FOR UPDATE first: a restore
   * reading the history (FOR SHARE), a disable or another node's trim waits or is waited for, and the
   * fold, a statement after the lock, sees the base as the last of them left it. The fold is one
   * statement, so the changes it deletes are exactly the ones it folded: a write committing meanwhile
   * stays in the history, even if its time is within the folded span.
   */
  async trim(now: number): Promise<void> {
    const states = await query<{ table_id: string } & StateRow>(
      this.#pool,
      'SELECT table_id, retention_ms, base_at FROM recovery_tables WHERE $1 - retention_ms > base_at ORDER BY table_id',
      [now],
    );
    for (const { table_id: tableId } of states) {
      await inTransaction(this.#pool, async (client) => {
        const [state] = await query<StateRow>(client, 'SELECT retention_ms, base_at FROM recovery_tables WHERE table_id = $1 FOR UPDATE', [tableId]);
        if (!state) return;
        const cutoff = now - Number(state.retention_ms);
        if (cutoff <= Number(state.base_at)) return;
        await query(
          client,
          `WITH folded AS (
             DELETE FROM recovery_changes WHERE table_id = $1 AND at <= $2 RETURNING id, hash, pk, sk, size, doc
           ), latest AS (
             SELECT DISTINCT ON (hash, pk, sk) hash, pk, sk, size, doc FROM folded ORDER BY hash, pk, sk, id DESC
           ), removed AS (
             DELETE FROM recovery_base_items b USING latest l
             WHERE b.table_id = $1 AND l.doc IS NULL AND (b.hash, b.pk, b.sk) = (l.hash, l.pk, l.sk)
           ), moved AS (
             UPDATE recovery_tables SET base_at = $2 WHERE table_id = $1
           )
           INSERT INTO recovery_base_items (table_id, hash, pk, sk, size, doc)
           SELECT $1, hash, pk, sk, size, doc FROM latest WHERE doc IS NOT NULL
           ON CONFLICT (table_id, hash, pk, sk) DO UPDATE SET size = excluded.size, doc = excluded.doc`,
          [tableId, cutoff],
        );
      });
    }
  }

  /**
   * In a restore's transaction: whether the table named can be restored as at `at`. Its recovery_tables
   * row is held FOR SHARE until the restore commits, so no trim, disable or DeleteTable changes the
   * history it copies.
   */
  async sourceOf(client: PgQueryable, tableName: string, at: number): Promise<PointInTimeSource> {
    const [table] = await query<{ id: string }>(client, 'SELECT id FROM ddb_tables WHERE name = $1', [tableName]);
    if (!table) return { missing: true };
    const [state] = await query<{ base_at: string }>(client, 'SELECT base_at FROM recovery_tables WHERE table_id = $1 FOR SHARE', [table.id]);
    if (!state || at < Number(state.base_at)) return { unavailable: true };
    return { tableId: Number(table.id) };
  }

  /** In a restore's transaction: writes the source's items as at `at` into the (new, empty) table `tableId`. */
  async copyInto(client: PgQueryable, tableId: number, sourceId: number, at: number): Promise<void> {
    await query(
      client,
      `INSERT INTO items (table_id, hash, pk, sk, size, doc) SELECT $1, hash, pk, sk, size, doc FROM (${LATEST}) AS latest WHERE doc IS NOT NULL`,
      [tableId, sourceId, at],
    );
  }
}

/** The table named, its ddb_tables row locked FOR UPDATE: writes in flight commit first, later ones wait. */
async function lockTable(client: PgQueryable, tableName: string): Promise<TableRow | undefined> {
  const [row] = await query<TableRow>(client, 'SELECT id, name, definition, version FROM ddb_tables WHERE name = $1 FOR UPDATE', [tableName]);
  return row;
}

function keyId(key: ItemKey): string {
  return `${key.hash}/${Buffer.from(key.partition).toString('hex')}/${Buffer.from(key.sort).toString('hex')}`;
}

function toTable<D>(row: TableRow): TableRecord<D> {
  return { id: Number(row.id), name: row.name, definition: JSON.parse(row.definition) as D, version: Number(row.version) };
}

function toState(row: StateRow): RecoveryState {
  return { enabledAt: Number(row.enabled_at), retentionMs: Number(row.retention_ms), baseAt: Number(row.base_at) };
}
