import type { Pool } from 'pg';
import type {
  AppendedRecord,
  EngineCapabilities,
  IndexRangeQuery,
  IndexScanQuery,
  ItemKey,
  ItemWriteRequest,
  PendingStreamRecord,
  RangeQuery,
  ScanQuery,
  ShardRead,
  ShardRow,
  StorageEngine,
  StoredIndexEntry,
  StoredItem,
  StoredStreamRecord,
  StreamRow,
  TableRecord,
  TableStats,
  TableStreamSpec,
  WriteTarget,
} from '../engine.js';
import type { NewBackup } from '../backup-store.js';
import { StorageError } from '../storage-errors.js';
import { openPgPool } from './pg-pool.js';
import { applyPostgresMigrations } from './postgres-migrations.js';
import { PostgresItems } from './postgres-items.js';
import { readSnapshot } from './postgres-snapshot-reads.js';
import { PostgresIndexEntries } from './postgres-index-entries.js';
import { PostgresWriteGroups, type WriteGroupOptions } from './postgres-write-groups.js';
import { appendStreamRecords } from './postgres-record-appends.js';
import { PostgresTables } from './postgres-tables.js';
import { PostgresStreams } from './postgres-streams.js';
import { PostgresPointInTime } from './postgres-point-in-time.js';
import { PostgresBackupStore } from './postgres-backup-store.js';
import { PostgresQueueStore } from './postgres-queue-store.js';
import { PostgresTriggerStore } from './postgres-trigger-store.js';
import { PostgresAsyncInvocationStore } from './postgres-async-invocation-store.js';
import { PostgresEventInvokeConfigStore } from './postgres-event-invoke-config-store.js';
import { PostgresFunctionStore } from './postgres-function-store.js';
import { PostgresBusStore } from './postgres-bus-store.js';
import { PostgresTimeStore } from './postgres-time-store.js';
import { PostgresSchedulerStore } from './postgres-scheduler-store.js';
import { PostgresPipeStore } from './postgres-pipe-store.js';
import { PostgresTopicStore } from './postgres-topic-store.js';
import { PostgresClusterStore } from './postgres-cluster-store.js';
import { PostgresRequestTokenStore } from './postgres-request-token-store.js';
import { PostgresMaintenanceStateStore } from './postgres-maintenance-state-store.js';
import { PostgresNotifications } from './postgres-notifications.js';

export interface PostgresEngineOptions {
  /** `postgres://user:password@host:port/database`. */
  readonly url: string;
  /** Most connections open at once; default 10. Each transaction holds one for its length. */
  readonly poolSize?: number;
  /** Epoch ms for stream and history timestamps; default Date.now (tests inject a clock). */
  readonly now?: () => number;
}

/** Opens a pool on the database, brings its schema up to date, and answers the engine on it. */
export async function openPostgresEngine(options: PostgresEngineOptions): Promise<PostgresEngine> {
  const pool = await openPgPool({ url: options.url, size: options.poolSize });
  try {
    await applyPostgresMigrations(pool);
  } catch (error) {
    await pool.end().catch(() => {});
    throw error;
  }
  return new PostgresEngine(pool, options.now ?? Date.now);
}

/**
 * StorageEngine on a PostgreSQL database, shared by every Eddy node connected to it: nothing a node must
 * agree on is kept in memory here; transactions and row or advisory locks decide between nodes (see
 * postgres-item-writes.ts and postgres-tables.ts). Reads run on any connection of the pool, outside a
 * transaction, each one statement.
 */
export class PostgresEngine implements StorageEngine {
  readonly capabilities: EngineCapabilities = { sharedAcrossProcesses: true };
  readonly #pool: Pool;
  readonly #items: PostgresItems;
  readonly #indexEntries: PostgresIndexEntries;
  readonly #tables: PostgresTables;
  readonly #streams: PostgresStreams;
  readonly #writes: PostgresWriteGroups;
  /** The one LISTEN connection of this engine: stream appends, deliveries and queue messages of other nodes. */
  readonly #notifications: PostgresNotifications;
  #closed = false;
  readonly queues: PostgresQueueStore;
  readonly triggers: PostgresTriggerStore;
  readonly asyncInvocations: PostgresAsyncInvocationStore;
  readonly eventInvokeConfigs: PostgresEventInvokeConfigStore;
  readonly functions: PostgresFunctionStore;
  readonly bus: PostgresBusStore;
  readonly backups: PostgresBackupStore;
  readonly pointInTime: PostgresPointInTime;
  readonly time: PostgresTimeStore;
  readonly scheduler: PostgresSchedulerStore;
  readonly pipes: PostgresPipeStore;
  readonly topics: PostgresTopicStore;
  readonly cluster: PostgresClusterStore;
  readonly requestTokens: PostgresRequestTokenStore;
  readonly maintenance: PostgresMaintenanceStateStore;

  /** `writeGroups`: how item writes share transactions (tests narrow it; the defaults are measured). */
  constructor(pool: Pool, now: () => number = Date.now, writeGroups?: WriteGroupOptions) {
    this.#pool = pool;
    this.#items = new PostgresItems(pool);
    this.#indexEntries = new PostgresIndexEntries(pool);
    this.#notifications = new PostgresNotifications(pool);
    this.#streams = new PostgresStreams(pool, now, this.#notifications);
    this.pointInTime = new PostgresPointInTime(pool, now);
    this.backups = new PostgresBackupStore(pool, this.pointInTime);
    this.#writes = new PostgresWriteGroups(pool, { pointInTime: this.pointInTime, streams: this.#streams }, writeGroups);
    this.#tables = new PostgresTables(pool, {
      items: this.#items,
      indexEntries: this.#indexEntries,
      pointInTime: this.pointInTime,
      streams: this.#streams,
      backups: this.backups,
    });
    // The queue store is also what topics and the bus write SQS copies through, in their own transactions.
    this.queues = new PostgresQueueStore(pool, this.#notifications);
    this.triggers = new PostgresTriggerStore(pool, this.#notifications);
    this.asyncInvocations = new PostgresAsyncInvocationStore(pool);
    this.eventInvokeConfigs = new PostgresEventInvokeConfigStore(pool);
    this.functions = new PostgresFunctionStore(pool);
    this.bus = new PostgresBusStore(pool, this.queues, this.#notifications);
    this.time = new PostgresTimeStore(pool);
    this.scheduler = new PostgresSchedulerStore(pool);
    this.pipes = new PostgresPipeStore(pool, this.#notifications);
    this.topics = new PostgresTopicStore(pool, this.queues, this.#notifications);
    this.cluster = new PostgresClusterStore(pool);
    this.requestTokens = new PostgresRequestTokenStore(pool);
    this.maintenance = new PostgresMaintenanceStateStore(pool);
  }

  async listTables<D>(): Promise<TableRecord<D>[]> {
    this.#check();
    return this.#tables.list<D>();
  }

  async getTable<D>(name: string): Promise<TableRecord<D> | undefined> {
    this.#check();
    return this.#tables.get<D>(name);
  }

  async tableVersion(name: string): Promise<{ id: number; version: number } | undefined> {
    this.#check();
    return this.#tables.version(name);
  }

  async createTable<D>(name: string, definition: D, stream?: TableStreamSpec): Promise<TableRecord<D> | undefined> {
    this.#check();
    return this.#tables.create(name, definition, stream);
  }

  async updateTable<D>(
    name: string,
    decide: (current: TableRecord<D>) => { definition: D; stream?: TableStreamSpec },
  ): Promise<TableRecord<D> | undefined> {
    this.#check();
    return this.#tables.update(name, decide);
  }

  async deleteTable<D, B = unknown>(
    name: string,
    systemBackup?: (table: TableRecord<D>, stats: TableStats) => NewBackup<B>,
  ): Promise<TableRecord<D> | undefined> {
    this.#check();
    return this.#tables.delete(name, systemBackup);
  }

  async tableStats(tableId: number): Promise<TableStats> {
    this.#check();
    return this.#items.stats(tableId);
  }

  async indexStats(tableId: number): Promise<Map<string, TableStats>> {
    this.#check();
    return this.#indexEntries.stats(tableId);
  }

  async deleteIndexEntries(tableId: number, index: string): Promise<void> {
    this.#check();
    await this.#tables.deleteIndexEntries(tableId, index);
  }

  async getItem(tableId: number, key: ItemKey, tableVersion?: number): Promise<StoredItem | undefined> {
    this.#check();
    return this.#items.get(tableId, key, tableVersion);
  }

  async writeItems<R>(request: ItemWriteRequest<R>): Promise<R> {
    this.#check();
    return this.#writes.write(request);
  }

  async readItems(targets: readonly WriteTarget[]): Promise<(StoredItem | undefined)[]> {
    this.#check();
    return readSnapshot(this.#pool, targets);
  }

  async appendStreamRecords(tableId: number, records: readonly PendingStreamRecord[]): Promise<(AppendedRecord | undefined)[]> {
    this.#check();
    return appendStreamRecords(this.#pool, this.#streams, tableId, records);
  }

  async readRange(query: RangeQuery): Promise<StoredItem[]> {
    this.#check();
    return this.#items.range(query);
  }

  async scan(query: ScanQuery): Promise<StoredItem[]> {
    this.#check();
    return this.#items.scan(query);
  }

  async readIndexRange(query: IndexRangeQuery): Promise<StoredIndexEntry[]> {
    this.#check();
    return this.#indexEntries.range(query);
  }

  async scanIndex(query: IndexScanQuery): Promise<StoredIndexEntry[]> {
    this.#check();
    return this.#indexEntries.scan(query);
  }

  async listStreams<M>(): Promise<StreamRow<M>[]> {
    this.#check();
    return this.#streams.list<M>();
  }

  async getStream<M>(tableName: string, label: string): Promise<{ stream: StreamRow<M>; shards: ShardRow[] } | undefined> {
    this.#check();
    return this.#streams.get<M>(tableName, label);
  }

  async readShard(read: ShardRead): Promise<StoredStreamRecord[]> {
    this.#check();
    return this.#streams.read(read);
  }

  async rotateShards(streamId: number, now: number): Promise<void> {
    this.#check();
    await this.#streams.rotate(streamId, now);
    this.#streams.shardsClosed(streamId);
  }

  async trimStreams(before: number): Promise<void> {
    this.#check();
    await this.#streams.trim(before);
  }

  onAppend(listener: (streamId: number, shardId: string, lastSequence: bigint) => void): () => void {
    return this.#streams.onAppend(listener);
  }

  onShardsClosed(listener: (streamId: number) => void): () => void {
    return this.#streams.onShardsClosed(listener);
  }

  /** Stops listening for other nodes' notifications, then ends the pool (waiting for queries in flight). */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true; // from here on every call fails
    try {
      await this.#streams.close();
      await this.#notifications.close();
    } finally {
      await this.#pool.end();
    }
  }

  #check(): void {
    if (this.#closed) throw new StorageError('The storage engine is closed');
  }
}
