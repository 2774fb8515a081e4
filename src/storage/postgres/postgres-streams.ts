import type { Pool, PoolClient } from 'pg';
import type { PendingStreamRecord, ShardRead, ShardRow, StoredStreamRecord, StreamRow, TableStreamSpec } from '../engine.js';
import { StorageError } from '../storage-errors.js';

/** One shard a committed transaction appended to, with the newest sequence number it assigned there. */
export interface StreamAppend {
  readonly streamId: number;
  readonly shardId: string;
  readonly lastSequence: bigint;
}

/**
 * Change streams on PostgreSQL (migration 12). INTERFACE STUB: the engine (postgres-engine.ts) is written
 * against these signatures; the bodies are being written. Methods taking a `client` run inside the
 * caller's transaction; the others run on their own.
 */
export class PostgresStreams {
  constructor(_pool: Pool, _now: () => number) {}

  /** In the caller's transaction: brings the table's stream in line with `spec`; answers the id of the stream it closed, if any. */
  async reconcile(_client: PoolClient, _tableId: number, _tableName: string, spec: TableStreamSpec | undefined): Promise<number | undefined> {
    if (spec?.enabled) throw new StorageError('PostgreSQL streams are not written yet');
    return undefined;
  }

  /** In the caller's transaction (the table is being deleted): closes its open stream; answers its id, if any. */
  async closeTable(_client: PoolClient, _tableId: number): Promise<number | undefined> {
    return undefined;
  }

  /**
   * In the caller's write transaction, after its items are written: appends `records` in order to the open
   * shards of the table's stream (dropped when it has none), under each shard row's lock. Answers one entry
   * per shard touched, for `announce` after COMMIT.
   */
  async append(_client: PoolClient, _tableId: number, records: readonly PendingStreamRecord[]): Promise<StreamAppend[]> {
    if (records.length > 0) throw new StorageError('PostgreSQL streams are not written yet');
    return [];
  }

  /** After COMMIT of a transaction whose `append` answered `appends`: tells the onAppend listeners. */
  announce(_appends: readonly StreamAppend[]): void {}

  /** After COMMIT of a transaction that closed the shards of `streamId`: tells the onShardsClosed listeners. */
  shardsClosed(_streamId: number): void {}

  async list<M>(): Promise<StreamRow<M>[]> {
    return [];
  }

  async get<M>(_tableName: string, _label: string): Promise<{ stream: StreamRow<M>; shards: ShardRow[] } | undefined> {
    return undefined;
  }

  async read(_read: ShardRead): Promise<StoredStreamRecord[]> {
    return [];
  }

  async rotate(_streamId: number, _now: number): Promise<void> {}

  async trim(_before: number): Promise<void> {}

  onAppend(_listener: (streamId: number, shardId: string, lastSequence: bigint) => void): () => void {
    return () => {};
  }

  onShardsClosed(_listener: (streamId: number) => void): () => void {
    return () => {};
  }

  /** Stops listening for other nodes' notifications. */
  async close(): Promise<void> {}
}
