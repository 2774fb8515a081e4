import type { Pool, PoolClient } from 'pg';
import type { ItemKey, TableRecord } from '../engine.js';
import type { PointInTimeStore, RecoveryState } from '../point-in-time-store.js';
import { StorageError } from '../storage-errors.js';

/**
 * PointInTimeStore on PostgreSQL (migration 13), and the write path's half of it. INTERFACE STUB: the
 * engine (postgres-engine.ts) is written against these signatures; the bodies are being written.
 */
export class PostgresPointInTime implements PointInTimeStore {
  constructor(_pool: Pool, _now: () => number) {}

  /**
   * In the caller's write transaction: records the new version of each written item (null: deleted) when
   * recovery is on for the table, as read in that transaction.
   */
  async record(_client: PoolClient, _tableId: number, _changes: readonly { key: ItemKey; item: { json: string; size: number } | null }[]): Promise<void> {}

  /** In the caller's transaction (the table is being deleted): drops its recovery state, base and history. */
  async removeTable(_client: PoolClient, _tableId: number): Promise<void> {}

  /** In the caller's transaction: whether recovery is on for the table. */
  async isOn(_client: PoolClient, _tableId: number): Promise<boolean> {
    return false;
  }

  async get<D>(_tableName: string): Promise<{ table: TableRecord<D>; recovery?: RecoveryState } | undefined> {
    throw new StorageError('PostgreSQL point-in-time recovery is not written yet');
  }

  async enable<D>(_tableName: string, _retentionMs: number, _now: number): Promise<{ table: TableRecord<D>; recovery: RecoveryState } | undefined> {
    throw new StorageError('PostgreSQL point-in-time recovery is not written yet');
  }

  async disable<D>(_tableName: string): Promise<TableRecord<D> | undefined> {
    throw new StorageError('PostgreSQL point-in-time recovery is not written yet');
  }

  async trim(_now: number): Promise<void> {}
}
