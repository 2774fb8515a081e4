/**
 * The StorageEngine contract: the only way domain code reaches durable state.
 *
 * Operations are semantic. The engine owns connections and transactions; nothing here exposes a
 * driver, a connection or SQL. Item writes are decided inside the engine's transaction by a pure
 * callback, so every write path (PutItem, UpdateItem, DeleteItem, BatchWriteItem, TransactWriteItems,
 * TTL deletes, PartiQL) goes through one call — the call that will also append stream records.
 *
 * Keys arrive already encoded (see key-encoding.ts): byte order of the encoding is DynamoDB's order,
 * so range reads are plain byte-range reads.
 */

import { StorageError } from './storage-errors.js';
import type { AsyncInvocationStore } from './async-invocation-store.js';
import type { BackupStore, NewBackup } from './backup-store.js';
import type { PointInTimeStore } from './point-in-time-store.js';
import type { BusStore } from './bus-store.js';
import type { EventInvokeConfigStore } from './event-invoke-config-store.js';
import type { FunctionStore } from './function-store.js';
import type { QueueStore } from './queue-store.js';
import type { TriggerStore } from './trigger-store.js';
import type { TimeStore } from './time-store.js';
import type { SchedulerStore } from './scheduler-store.js';
import type { PipeStore } from './pipe-store.js';
import type { TopicStore } from './topic-store.js';
import type { ClusterStore } from './cluster-store.js';
import type { RequestTokenStore } from './request-token-store.js';
import type { MaintenanceStateStore } from './maintenance-state-store.js';

/** What an engine can do beyond the contract; domain code branches on these, never on engine names. */
export interface EngineCapabilities {
  /** Writers in other processes may exist (PostgreSQL with several nodes). */
  readonly sharedAcrossProcesses: boolean;
}

/** A table's stored catalog entry. `definition` is owned by the domain and stored as JSON. */
export interface TableRecord<D = unknown> {
  /** Engine-assigned numeric id, stable for the life of the table (a re-created table gets a new one). */
  readonly id: number;
  readonly name: string;
  readonly definition: D;
  /** 1 at creation, +1 per updateTable: what a write names to say which definition it was decided against. */
  readonly version: number;
}

/**
 * Where an item lives. `hash` is a 32-bit unsigned hash of the partition key bytes
 * (see `partitionHash` in key-encoding.ts); scans run in (hash, partition, sort) order and parallel
 * scan segments are hash ranges.
 */
export interface ItemKey {
  readonly hash: number;
  readonly partition: Uint8Array;
  /** Empty for tables without a sort key. */
  readonly sort: Uint8Array;
}

/** An item as stored: its JSON text (an AttributeMap) and its DynamoDB size in bytes. */
export interface StoredItem {
  readonly key: ItemKey;
  readonly json: string;
  readonly size: number;
}

/** One item a write will read and possibly change. */
export interface WriteTarget {
  readonly tableId: number;
  readonly key: ItemKey;
  /**
   * The table version (TableRecord.version) the caller decided against. When given and the table's
   * version is another one by the time the write holds its locks, the write is refused with
   * StaleTableError: a GSI or stream added by another node must be honoured, so the caller decides again.
   */
  readonly tableVersion?: number;
}

/** What `decide` asks the engine to write for one target. */
export interface ItemMutation {
  /** Index into the request's `targets`. */
  readonly target: number;
  /** The new item (JSON text of an AttributeMap) and its size, or null to delete it. */
  readonly item: { readonly json: string; readonly size: number } | null;
  /**
   * The change's stream record, when the table has an enabled stream. The engine appends it, in the
   * same transaction, to the open shard of the table's current stream that covers `hash` (the item's
   * partition hash), assigning its sequence number; with no open stream it is dropped.
   */
  readonly record?: PendingStreamRecord;
  /**
   * The item's secondary-index entries after the write, one per index the item belongs to. When
   * given, the engine replaces, in the same transaction, every entry the item had with these; when
   * absent it leaves them alone (a table without secondary indexes). Deleting an item (item null)
   * always removes its entries.
   */
  readonly indexEntries?: readonly IndexEntry[];
}

/**
 * One item's entry in one secondary index: the index key (encoded as item keys are; `hash` is the
 * partition hash of the index partition key) and the projected document. Entries with equal index
 * keys stay distinct: they are kept, and read, in the order of the base item's key.
 */
export interface IndexEntry {
  readonly index: string;
  readonly key: ItemKey;
  /** JSON text of the projected AttributeMap, and its DynamoDB size. */
  readonly json: string;
  readonly size: number;
}

/** The base table key of the item an index entry stands for (its partition hash is not needed). */
export interface BaseKey {
  readonly partition: Uint8Array;
  readonly sort: Uint8Array;
}

/** An index entry as read: `key` is the index key, `itemKey` the base item's key. */
export interface StoredIndexEntry extends StoredItem {
  readonly itemKey: BaseKey;
}

/** A position in an index: after this entry, in (hash, partition, sort, item key) order. */
export interface IndexPosition {
  readonly key: ItemKey;
  readonly itemKey: BaseKey;
}

/** A stream record before it has a sequence number. */
export interface PendingStreamRecord {
  /** The partition hash of the changed item (ItemKey.hash): decides the shard. */
  readonly hash: number;
  /** The record's JSON text as the domain built it, without `dynamodb.SequenceNumber`. */
  readonly json: string;
}

/** Where appendStreamRecords put a record: its shard of the table's open stream, and its sequence number there. */
export interface AppendedRecord {
  readonly shardId: string;
  readonly sequence: bigint;
}

/**
 * The stream a table should have now, as the domain sees it. createTable / updateTable compare it with
 * the stored one in the same transaction: a new label opens a new stream (closing the previous one's
 * shards), `enabled: false` closes the current stream's shards. Closed streams stay readable until
 * trimStreams removes them.
 */
export interface TableStreamSpec {
  readonly label: string;
  readonly enabled: boolean;
  /** Open shards of a new stream (partition-hash ranges split evenly); default 1. */
  readonly shardCount?: number;
  /** Domain data kept with the stream (view type, key schema, ARN …), returned as is by stream reads. */
  readonly meta: unknown;
}

export interface StreamRow<M = unknown> {
  readonly id: number;
  readonly tableName: string;
  readonly label: string;
  readonly meta: M;
  /** Epoch ms. */
  readonly createdAt: number;
  /** Epoch ms when the stream was disabled or its table deleted; absent while it is open. */
  readonly closedAt?: number;
}

export interface ShardRow {
  /** `shardId-<20 digits>-<8 hex>`, unique within the stream. */
  readonly shardId: string;
  readonly parentShardId?: string;
  /** Inclusive partition-hash range this shard receives records for. */
  readonly hashFrom: number;
  readonly hashTo: number;
  /** The first sequence number this shard assigns (its records are ≥ it). */
  readonly startingSequence: bigint;
  /** Set once the shard is closed: its last sequence number (startingSequence - 1 when it stayed empty). */
  readonly endingSequence?: bigint;
  /** Every record with a sequence number ≤ this has been trimmed away; absent when none was. */
  readonly trimmedThrough?: bigint;
  /** The newest sequence number assigned in this shard; absent while it is empty. */
  readonly lastSequence?: bigint;
  /** Epoch ms. */
  readonly createdAt: number;
  readonly closedAt?: number;
}

export interface StoredStreamRecord {
  readonly sequence: bigint;
  readonly json: string;
  /** Epoch ms of the write that produced it. */
  readonly createdAt: number;
}

export interface ShardRead {
  readonly streamId: number;
  readonly shardId: string;
  /** Records with sequence > after (or ≥ from); at most one of them. Neither: from the oldest retained. */
  readonly after?: bigint;
  readonly from?: bigint;
  readonly limit: number;
  /** Stop before the record that would take the summed JSON length past this (at least one is returned). */
  readonly maxBytes?: number;
}

export interface ItemWriteRequest<R> {
  /** Every item the write may touch; the engine reads (and locks) them in this order. */
  readonly targets: readonly WriteTarget[];
  /**
   * Pure and synchronous: given the current version of each target (undefined when absent), return
   * the mutations to apply and the caller's result, or throw (typically a ServiceError) to abort with
   * nothing written. Called inside the transaction; the engine may call it again if it must retry the
   * transaction, so it must not have side effects.
   */
  decide(current: readonly (StoredItem | undefined)[]): { mutations: readonly ItemMutation[]; result: R };
}

/** Runs a write's decide for an engine and checks that each mutation names one of its targets; throws decide's own errors as they are. */
export function decideWrite<R>(request: ItemWriteRequest<R>, current: readonly (StoredItem | undefined)[]): ReturnType<ItemWriteRequest<R>['decide']> {
  const decision = request.decide(current);
  for (const mutation of decision.mutations) {
    if (request.targets[mutation.target] === undefined) throw new StorageError(`decide returned a mutation for unknown target ${mutation.target}`);
  }
  return decision;
}

/** A bound on the sort key of a range read. */
export interface SortBound {
  readonly value: Uint8Array;
  readonly inclusive: boolean;
}

export interface RangeQuery {
  readonly tableId: number;
  readonly hash: number;
  readonly partition: Uint8Array;
  /** Lower and upper bounds on the encoded sort key; `prefix` restricts to sort keys starting with it. */
  readonly lower?: SortBound;
  readonly upper?: SortBound;
  readonly prefix?: Uint8Array;
  /** Descending sort-key order when true. */
  readonly reverse?: boolean;
  /** Exclusive cursor: continue after (or, reversed, before) this encoded sort key. */
  readonly after?: Uint8Array;
  readonly limit: number;
  /** As getItem's `tableVersion`: the read is refused unless the table still has this version. */
  readonly tableVersion?: number;
}

export interface ScanQuery {
  readonly tableId: number;
  /** Inclusive range of partition hashes to cover (a parallel-scan segment); default the whole space. */
  readonly hashFrom?: number;
  readonly hashTo?: number;
  /** Exclusive cursor: continue after this key in (hash, partition, sort) order. */
  readonly after?: ItemKey;
  readonly limit: number;
  /** As getItem's `tableVersion`: the read is refused unless the table still has this version. */
  readonly tableVersion?: number;
}

/** A range read of one index partition; order ties on the index key are broken by the base key. */
export interface IndexRangeQuery extends Omit<RangeQuery, 'after'> {
  readonly index: string;
  readonly after?: IndexPosition;
}

/** A scan of one index, in (hash, partition, sort, base key) order. */
export interface IndexScanQuery extends Omit<ScanQuery, 'after'> {
  readonly index: string;
  readonly after?: IndexPosition;
}

export interface TableStats {
  readonly itemCount: number;
  readonly sizeBytes: number;
}

export interface StorageEngine {
  readonly capabilities: EngineCapabilities;
  readonly queues: QueueStore;
  readonly triggers: TriggerStore;
  readonly asyncInvocations: AsyncInvocationStore;
  readonly eventInvokeConfigs: EventInvokeConfigStore;
  /** Functions created through the Lambda API. */
  readonly functions: FunctionStore;
  readonly bus: BusStore;
  /** On-demand table backups and the tables restored from them. */
  readonly backups: BackupStore;
  /** Point-in-time recovery: the change history item writes append to while it is on. */
  readonly pointInTime: PointInTimeStore;
  /** Eddy's time offset (`eddy time`), shared by every node on the database. */
  readonly time: TimeStore;
  /** EventBridge Scheduler: schedule groups, schedules and their executions. */
  readonly scheduler: SchedulerStore;
  /** EventBridge Pipes: pipe definitions (their stream positions live in `triggers`). */
  readonly pipes: PipeStore;
  /** Topics (SNS): topics and their subscriptions. */
  readonly topics: TopicStore;
  /** Node heartbeats and named leases: several nodes on one database, and the leader of singleton jobs. */
  readonly cluster: ClusterStore;
  /** ClientRequestTokens of TransactWriteItems and ExecuteTransaction, shared by every node on the database. */
  readonly requestTokens: RequestTokenStore;
  /** What singleton maintenance keeps between runs (the TTL sweep's cursor), for the next leader. */
  readonly maintenance: MaintenanceStateStore;

  /** All tables, in name order (the domain's ListTables order is by name, byte-wise). */
  listTables<D>(): Promise<TableRecord<D>[]>;
  getTable<D>(name: string): Promise<TableRecord<D> | undefined>;
  /**
   * The table's id and version, without its definition: what a definition cached elsewhere is checked against
   * (a request process's catalog). Versions only grow and ids are never reused, so a match is the same definition.
   */
  tableVersion(name: string): Promise<{ readonly id: number; readonly version: number } | undefined>;
  /**
   * Present where it is cheap (SQLite: `PRAGMA data_version`): a number that stays the same between two calls only
   * if no other connection committed anything in between. What was read after a call is still current while
   * the number is unchanged, with no read at all (a request process's catalog, on a database nothing writes to).
   */
  changeMark?(): number;
  /**
   * Creates the table (and its stream when `stream.enabled`); returns undefined (and writes nothing)
   * if a table of that name exists.
   */
  createTable<D>(name: string, definition: D, stream?: TableStreamSpec): Promise<TableRecord<D> | undefined>;
  /**
   * Replaces a table's definition with `decide(current)` inside a transaction, and brings its stream
   * in line with the returned spec (see TableStreamSpec); `decide` may throw to abort. Returns
   * undefined when the table does not exist.
   */
  updateTable<D>(
    name: string,
    decide: (current: TableRecord<D>) => { definition: D; stream?: TableStreamSpec },
  ): Promise<TableRecord<D> | undefined>;
  /**
   * Removes the table, all its items and index entries, closing its stream (which stays readable until trimmed);
   * returns the removed record, or undefined if absent. When point-in-time recovery is on for the table (as
   * read in the delete's transaction) and `systemBackup` is given, the table is first copied as the backup it
   * describes (see BackupStore.create), in the same transaction: the backup holds the table as it was just
   * before the deletion.
   */
  deleteTable<D, B = unknown>(
    name: string,
    systemBackup?: (table: TableRecord<D>, stats: TableStats) => NewBackup<B>,
  ): Promise<TableRecord<D> | undefined>;
  tableStats(tableId: number): Promise<TableStats>;
  /** Entry count and summed entry size of each index of the table that has entries, by index name. */
  indexStats(tableId: number): Promise<Map<string, TableStats>>;
  /** Removes every entry of one index (a deleted GSI); entries accepted before the call are removed too. */
  deleteIndexEntries(tableId: number, index: string): Promise<void>;

  /**
   * With `tableVersion` (a definition cached elsewhere, read with it: a request process's catalog), the read
   * is refused with MissingTableError or StaleTableError, as writeItems refuses a target, unless the table
   * still has that version when the items are read: the check costs no round trip of its own where the engine
   * can read both in one statement (PostgreSQL). The same holds for readRange, scan, readIndexRange and
   * scanIndex given a `tableVersion`, even when their bounds leave nothing to read.
   */
  getItem(tableId: number, key: ItemKey, tableVersion?: number): Promise<StoredItem | undefined>;
  /**
   * Reads, decides and writes atomically; see ItemWriteRequest. Rejects with what decide threw, or
   * with MissingTableError (decide not called, nothing written) when a target's table was deleted, or with
   * StaleTableError (likewise) when a target names a tableVersion its table no longer has.
   */
  writeItems<R>(request: ItemWriteRequest<R>): Promise<R>;
  /**
   * The targets' items as of one moment, in their order (undefined when absent): one read snapshot that takes
   * no write lock, so a read-only connection can take it too (TransactGetItems). Rejects as writeItems would
   * refuse the same targets: MissingTableError, StaleTableError.
   */
  readItems(targets: readonly WriteTarget[]): Promise<(StoredItem | undefined)[]>;
  /**
   * Appends stream records without touching items (an import carrying a stream's records across): each to
   * the open shard covering its hash, in the order given, in one transaction, as writeItems appends a
   * write's. Answers, in the same order, where each went, or undefined for one dropped (the table has no
   * open stream). Rejects with MissingTableError, nothing appended, when the table does not exist.
   */
  appendStreamRecords(tableId: number, records: readonly PendingStreamRecord[]): Promise<(AppendedRecord | undefined)[]>;
  /** Items of one partition in sort-key order (or reversed), at most `limit`. */
  readRange(query: RangeQuery): Promise<StoredItem[]>;
  /** Items in (hash, partition, sort) order, at most `limit`. */
  scan(query: ScanQuery): Promise<StoredItem[]>;
  /** Entries of one index partition in (sort, base key) order (or reversed), at most `limit`. */
  readIndexRange(query: IndexRangeQuery): Promise<StoredIndexEntry[]>;
  /** Entries of one index in (hash, partition, sort, base key) order, at most `limit`. */
  scanIndex(query: IndexScanQuery): Promise<StoredIndexEntry[]>;

  /** Every retained stream (open or closed), by table name then creation time. */
  listStreams<M>(): Promise<StreamRow<M>[]>;
  /** One stream with all its retained shards (in creation order), or undefined. */
  getStream<M>(tableName: string, label: string): Promise<{ stream: StreamRow<M>; shards: ShardRow[] } | undefined>;
  /** Records of one shard in sequence order (see ShardRead); [] for an unknown shard. */
  readShard(read: ShardRead): Promise<StoredStreamRecord[]>;
  /** Closes every open shard of the stream and opens one child per closed shard (same hash range). */
  rotateShards(streamId: number, now: number): Promise<void>;
  /**
   * Retention: deletes records created before `before`, and streams closed before `before` with all
   * their shards and records.
   */
  trimStreams(before: number): Promise<void>;
  /**
   * Calls `listener` after every commit that appended records, once per shard touched, with the newest
   * sequence number appended there, and with `count`, how many that commit appended there, when the
   * commit was this process's (absent when told of another node's). Returns an unsubscribe function.
   * Listeners must not throw.
   */
  onAppend(listener: (streamId: number, shardId: string, lastSequence: bigint, count?: number) => void): () => void;
  /**
   * Calls `listener` after every commit that closed shards of a stream (stream disabled or replaced,
   * table deleted, rotation), so consumers waiting on them re-read the lineage at once. Returns an
   * unsubscribe function. Listeners must not throw.
   */
  onShardsClosed(listener: (streamId: number) => void): () => void;

  /** Flushes and closes; further calls fail. */
  close(): Promise<void>;
}

/** A write named a table id that no longer exists (the table was deleted after the caller looked it up). */
export class MissingTableError extends Error {
  constructor(readonly tableId: number) {
    super(`table ${tableId} does not exist`);
    this.name = 'MissingTableError';
  }
}

/** A write named a table version that is no longer the table's (another caller updated the definition since). */
export class StaleTableError extends Error {
  constructor(readonly tableId: number) {
    super(`table ${tableId} was changed after the write was decided`);
    this.name = 'StaleTableError';
  }
}
