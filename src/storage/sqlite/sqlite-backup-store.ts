import type { Database, Statement } from 'better-sqlite3';
import { lazy, type LazyStatement } from './lazy-statement.js';
import type { BackupQuery, BackupRecord, BackupStore, NewBackup, RestoreOutcome, RestoreRequest } from '../backup-store.js';
import type { TableRecord, TableStats } from '../engine.js';
import type { SqliteIndexEntries } from './sqlite-index-entries.js';
import type { SqlitePointInTime } from './sqlite-point-in-time.js';
import { LIMIT } from './sql-limit.js';

/** What the engine lends the backup store. */
export interface SqliteBackupHost {
  /** Commits pending writes, then runs `body` in its own IMMEDIATE transaction (rolled back if it throws). */
  transaction<T>(body: () => T): T;
  /** Runs a read outside a transaction, translating driver errors. */
  read<T>(body: () => T): T;
  /** The engine's index entries, written inside the host's transaction. */
  readonly indexEntries: SqliteIndexEntries;
  /** Called after the commit that created a table (a restore), so writes to it are accepted. */
  tableCreated(id: number): void;
  /** Point-in-time sources of restores. */
  readonly pointInTime: SqlitePointInTime;
}

interface BackupRow {
  id: number;
  arn: string;
  table_name: string;
  type: string;
  created_at: number;
  item_count: number;
  size_bytes: number;
  details: string;
}

interface ItemPageRow {
  hash: number;
  pk: Buffer;
  sk: Buffer;
  size: number;
  doc: string;
}

type Params = (number | string)[];

/** Restored items re-indexed per read of the restored table (the rows of one page are in memory at once). */
const PAGE = 500;
const COLUMNS = 'SELECT id, arn, table_name, type, created_at, item_count, size_bytes, details FROM backups';

/** BackupStore on the engine's connection (tables backups and backup_items, migration 15). */
export class SqliteBackupStore implements BackupStore {
  readonly #db: Database;
  readonly #host: SqliteBackupHost;
  readonly #getTable: LazyStatement<[name: string], { id: number; name: string; definition: string; version: number }>;
  readonly #tableStats: LazyStatement<[tableId: number], TableStats>;
  readonly #insert: LazyStatement<[string, string, string, number, number, number, string]>;
  readonly #copyItems: LazyStatement<[backupId: number, tableId: number]>;
  readonly #get: LazyStatement<[arn: string], BackupRow>;
  readonly #deleteItems: LazyStatement<[backupId: number]>;
  readonly #delete: LazyStatement<[backupId: number]>;
  readonly #insertTable: LazyStatement<[name: string, definition: string]>;
  readonly #restoreItems: LazyStatement<[tableId: number, backupId: number]>;
  readonly #firstPage: LazyStatement<[tableId: number, limit: number], ItemPageRow>;
  readonly #nextPage: LazyStatement<[tableId: number, hash: number, pk: Buffer, sk: Buffer, limit: number], ItemPageRow>;
  readonly #lists = new Map<string, Statement<Params, BackupRow>>();

  constructor(db: Database, host: SqliteBackupHost) {
    this.#db = db;
    this.#host = host;
    this.#getTable = lazy(db, 'SELECT id, name, definition, version FROM tables WHERE name = ?');
    this.#tableStats = lazy(db, 'SELECT count(*) AS itemCount, coalesce(sum(size), 0) AS sizeBytes FROM items WHERE table_id = ?');
    this.#insert = lazy(
      db,
      `INSERT INTO backups (arn, table_name, type, created_at, item_count, size_bytes, details)
       VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (arn) DO NOTHING`,
    );
    this.#copyItems = lazy(
      db,
      'INSERT INTO backup_items (backup_id, hash, pk, sk, size, doc) SELECT ?, hash, pk, sk, size, doc FROM items WHERE table_id = ?',
    );
    this.#get = lazy(db, `${COLUMNS} WHERE arn = ?`);
    this.#deleteItems = lazy(db, 'DELETE FROM backup_items WHERE backup_id = ?');
    this.#delete = lazy(db, 'DELETE FROM backups WHERE id = ?');
    this.#insertTable = lazy(db, 'INSERT INTO tables (name, definition) VALUES (?, ?) ON CONFLICT (name) DO NOTHING');
    this.#restoreItems = lazy(
      db,
      'INSERT INTO items (table_id, hash, pk, sk, size, doc) SELECT ?, hash, pk, sk, size, doc FROM backup_items WHERE backup_id = ?',
    );
    const page = 'SELECT hash, pk, sk, size, doc FROM items WHERE table_id = ?';
    this.#firstPage = lazy(db, `${page} ORDER BY hash, pk, sk ${LIMIT}`);
    this.#nextPage = lazy(db, `${page} AND (hash, pk, sk) > (?, ?, ?) ORDER BY hash, pk, sk ${LIMIT}`);
  }

  async create<T, D>(
    tableName: string,
    describe: (table: TableRecord<T>, stats: TableStats) => NewBackup<D>,
  ): Promise<BackupRecord<D> | undefined> {
    return this.#host.transaction(() => {
      const row = this.#getTable.get(tableName);
      return row && this.copyTable<T, D>(row, describe);
    });
  }

  /**
   * Inside the caller's transaction: copies the table (a row of `tables`) as `describe` decides — the
   * body of `create`, and DeleteTable's SYSTEM backup of a table with recovery on, taken in the delete's
   * transaction before its items go.
   */
  copyTable<T, D>(row: { id: number; name: string; definition: string; version: number }, describe: (table: TableRecord<T>, stats: TableStats) => NewBackup<D>): BackupRecord<D> {
    const stats = this.#tableStats.get(row.id)!;
    const table: TableRecord<T> = { id: row.id, name: row.name, definition: JSON.parse(row.definition) as T, version: row.version };
    const backup = describe(table, stats);
    const info = this.#insert.run(
      backup.arn,
      row.name,
      backup.type,
      backup.createdAt,
      stats.itemCount,
      stats.sizeBytes,
      JSON.stringify(backup.details),
    );
    if (info.changes === 0) return toBackup<D>(this.#get.get(backup.arn)!);
    this.#copyItems.run(Number(info.lastInsertRowid), row.id);
    return { ...backup, tableName: row.name, itemCount: stats.itemCount, sizeBytes: stats.sizeBytes };
  }

  async get<D>(arn: string): Promise<BackupRecord<D> | undefined> {
    return this.#host.read(() => {
      const row = this.#get.get(arn);
      return row && toBackup<D>(row);
    });
  }

  async list<D>(query: BackupQuery): Promise<BackupRecord<D>[]> {
    return this.#host.read(() => {
      if (query.limit <= 0 || query.types?.length === 0) return [];
      const where: string[] = [];
      const params: Params = [];
      if (query.tableName !== undefined) {
        where.push('table_name = ?');
        params.push(query.tableName);
      }
      if (query.from !== undefined) {
        where.push('created_at >= ?');
        params.push(query.from);
      }
      if (query.to !== undefined) {
        where.push('created_at < ?');
        params.push(query.to);
      }
      if (query.types !== undefined) {
        where.push(`type IN (${query.types.map(() => '?').join(', ')})`);
        params.push(...query.types);
      }
      if (query.after !== undefined) {
        where.push('(created_at, arn) > (?, ?)');
        params.push(query.after.createdAt, query.after.arn);
      }
      const sql = `${COLUMNS}${where.length > 0 ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at, arn ${LIMIT}`;
      params.push(query.limit);
      let statement = this.#lists.get(sql);
      if (statement === undefined) this.#lists.set(sql, (statement = this.#db.prepare<Params, BackupRow>(sql)));
      return statement.all(...params).map((row) => toBackup<D>(row));
    });
  }

  async delete<D>(arn: string): Promise<BackupRecord<D> | undefined> {
    return this.#host.transaction(() => {
      const row = this.#get.get(arn);
      if (!row) return undefined;
      this.#deleteItems.run(row.id);
      this.#delete.run(row.id);
      return toBackup<D>(row);
    });
  }

  async restore<D>(request: RestoreRequest<D>): Promise<RestoreOutcome<D>> {
    const { source } = request;
    const outcome = this.#host.transaction((): RestoreOutcome<D> => {
      let copy: (tableId: number) => void;
      if ('backupArn' in source) {
        const backup = this.#get.get(source.backupArn);
        if (!backup) return { sourceMissing: true };
        copy = (tableId) => this.#restoreItems.run(tableId, backup.id);
      } else {
        const table = this.#host.pointInTime.sourceOf(source.tableName, source.at);
        if ('missing' in table) return { sourceMissing: true };
        if ('unavailable' in table) return { sourceUnavailable: true };
        copy = (tableId) => this.#host.pointInTime.copyInto(tableId, table.tableId, source.at);
      }
      const info = this.#insertTable.run(request.name, JSON.stringify(request.definition));
      if (info.changes === 0) return { nameTaken: true };
      const tableId = Number(info.lastInsertRowid);
      copy(tableId);
      this.#indexRestored(tableId, request);
      return { table: { id: tableId, name: request.name, definition: request.definition, version: 1 } };
    });
    if ('table' in outcome) this.#host.tableCreated(outcome.table.id);
    return outcome;
  }

  /**
   * Writes the index entries of every restored item, reading the restored table page by page
   * (better-sqlite3 cannot write while a statement is being iterated). A table without indexes stops at
   * the first item.
   */
  #indexRestored<D>(tableId: number, request: RestoreRequest<D>): void {
    let page = this.#firstPage.all(tableId, PAGE);
    while (page.length > 0) {
      for (const row of page) {
        const key = { hash: row.hash, partition: row.pk, sort: row.sk };
        const entries = request.indexEntries({ key, json: row.doc, size: row.size });
        if (entries === undefined) return;
        this.#host.indexEntries.replace(tableId, key, entries);
      }
      if (page.length < PAGE) return;
      const last = page[page.length - 1]!;
      page = this.#nextPage.all(tableId, last.hash, last.pk, last.sk, PAGE);
    }
  }
}

function toBackup<D>(row: BackupRow): BackupRecord<D> {
  return {
    arn: row.arn,
    tableName: row.table_name,
    type: row.type,
    createdAt: row.created_at,
    itemCount: row.item_count,
    sizeBytes: row.size_bytes,
    details: JSON.parse(row.details) as D,
  };
}
