import { mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
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
import { decideWrite, MissingTableError, StaleTableError } from '../engine.js';
import type { QueueStore } from '../queue-store.js';
import type { TriggerStore } from '../trigger-store.js';
import { GroupCommit, storeUnit, type UnitOutcome } from './sqlite-group-commit.js';
import { applySqliteMigrations } from './sqlite-migrations.js';
import type { CheckpointerOptions } from './sqlite-checkpointer.js';
import { configureConnection, SqliteWal, type Durability } from './sqlite-wal.js';
import { SqliteStatements, toTable } from './sqlite-statements.js';
import { StorageError, translateSqliteError } from './sqlite-errors.js';
import { SqliteIndexEntries } from './sqlite-index-entries.js';
import { SqliteItemReads } from './sqlite-item-reads.js';
import { SqliteRequestReads } from './sqlite-request-reads.js';
import { SqliteStreamStatements } from './sqlite-stream-statements.js';
import { SqliteStreamCatalog, type OpenStreams } from './sqlite-stream-catalog.js';
import { SqliteStreamAppender, type AppendListener } from './sqlite-stream-appender.js';
import { SqliteStreamReader } from './sqlite-stream-reader.js';
import { SqliteQueueStore, type SqliteQueueHost } from './sqlite-queue-store.js';
import { SqliteTriggerStore } from './sqlite-trigger-store.js';
import { SqliteAsyncInvocationStore } from './sqlite-async-invocation-store.js';
import type { AsyncInvocationStore } from '../async-invocation-store.js';
import type { EventInvokeConfigStore } from '../event-invoke-config-store.js';
import { SqliteEventInvokeConfigStore } from './sqlite-event-invoke-config-store.js';
import { SqliteFunctionStore } from './sqlite-function-store.js';
import type { FunctionStore } from '../function-store.js';
import { SqliteBusStore } from './sqlite-bus-store.js';
import { SqliteBackupStore } from './sqlite-backup-store.js';
import type { BackupStore, NewBackup } from '../backup-store.js';
import { SqlitePointInTime } from './sqlite-point-in-time.js';
import { SqliteTimeStore } from './sqlite-time-store.js';
import { SqliteSchedulerStore } from './sqlite-scheduler-store.js';
import { SqlitePipeStore } from './sqlite-pipe-store.js';
import { SqliteTopicStore } from './sqlite-topic-store.js';
import { SqliteClusterStore } from './sqlite-cluster-store.js';
import { SqliteRequestTokenStore } from './sqlite-request-token-store.js';
import { SqliteMaintenanceStateStore } from './sqlite-maintenance-state-store.js';
import { ShardsClosedListeners } from './sqlite-shards-closed.js';
import { sqliteAddon } from './sqlite-addon.js';

export interface SqliteEngineOptions {
  /** A database file (its directory is created) or ':memory:'. */
  readonly path: string;
  /** How long a write waits for another connection's lock before failing as busy; default 5000 ms. */
  readonly busyTimeoutMs?: number;
  /** Epoch ms for stream and record timestamps; default Date.now (tests inject a clock). */
  readonly now?: () => number;
  /** What an acknowledged write survives (sqlite-wal.ts); default 'power'. */
  readonly durability?: Durability;
  /** The WAL checkpointer's thresholds (tests). */
  readonly checkpoints?: CheckpointerOptions;
}

/** Opens (creating and migrating as needed) a SQLite database as a StorageEngine. */
export function openSqliteEngine(options: SqliteEngineOptions): SqliteEngine {
  if (options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true });
  // Frames in the WAL before this connection wrote any: a previous process's, left without a close.
  const leftOver = options.path !== ':memory:' && (statSync(`${options.path}-wal`, { throwIfNoEntry: false })?.size ?? 0) > 0;
  const db = new Database(options.path, sqliteAddon());
  try {
    configureConnection(db, options.busyTimeoutMs, options.path !== ':memory:');
    applySqliteMigrations(db);
    const now = options.now ?? Date.now;
    if (options.path === ':memory:') return new SqliteEngine(db, undefined, now);
    return new SqliteEngine(db, { path: options.path, durability: options.durability ?? 'power', checkpoints: options.checkpoints, leftOver }, now);
  } catch (error) {
    db.close();
    throw translateSqliteError(error);
  }
}

/**
 * StorageEngine on one better-sqlite3 connection. Every call runs synchronously to completion on
 * the event loop, so calls from this process never interleave inside a transaction; other
 * processes are kept out by BEGIN IMMEDIATE and busy_timeout.
 */
export class SqliteEngine implements StorageEngine {
  readonly capabilities: EngineCapabilities = { sharedAcrossProcesses: false };
  readonly #db: Database.Database;
  readonly #sql: SqliteStatements;
  readonly #indexEntries: SqliteIndexEntries;
  readonly #itemReads: SqliteItemReads;
  readonly #requestReads: SqliteRequestReads;
  #closed = false;
  /** Ids of existing tables, so a write racing a DeleteTable cannot leave rows under a dead id. */
  readonly #liveTables: Set<number>;

  readonly #wal: SqliteWal | undefined;
  readonly #now: () => number;
  readonly #streams: SqliteStreamCatalog;
  readonly #appender: SqliteStreamAppender;
  readonly #shardsClosedListeners = new ShardsClosedListeners();
  readonly #streamReader: SqliteStreamReader;
  readonly #group: GroupCommit;
  readonly queues: QueueStore;
  readonly triggers: TriggerStore;
  readonly asyncInvocations: AsyncInvocationStore;
  readonly eventInvokeConfigs: EventInvokeConfigStore;
  readonly functions: FunctionStore;
  readonly bus: SqliteBusStore;
  readonly backups: BackupStore;
  readonly #backups: SqliteBackupStore;
  readonly pointInTime: SqlitePointInTime;
  readonly time: SqliteTimeStore;
  readonly scheduler: SqliteSchedulerStore;
  readonly pipes: SqlitePipeStore;
  readonly topics: SqliteTopicStore;
  readonly cluster: SqliteClusterStore;
  readonly requestTokens: SqliteRequestTokenStore;
  readonly maintenance: SqliteMaintenanceStateStore;

  constructor(db: Database.Database, file?: { path: string; durability: Durability; checkpoints?: CheckpointerOptions | undefined; leftOver?: boolean }, now: () => number = Date.now) {
    this.#db = db;
    this.#now = now;
    this.#sql = new SqliteStatements(db);
    this.#indexEntries = new SqliteIndexEntries(db);
    this.#itemReads = new SqliteItemReads(db);
    this.#requestReads = new SqliteRequestReads(db);
    this.#liveTables = new Set(this.#sql.listTables.all().map((row) => row.id));
    const streamSql = new SqliteStreamStatements(db);
    const open: OpenStreams = new Map();
    this.#streams = new SqliteStreamCatalog(streamSql, open);
    this.#appender = new SqliteStreamAppender(streamSql, open, now);
    this.#streamReader = new SqliteStreamReader(streamSql);
    this.#group = new GroupCommit({
      begin: () => this.#sql.begin.run(),
      beforeCommit: () => {
        this.#appender.beforeCommit();
        this.bus.beforeCommit();
        this.pointInTime.transactionEnded();
      },
      commit: () => this.#sql.commit.run(),
      rollback: () => {
        if (this.#db.inTransaction) this.#sql.rollback.run();
        this.#appender.rolledBack();
        this.bus.rolledBack();
        this.pointInTime.transactionEnded();
      },
      afterCommit: (units) => this.#wal?.committed(units),
      afterAnswer: () => this.#appender.committed(),
      isClosed: () => this.#closed,
    });
    if (file) this.#wal = new SqliteWal(db, file.path, this.#group, file);
    const host: SqliteQueueHost = {
      enqueue: (work) => this.#group.enqueue(storeUnit(work)),
      enqueueCommitted: (work) => this.#group.enqueue(storeUnit(work), 'commit'),
      transaction: (body) => {
        this.#group.flush(); // message, lease and checkpoint operations accepted before it commit before it
        const result = this.#transaction(body);
        this.#wal?.flushNow(); // its callers take the result synchronously
        return result;
      },
      read: (body) => this.#run(body),
    };
    const queues = new SqliteQueueStore(db, host);
    this.queues = queues;
    this.triggers = new SqliteTriggerStore(db, host);
    this.asyncInvocations = new SqliteAsyncInvocationStore(db, host);
    this.eventInvokeConfigs = new SqliteEventInvokeConfigStore(db, host);
    this.functions = new SqliteFunctionStore(db, host);
    this.bus = new SqliteBusStore(db, host, queues);
    this.time = new SqliteTimeStore(db, host);
    this.scheduler = new SqliteSchedulerStore(db, host);
    this.pipes = new SqlitePipeStore(db, host);
    this.topics = new SqliteTopicStore(db, host, queues);
    this.cluster = new SqliteClusterStore(db, host);
    this.requestTokens = new SqliteRequestTokenStore(db, host);
    this.maintenance = new SqliteMaintenanceStateStore(db, host);
    this.pointInTime = new SqlitePointInTime(db, { transaction: host.transaction, read: host.read, now });
    this.backups = this.#backups = new SqliteBackupStore(db, {
      transaction: host.transaction, // a backup holds the writes accepted before it
      read: host.read,
      indexEntries: this.#indexEntries,
      tableCreated: (id) => this.#liveTables.add(id),
      pointInTime: this.pointInTime,
    });
  }

  async listTables<D>(): Promise<TableRecord<D>[]> {
    return this.#run(() => this.#sql.listTables.all().map((row) => toTable<D>(row)));
  }

  async getTable<D>(name: string): Promise<TableRecord<D> | undefined> {
    return this.#run(() => {
      const row = this.#sql.getTable.get(name);
      return row && toTable<D>(row);
    });
  }

  async tableVersion(name: string): Promise<{ id: number; version: number } | undefined> {
    return this.#run(() => this.#requestReads.tableVersion(name));
  }

  changeMark(): number {
    return this.#run(() => this.#requestReads.dataVersion());
  }

  async createTable<D>(name: string, definition: D, stream?: TableStreamSpec): Promise<TableRecord<D> | undefined> {
    const table = this.#transaction(() => {
      const info = this.#sql.insertTable.run(name, JSON.stringify(definition));
      if (info.changes === 0) return undefined;
      const id = Number(info.lastInsertRowid);
      this.#streams.reconcile(id, name, stream, this.#now());
      return { id, name, definition, version: 1 };
    });
    if (table) this.#liveTables.add(table.id);
    await this.#wal?.flushed();
    return table;
  }

  async updateTable<D>(
    name: string,
    decide: (current: TableRecord<D>) => { definition: D; stream?: TableStreamSpec },
  ): Promise<TableRecord<D> | undefined> {
    this.#group.flush(); // writes accepted before a stream change append to the stream they were accepted under
    let closed: number | undefined;
    const table = this.#transaction(() => {
      const row = this.#sql.getTable.get(name);
      if (!row) return undefined;
      const { definition, stream } = decide(toTable<D>(row));
      this.#sql.updateTable.run(JSON.stringify(definition), row.id);
      const before = this.#streams.openStreamOf(row.id);
      this.#streams.reconcile(row.id, row.name, stream, this.#now());
      if (before !== undefined && this.#streams.openStreamOf(row.id) !== before) closed = before;
      return { id: row.id, name: row.name, definition, version: row.version + 1 };
    });
    if (closed !== undefined) this.#shardsClosed(closed);
    await this.#wal?.flushed();
    return table;
  }

  async deleteTable<D, B = unknown>(
    name: string,
    systemBackup?: (table: TableRecord<D>, stats: TableStats) => NewBackup<B>,
  ): Promise<TableRecord<D> | undefined> {
    this.#group.flush(); // writes accepted before the delete commit before it
    let closed: number | undefined;
    const table = this.#transaction(() => {
      const row = this.#sql.getTable.get(name);
      if (!row) return undefined;
      if (systemBackup && this.pointInTime.isOn(row.id)) this.#backups.copyTable(row, systemBackup);
      this.#sql.deleteTableItems.run(row.id);
      this.#indexEntries.removeTable(row.id);
      this.pointInTime.removeTable(row.id);
      this.#sql.deleteTable.run(row.id);
      closed = this.#streams.openStreamOf(row.id);
      this.#streams.closeTable(row.id, this.#now());
      return toTable<D>(row);
    });
    if (table) this.#liveTables.delete(table.id);
    if (closed !== undefined) this.#shardsClosed(closed);
    await this.#wal?.flushed();
    return table;
  }

  async tableStats(tableId: number): Promise<TableStats> {
    return this.#run(() => this.#sql.tableStats.get(tableId)!);
  }

  async indexStats(tableId: number): Promise<Map<string, TableStats>> {
    return this.#run(() => this.#indexEntries.stats(tableId));
  }

  async deleteIndexEntries(tableId: number, index: string): Promise<void> {
    this.#group.flush(); // writes accepted before the call lose their entries too
    this.#transaction(() => this.#indexEntries.removeIndex(tableId, index));
    await this.#wal?.flushed();
  }

  async getItem(tableId: number, key: ItemKey, tableVersion?: number): Promise<StoredItem | undefined> {
    return this.#run(() => this.#requestReads.atVersion(tableId, tableVersion, () => this.#read(tableId, key)));
  }

  /**
   * Joins the group commit (sqlite-group-commit.ts). Each write is still atomic and isolated: decide
   * runs before any of its mutations are applied, so a throwing decide leaves nothing behind.
   */
  writeItems<R>(request: ItemWriteRequest<R>): Promise<R> {
    return this.#group.enqueue(() => this.#apply(request));
  }

  async readItems(targets: readonly WriteTarget[]): Promise<(StoredItem | undefined)[]> {
    return this.#run(() => this.#requestReads.read(targets));
  }

  /** What the WAL's checkpointer and flushes did (tests, benchmarks); undefined in memory. */
  get walStats(): SqliteWal['stats'] | undefined {
    return this.#wal?.stats;
  }

  /** Reads, decides and applies one write inside the open transaction; decide's errors are the write's own. */
  #apply(request: ItemWriteRequest<unknown>): UnitOutcome {
    const { targets } = request;
    for (const { tableId, tableVersion } of targets) {
      if (!this.#liveTables.has(tableId)) return { ok: false, value: new MissingTableError(tableId) };
      // Read in the write's transaction, so another process's UpdateTable is seen (a point read per target).
      if (tableVersion !== undefined && this.#sql.tableVersion.get(tableId)?.version !== tableVersion) return { ok: false, value: new StaleTableError(tableId) };
    }
    const current = targets.map((target) => this.#read(target.tableId, target.key));
    let decision;
    try {
      decision = decideWrite(request, current);
    } catch (error) {
      return { ok: false, value: error };
    }
    for (const mutation of decision.mutations) {
      const { tableId, key } = targets[mutation.target]!;
      if (mutation.item) {
        this.#sql.putItem.run(tableId, key.hash, key.partition, key.sort, mutation.item.size, mutation.item.json);
        if (mutation.indexEntries) this.#indexEntries.replace(tableId, key, mutation.indexEntries);
      } else {
        this.#sql.deleteItem.run(tableId, key.hash, key.partition, key.sort);
        this.#indexEntries.replace(tableId, key, undefined);
      }
      if (mutation.record) this.#appender.append(tableId, mutation.record);
      if (this.pointInTime.recording(tableId)) this.pointInTime.record(tableId, key, mutation.item);
    }
    return { ok: true, value: decision.result };
  }

  appendStreamRecords(tableId: number, records: readonly PendingStreamRecord[]): Promise<(AppendedRecord | undefined)[]> {
    return this.#group.enqueue(() => (this.#liveTables.has(tableId) ? { ok: true, value: this.#appender.appendAll(tableId, records) } : { ok: false, value: new MissingTableError(tableId) }));
  }

  async readRange(query: RangeQuery): Promise<StoredItem[]> {
    return this.#run(() => this.#requestReads.atVersion(query.tableId, query.tableVersion, () => this.#itemReads.range(query)));
  }

  async scan(query: ScanQuery): Promise<StoredItem[]> {
    return this.#run(() => this.#requestReads.atVersion(query.tableId, query.tableVersion, () => this.#itemReads.scan(query)));
  }

  async readIndexRange(query: IndexRangeQuery): Promise<StoredIndexEntry[]> {
    return this.#run(() => this.#requestReads.atVersion(query.tableId, query.tableVersion, () => this.#indexEntries.range(query)));
  }

  async scanIndex(query: IndexScanQuery): Promise<StoredIndexEntry[]> {
    return this.#run(() => this.#requestReads.atVersion(query.tableId, query.tableVersion, () => this.#indexEntries.scan(query)));
  }

  async listStreams<M>(): Promise<StreamRow<M>[]> {
    return this.#run(() => this.#streamReader.list<M>());
  }

  async getStream<M>(tableName: string, label: string): Promise<{ stream: StreamRow<M>; shards: ShardRow[] } | undefined> {
    return this.#run(() => this.#streamReader.get<M>(tableName, label));
  }

  async readShard(read: ShardRead): Promise<StoredStreamRecord[]> {
    return this.#run(() => this.#streamReader.read(read));
  }

  async rotateShards(streamId: number, now: number): Promise<void> {
    this.#group.flush(); // writes accepted before the rotation go to the parents
    this.#transaction(() => this.#streams.rotate(streamId, now));
    this.#shardsClosed(streamId);
    await this.#wal?.flushed();
  }

  async trimStreams(before: number): Promise<void> {
    this.#transaction(() => this.#streams.trim(before));
  }

  onAppend(listener: AppendListener): () => void {
    return this.#appender.onAppend(listener);
  }

  onShardsClosed(listener: (streamId: number) => void): () => void {
    return this.#shardsClosedListeners.add(listener);
  }

  #shardsClosed(streamId: number): void {
    this.#shardsClosedListeners.closed(streamId);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#group.flush();
    // The checkpointer's connection closes first, so closing the last connection checkpoints the
    // whole WAL into the database and removes it.
    this.#closed = true; // from here on every call fails
    await this.#wal?.close();
    try {
      this.#db.close();
    } catch (error) {
      throw translateSqliteError(error);
    }
  }

  #read(tableId: number, key: ItemKey): StoredItem | undefined {
    const row = this.#sql.getItem.get(tableId, key.hash, key.partition, key.sort);
    return row && { key, json: row.doc, size: row.size };
  }

  /** Runs `body` outside a transaction, translating driver errors. */
  #run<T>(body: () => T): T {
    if (this.#closed) throw new StorageError('The storage engine is closed');
    try {
      return body();
    } catch (error) {
      throw translateSqliteError(error);
    }
  }

  /**
   * Runs `body` in one IMMEDIATE transaction: the write lock is taken before the first read, so what
   * `body` reads cannot change before it commits. If `body` throws, everything is rolled back and
   * the same error object is rethrown (driver errors translated).
   */
  #transaction<T>(body: () => T): T {
    return this.#run(() => {
      this.#sql.begin.run();
      try {
        const result = body();
        this.#sql.commit.run();
        return result;
      } catch (error) {
        if (this.#db.inTransaction) this.#sql.rollback.run();
        this.#streams.load(); // the open-stream cache may hold what was just rolled back
        throw error;
      }
    });
  }
}
