import type { Pool, PoolClient } from 'pg';
import type { TableRecord, TableStats } from '../engine.js';
import type { BackupQuery, BackupRecord, BackupStore, NewBackup, RestoreOutcome, RestoreRequest } from '../backup-store.js';
import { inTransaction, query, type PgQueryable } from './pg-pool.js';
import type { PostgresPointInTime } from './postgres-point-in-time.js';
import { indexRestored } from './postgres-restored-index.js';

/** bigint columns arrive as text (pg-pool.ts). */
interface BackupRow {
  id: string;
  arn: string;
  table_name: string;
  type: string;
  created_at: string;
  item_count: string;
  size_bytes: string;
  details: string;
}

const COLUMNS = 'SELECT id, arn, table_name, type, created_at, item_count, size_bytes, details FROM backups';

/**
 * BackupStore on PostgreSQL (backups and backup_items, migration 13), as SQLite's sqlite-backup-store.ts.
 * A restore makes a table without a stream, as on SQLite: the domain turns one on afterwards if it asks.
 */
export class PostgresBackupStore implements BackupStore {
  readonly #pool: Pool;
  readonly #pointInTime: PostgresPointInTime;

  constructor(pool: Pool, pointInTime: PostgresPointInTime) {
    this.#pool = pool;
    this.#pointInTime = pointInTime;
  }

  /**
   * REPEATABLE READ: the count, the sum and the copy read one snapshot, taken after every write accepted
   * before the call committed, and no writer waits for the copy.
   */
  async create<T, D>(tableName: string, describe: (table: TableRecord<T>, stats: TableStats) => NewBackup<D>): Promise<BackupRecord<D> | undefined> {
    return inTransaction(
      this.#pool,
      async (client) => {
        const [row] = await query<{ id: string; name: string; definition: string; version: string }>(
          client,
          'SELECT id, name, definition, version FROM ddb_tables WHERE name = $1',
          [tableName],
        );
        return row && this.copyTable<T, D>(client, { id: Number(row.id), name: row.name, definition: row.definition, version: Number(row.version) }, describe);
      },
      { isolation: 'REPEATABLE READ' },
    );
  }

  /**
   * In the caller's transaction: copies the table as `describe` decides — the body of `create`, and
   * DeleteTable's SYSTEM backup of a table with recovery on, whose transaction holds the table's row FOR
   * UPDATE (no write can change the items between the count and the copy). An ARN already taken answers
   * the backup that has it, copying nothing.
   */
  async copyTable<T, D>(
    client: PoolClient,
    table: { id: number; name: string; definition: string; version: number },
    describe: (table: TableRecord<T>, stats: TableStats) => NewBackup<D>,
  ): Promise<BackupRecord<D>> {
    const [counted] = await query<{ item_count: string; size_bytes: string }>(
      client,
      'SELECT count(*) AS item_count, coalesce(sum(size), 0) AS size_bytes FROM items WHERE table_id = $1',
      [table.id],
    );
    const stats: TableStats = { itemCount: Number(counted!.item_count), sizeBytes: Number(counted!.size_bytes) };
    const backup = describe({ id: table.id, name: table.name, definition: JSON.parse(table.definition) as T, version: table.version }, stats);
    const [inserted] = await query<{ id: string }>(
      client,
      `WITH backup AS (
         INSERT INTO backups (arn, table_name, type, created_at, item_count, size_bytes, details)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (arn) DO NOTHING RETURNING id
       ), copied AS (
         INSERT INTO backup_items (backup_id, hash, pk, sk, size, doc)
         SELECT backup.id, hash, pk, sk, size, doc FROM backup, items WHERE items.table_id = $8
       )
       SELECT id FROM backup`,
      [backup.arn, table.name, backup.type, backup.createdAt, stats.itemCount, stats.sizeBytes, JSON.stringify(backup.details), table.id],
    );
    if (!inserted) return (await this.#get<D>(client, backup.arn))!;
    return { ...backup, tableName: table.name, itemCount: stats.itemCount, sizeBytes: stats.sizeBytes };
  }

  async get<D>(arn: string): Promise<BackupRecord<D> | undefined> {
    return this.#get<D>(this.#pool, arn);
  }

  async list<D>(q: BackupQuery): Promise<BackupRecord<D>[]> {
    if (q.limit <= 0 || q.types?.length === 0) return [];
    const where: string[] = [];
    const params: unknown[] = [];
    const param = (value: unknown) => `$${params.push(value)}`;
    if (q.tableName !== undefined) where.push(`table_name = ${param(q.tableName)}`);
    if (q.from !== undefined) where.push(`created_at >= ${param(q.from)}`);
    if (q.to !== undefined) where.push(`created_at < ${param(q.to)}`);
    if (q.types !== undefined) where.push(`type = ANY(${param(q.types)}::text[])`);
    if (q.after !== undefined) where.push(`(created_at, arn) > (${param(q.after.createdAt)}, ${param(q.after.arn)})`);
    const filter = where.length > 0 ? ` WHERE ${where.join(' AND ')}` : '';
    const rows = await query<BackupRow>(this.#pool, `${COLUMNS}${filter} ORDER BY created_at, arn LIMIT ${param(q.limit)}`, params);
    return rows.map((row) => toBackup<D>(row));
  }

  /** One statement: the backup and its items go together. */
  async delete<D>(arn: string): Promise<BackupRecord<D> | undefined> {
    const [row] = await query<BackupRow>(
      this.#pool,
      `WITH gone AS (
         DELETE FROM backups WHERE arn = $1 RETURNING id, arn, table_name, type, created_at, item_count, size_bytes, details
       ), items AS (
         DELETE FROM backup_items WHERE backup_id IN (SELECT id FROM gone)
       )
       SELECT * FROM gone`,
      [arn],
    );
    return row && toBackup<D>(row);
  }

  /**
   * One transaction: the source is checked and held (the backup's row, or the recovery state, FOR SHARE,
   * so that no delete, disable or trim changes it until the copy commits), the table row inserted, the
   * items copied by one statement, then their index entries written page by page.
   */
  async restore<D>(request: RestoreRequest<D>): Promise<RestoreOutcome<D>> {
    const { source } = request;
    return inTransaction(this.#pool, async (client): Promise<RestoreOutcome<D>> => {
      let copy: (tableId: number) => Promise<unknown>;
      if ('backupArn' in source) {
        const [backup] = await query<{ id: string }>(client, 'SELECT id FROM backups WHERE arn = $1 FOR SHARE', [source.backupArn]);
        if (!backup) return { sourceMissing: true };
        copy = (tableId) =>
          query(
            client,
            'INSERT INTO items (table_id, hash, pk, sk, size, doc) SELECT $1, hash, pk, sk, size, doc FROM backup_items WHERE backup_id = $2',
            [tableId, backup.id],
          );
      } else {
        const table = await this.#pointInTime.sourceOf(client, source.tableName, source.at);
        if ('missing' in table) return { sourceMissing: true };
        if ('unavailable' in table) return { sourceUnavailable: true };
        copy = (tableId) => this.#pointInTime.copyInto(client, tableId, table.tableId, source.at);
      }
      const [created] = await query<{ id: string }>(
        client,
        'INSERT INTO ddb_tables (name, definition) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING RETURNING id',
        [request.name, JSON.stringify(request.definition)],
      );
      if (!created) return { nameTaken: true };
      const tableId = Number(created.id);
      await copy(tableId);
      await indexRestored(client, tableId, request.indexEntries);
      return { table: { id: tableId, name: request.name, definition: request.definition, version: 1 } };
    });
  }

  async #get<D>(db: PgQueryable, arn: string): Promise<BackupRecord<D> | undefined> {
    const [row] = await query<BackupRow>(db, `${COLUMNS} WHERE arn = $1`, [arn]);
    return row && toBackup<D>(row);
  }
}

function toBackup<D>(row: BackupRow): BackupRecord<D> {
  return {
    arn: row.arn,
    tableName: row.table_name,
    type: row.type,
    createdAt: Number(row.created_at),
    itemCount: Number(row.item_count),
    sizeBytes: Number(row.size_bytes),
    details: JSON.parse(row.details) as D,
  };
}
