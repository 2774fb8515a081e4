import type { IndexEntry, StoredItem, TableRecord, TableStats } from './engine.js';

/**
 * On-demand table backups: a consistent copy of a table's definition and items, and new tables
 * restored from such a copy. Like table definitions, a backup's `details` belong to the domain and
 * are stored as JSON; the engine keeps the items and what it measured of them.
 */
export interface BackupStore {
  /**
   * Copies the table named `tableName` — its definition, as `describe` turns it into the backup's
   * details, and every item — in one transaction: writes accepted before the call are in the copy,
   * writes accepted after it are not. Returns undefined (writing nothing) when the table does not
   * exist, or the existing backup when `describe` returns an ARN already taken.
   */
  create<T, D>(tableName: string, describe: (table: TableRecord<T>, stats: TableStats) => NewBackup<D>): Promise<BackupRecord<D> | undefined>;
  get<D>(arn: string): Promise<BackupRecord<D> | undefined>;
  /** Backups matching `query`, in (createdAt, arn) order. */
  list<D>(query: BackupQuery): Promise<BackupRecord<D>[]>;
  /** Removes the backup and its items; returns what was removed, or undefined when absent. */
  delete<D>(arn: string): Promise<BackupRecord<D> | undefined>;
  /**
   * Creates table `name` with `definition` and the items of the source, with each item's secondary-index
   * entries as `indexEntries` computes them (pure and synchronous, called inside the transaction),
   * all in one transaction: the table appears complete or not at all. The source is not changed. The
   * transaction lasts as long as the copy (SQLite: other writers wait for it), the price of a restore
   * that no reader can see half done and no restart can leave half done.
   */
  restore<D>(request: RestoreRequest<D>): Promise<RestoreOutcome<D>>;
}

/** What the domain decides about a backup being taken. */
export interface NewBackup<D> {
  /** Unique among backups; the key of every later call. */
  readonly arn: string;
  /** Epoch ms. */
  readonly createdAt: number;
  /** USER, SYSTEM or AWS_BACKUP: kept apart so that listings can filter on it. */
  readonly type: string;
  readonly details: D;
}

export interface BackupRecord<D = unknown> extends NewBackup<D> {
  /** The table the backup was taken of (it may have been deleted since). */
  readonly tableName: string;
  /** Items copied, and their summed DynamoDB size. */
  readonly itemCount: number;
  readonly sizeBytes: number;
}

export interface BackupQuery {
  readonly tableName?: string;
  /** Creation times from `from` (inclusive) to `to` (exclusive), epoch ms. */
  readonly from?: number;
  readonly to?: number;
  /** Only these types; absent: every type. */
  readonly types?: readonly string[];
  /** Exclusive cursor in (createdAt, arn) order; the backup it names need not exist any more. */
  readonly after?: { readonly createdAt: number; readonly arn: string };
  readonly limit: number;
}

export interface RestoreRequest<D> {
  readonly name: string;
  readonly definition: D;
  /**
   * Where the items come from: a backup, or a table with point-in-time recovery on as it was at `at`
   * (epoch ms; see PointInTimeStore), read in the restore's transaction.
   */
  readonly source: { readonly backupArn: string } | { readonly tableName: string; readonly at: number };
  /** The restored item's index entries (undefined: the table has no secondary index). */
  readonly indexEntries: (item: StoredItem) => readonly IndexEntry[] | undefined;
}

export type RestoreOutcome<D> =
  | { readonly table: TableRecord<D> }
  /** A table of that name exists: nothing written. */
  | { readonly nameTaken: true }
  /** The source is gone (deleted since the caller looked): nothing written. */
  | { readonly sourceMissing: true }
  /** Point in time: recovery is off for the source table, or `at` is before its base: nothing written. */
  | { readonly sourceUnavailable: true };
