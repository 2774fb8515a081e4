import type { Pool, PoolClient } from 'pg';
import type { TableRecord, TableStats } from '../engine.js';
import type { BackupQuery, BackupRecord, BackupStore, NewBackup, RestoreOutcome, RestoreRequest } from '../backup-store.js';
import { StorageError } from '../storage-errors.js';
import type { PostgresPointInTime } from './postgres-point-in-time.js';

/**
 * BackupStore on PostgreSQL (migration 13). INTERFACE STUB: the engine (postgres-engine.ts) is written
 * against these signatures; the bodies are being written.
 */
export class PostgresBackupStore implements BackupStore {
  constructor(_pool: Pool, _pointInTime: PostgresPointInTime) {}

  /**
   * In the caller's transaction (DeleteTable with recovery on): copies the table, as it is in that
   * transaction, as the backup `describe` makes.
   */
  async copyTable<T, D>(_client: PoolClient, _table: { id: number; name: string; definition: string }, _describe: (table: TableRecord<T>, stats: TableStats) => NewBackup<D>): Promise<BackupRecord<D>> {
    throw new StorageError('PostgreSQL backups are not written yet');
  }

  async create<T, D>(_tableName: string, _describe: (table: TableRecord<T>, stats: TableStats) => NewBackup<D>): Promise<BackupRecord<D> | undefined> {
    throw new StorageError('PostgreSQL backups are not written yet');
  }

  async get<D>(_arn: string): Promise<BackupRecord<D> | undefined> {
    return undefined;
  }

  async list<D>(_query: BackupQuery): Promise<BackupRecord<D>[]> {
    return [];
  }

  async delete<D>(_arn: string): Promise<BackupRecord<D> | undefined> {
    return undefined;
  }

  async restore<D>(_request: RestoreRequest<D>): Promise<RestoreOutcome<D>> {
    throw new StorageError('PostgreSQL backups are not written yet');
  }
}
