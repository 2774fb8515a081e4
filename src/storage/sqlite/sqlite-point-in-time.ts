import type { Database } from 'better-sqlite3';
import { lazy, type LazyStatement } from './lazy-statement.js';
import type { ItemKey, TableRecord } from '../engine.js';
import type { PointInTimeStore, RecoveryState } from '../point-in-time-store.js';

/** What the engine lends the point-in-time store. */
export interface SqlitePointInTimeHost {
  /** Commits pending writes, then runs `body` in its own IMMEDIATE transaction (rolled back if it throws). */
  transaction<T>(body: () => T): T;
  /** Runs a read outside a transaction, translating driver errors. */
  read<T>(body: () => T): T;
  /** Epoch ms: the commit time stamped on recorded changes. */
  now(): number;
}

interface StateRow {
  enabled_at: number;
  retention_ms: number;
  base_at: number;
}

interface TableRow {
  id: number;
  name: string;
  definition: string;
  version: number;
}

/** Whether a point-in-time restore of a table to a time can be made: the source table's id, or why not. */
export type PointInTimeSource = { readonly tableId: number } | { readonly missing: true } | { readonly unavailable: true };

/**
 * The latest version of every key at or before a time, deletions included: the base (ord 0) overlaid
 * with the changes (ord = their rowid, in write order). Parameters: tableId, tableId, at.
 */
const LATEST = `
  SELECT hash, pk, sk, size, doc FROM (
    SELECT hash, pk, sk, size, doc, row_number() OVER (PARTITION BY hash, pk, sk ORDER BY ord DESC) AS n FROM (
      SELECT hash, pk, sk, size, doc, 0 AS ord FROM recovery_base_items WHERE table_id = ?
      UNION ALL
      SELECT hash, pk, sk, size, doc, id AS ord FROM recovery_changes WHERE table_id = ? AND at <= ?
    )
  ) WHERE n = 1`;

/**
 * PointInTimeStore on the engine's connection (migration 16), and the write path's half of it: the
 * engine calls `record` for every item it writes or deletes, inside the write's transaction.
 *
 * Whether a table has recovery on is read inside the write's transaction (a primary-key lookup in
 * recovery_tables), at most once per table per transaction: several Eddy nodes may share the database,
 * and a node must record the writes to a table whose recovery another node turned on. The transaction
 * holds the write lock, so the answer cannot change before it commits. The changes of one transaction
 * all carry one time, read at its first change, so a restore sees a transaction whole or not at all.
 */
export class SqlitePointInTime implements PointInTimeStore {
  readonly #host: SqlitePointInTimeHost;
  /** Per transaction: each table's recovery flag, as read in it. */
  readonly #on = new Map<number, boolean>();
  #at: number | undefined;
  readonly #getTable: LazyStatement<[name: string], TableRow>;
  readonly #getState: LazyStatement<[tableId: number], StateRow>;
  readonly #isOn: LazyStatement<[tableId: number], number>;
  readonly #allStates: LazyStatement<[], StateRow & { table_id: number }>;
  readonly #insertState: LazyStatement<[tableId: number, enabledAt: number, retentionMs: number, baseAt: number]>;
  readonly #setRetention: LazyStatement<[retentionMs: number, tableId: number]>;
  readonly #setBase: LazyStatement<[baseAt: number, tableId: number]>;
  readonly #deleteState: LazyStatement<[tableId: number]>;
  readonly #copyBase: LazyStatement<[tableId: number, tableId: number]>;
  readonly #deleteBase: LazyStatement<[tableId: number]>;
  readonly #deleteChanges: LazyStatement<[tableId: number]>;
  readonly #record: LazyStatement<[tableId: number, at: number, hash: number, pk: Uint8Array, sk: Uint8Array, size: number | null, doc: string | null]>;
  readonly #foldPut: LazyStatement<[tableId: number, tableId: number, tableId: number, at: number]>;
  readonly #foldDelete: LazyStatement<[tableId: number, tableId: number, tableId: number, at: number]>;
  readonly #dropFolded: LazyStatement<[tableId: number, at: number]>;
  readonly #restore: LazyStatement<[newTableId: number, tableId: number, tableId: number, at: number]>;

  constructor(db: Database, host: SqlitePointInTimeHost) {
    this.#host = host;
    this.#getTable = lazy(db, 'SELECT id, name, definition, version FROM tables WHERE name = ?');
    this.#getState = lazy(db, 'SELECT enabled_at, retention_ms, base_at FROM recovery_tables WHERE table_id = ?');
    this.#isOn = lazy<[number], number>(db, 'SELECT 1 FROM recovery_tables WHERE table_id = ?', { pluck: true });
    this.#allStates = lazy(db, 'SELECT table_id, enabled_at, retention_ms, base_at FROM recovery_tables ORDER BY table_id');
    this.#insertState = lazy(db, 'INSERT INTO recovery_tables (table_id, enabled_at, retention_ms, base_at) VALUES (?, ?, ?, ?)');
    this.#setRetention = lazy(db, 'UPDATE recovery_tables SET retention_ms = ? WHERE table_id = ?');
    this.#setBase = lazy(db, 'UPDATE recovery_tables SET base_at = ? WHERE table_id = ?');
    this.#deleteState = lazy(db, 'DELETE FROM recovery_tables WHERE table_id = ?');
    this.#copyBase = lazy(
      db,
      'INSERT INTO recovery_base_items (table_id, hash, pk, sk, size, doc) SELECT ?, hash, pk, sk, size, doc FROM items WHERE table_id = ?',
    );
    this.#deleteBase = lazy(db, 'DELETE FROM recovery_base_items WHERE table_id = ?');
    this.#deleteChanges = lazy(db, 'DELETE FROM recovery_changes WHERE table_id = ?');
    this.#record = lazy(db, 'INSERT INTO recovery_changes (table_id, at, hash, pk, sk, size, doc) VALUES (?, ?, ?, ?, ?, ?, ?)');
    // Folding: the latest folded version of each key replaces (or, deleted, removes) its base row.
    // The WHERE before ON CONFLICT is SQLite's required disambiguation of an upsert from a SELECT.
    this.#foldPut = lazy(
      db,
      `INSERT INTO recovery_base_items (table_id, hash, pk, sk, size, doc)
       SELECT ?, hash, pk, sk, size, doc FROM (${LATEST}) WHERE doc IS NOT NULL
       ON CONFLICT (table_id, hash, pk, sk) DO UPDATE SET size = excluded.size, doc = excluded.doc`,
    );
    this.#foldDelete = lazy(
      db,
      `DELETE FROM recovery_base_items WHERE table_id = ? AND (hash, pk, sk) IN (SELECT hash, pk, sk FROM (${LATEST}) WHERE doc IS NULL)`,
    );
    this.#dropFolded = lazy(db, 'DELETE FROM recovery_changes WHERE table_id = ? AND at <= ?');
    this.#restore = lazy(
      db,
      `INSERT INTO items (table_id, hash, pk, sk, size, doc) SELECT ?, hash, pk, sk, size, doc FROM (${LATEST}) WHERE doc IS NOT NULL`,
    );
  }

  async get<D>(tableName: string): Promise<{ table: TableRecord<D>; recovery?: RecoveryState } | undefined> {
    return this.#host.read(() => {
      const row = this.#getTable.get(tableName);
      if (!row) return undefined;
      const state = this.#getState.get(row.id);
      return { table: toTable<D>(row), ...(state && { recovery: toState(state) }) };
    });
  }

  async enable<D>(tableName: string, retentionMs: number, now: number): Promise<{ table: TableRecord<D>; recovery: RecoveryState } | undefined> {
    const enabled = this.#host.transaction(() => {
      const row = this.#getTable.get(tableName);
      if (!row) return undefined;
      if (this.#getState.get(row.id)) {
        this.#setRetention.run(retentionMs, row.id);
      } else {
        this.#insertState.run(row.id, now, retentionMs, now);
        this.#copyBase.run(row.id, row.id);
      }
      return { table: toTable<D>(row), recovery: toState(this.#getState.get(row.id)!) };
    });
    return enabled;
  }

  async disable<D>(tableName: string): Promise<TableRecord<D> | undefined> {
    return this.#host.transaction(() => {
      const row = this.#getTable.get(tableName);
      if (!row) return undefined;
      this.removeTable(row.id);
      return toTable<D>(row);
    });
  }

  async trim(now: number): Promise<void> {
    this.#host.transaction(() => {
      for (const state of this.#allStates.all()) {
        const cutoff = now - state.retention_ms;
        if (cutoff <= state.base_at) continue;
        const id = state.table_id;
        this.#foldPut.run(id, id, id, cutoff);
        this.#foldDelete.run(id, id, id, cutoff);
        this.#dropFolded.run(id, cutoff);
        this.#setBase.run(cutoff, id);
      }
    });
  }

  /** Write path, inside the group commit's transaction: whether item writes to the table are recorded. */
  recording(tableId: number): boolean {
    let on = this.#on.get(tableId);
    if (on === undefined) this.#on.set(tableId, (on = this.#isOn.get(tableId) !== undefined));
    return on;
  }

  /** Write path, inside the write's transaction: the item's new version, or null for its deletion. */
  record(tableId: number, key: ItemKey, item: { readonly json: string; readonly size: number } | null): void {
    const at = (this.#at ??= this.#host.now());
    this.#record.run(tableId, at, key.hash, key.partition, key.sort, item?.size ?? null, item?.json ?? null);
  }

  /** After the transaction's last write (committed or rolled back): the next one reads the time and the flags afresh. */
  transactionEnded(): void {
    this.#at = undefined;
    this.#on.clear();
  }

  /** Inside a transaction, read afresh: whether recovery is on for the table. */
  isOn(tableId: number): boolean {
    return this.#isOn.get(tableId) !== undefined;
  }

  /** Inside a transaction: drops the table's recovery state, base and history (DeleteTable, disable). */
  removeTable(tableId: number): void {
    this.#deleteChanges.run(tableId);
    this.#deleteBase.run(tableId);
    this.#deleteState.run(tableId);
  }

  /** Inside a transaction: whether the table named can be restored as at `at`. */
  sourceOf(tableName: string, at: number): PointInTimeSource {
    const row = this.#getTable.get(tableName);
    if (!row) return { missing: true };
    const state = this.#getState.get(row.id);
    if (!state || at < state.base_at) return { unavailable: true };
    return { tableId: row.id };
  }

  /** Inside a transaction: writes the source's items as at `at` into the (new, empty) table `tableId`. */
  copyInto(tableId: number, sourceId: number, at: number): void {
    this.#restore.run(tableId, sourceId, sourceId, at);
  }
}

function toTable<D>(row: TableRow): TableRecord<D> {
  return { id: row.id, name: row.name, definition: JSON.parse(row.definition) as D, version: row.version };
}

function toState(row: StateRow): RecoveryState {
  return { enabledAt: row.enabled_at, retentionMs: row.retention_ms, baseAt: row.base_at };
}
