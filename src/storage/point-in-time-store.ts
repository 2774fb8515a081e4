import type { TableRecord } from './engine.js';

/**
 * Point-in-time recovery: while it is on for a table, the engine keeps a base copy of the table's items
 * and, in the transaction of every item write, the item's new version (or its deletion) with the commit
 * time, so that the table can be restored (BackupStore.restore with a point-in-time source) as it was at
 * any moment from the base on. The domain decides the window; the engine keeps what the window needs.
 */
export interface PointInTimeStore {
  /** The table named and its recovery state (absent while recovery is off); undefined when there is no such table. */
  get<D>(tableName: string): Promise<{ table: TableRecord<D>; recovery?: RecoveryState } | undefined>;
  /**
   * Turns recovery on: copies the table's items as the base, as at `now`, in one transaction after the
   * writes accepted before the call; every later write is recorded. When recovery is on already, only
   * the retention changes (the history is kept). Undefined when there is no such table.
   */
  enable<D>(tableName: string, retentionMs: number, now: number): Promise<{ table: TableRecord<D>; recovery: RecoveryState } | undefined>;
  /** Turns recovery off and drops the base and the history. Undefined when there is no such table. */
  disable<D>(tableName: string): Promise<TableRecord<D> | undefined>;
  /**
   * Folds every change older than its table's retention (made at or before `now - retentionMs`) into the
   * base, moving `baseAt` to that time. Restores to any time from `baseAt` on are unaffected.
   */
  trim(now: number): Promise<void>;
}

export interface RecoveryState {
  /** Epoch ms when recovery was turned on (it resets when turned off and on again). */
  readonly enabledAt: number;
  /** How long changes are kept before they are folded into the base. */
  readonly retentionMs: number;
  /** The base holds the table as at this time: restores to any time from here on are possible. */
  readonly baseAt: number;
}
