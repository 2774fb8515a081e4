import type { Pool, PoolClient } from 'pg';
import type { PendingStreamRecord, ShardRead, ShardRow, StoredStreamRecord, StreamRow, TableStreamSpec } from '../engine.js';
import { toOffset, toSequence } from '../stream-sequences.js';
import { query } from './pg-pool.js';
import { PostgresNotifications } from './postgres-notifications.js';
import { APPENDS_CHANNEL, PostgresStreamAppender, type PlannedAppend, type StreamAppend } from './postgres-stream-appender.js';
import { PostgresStreamCatalog, SHARDS_CLOSED_CHANNEL } from './postgres-stream-catalog.js';
import { SHARD_COLUMNS, STREAM_COLUMNS, toShardRow, toStreamRow, type ShardTableRow, type StreamTableRow } from './postgres-stream-rows.js';

export type { PlannedAppend, StreamAppend } from './postgres-stream-appender.js';
export { SHARD_CLOSED_SQLSTATE } from './postgres-stream-appender.js';

type AppendListener = (streamId: number, shardId: string, lastSequence: bigint, count?: number) => void;
type ShardsClosedListener = (streamId: number) => void;

/**
 * Change streams on PostgreSQL (migration 12), shared by every Eddy node on the database. Methods taking a
 * `client` run inside the caller's transaction; the others run on their own. Writing is in
 * postgres-stream-appender.ts, opening, closing, rotating and trimming in postgres-stream-catalog.ts.
 *
 * Listeners hear this node's commits from the engine (announce, shardsClosed: at once, after COMMIT) and
 * other nodes' through LISTEN (postgres-notifications.ts), with the same arguments. A LISTEN that has just
 * taken effect (first listener, reconnect) may have missed notifications, so the listeners are then told
 * each shard's newest sequence number they had not heard of, and each stream with shards closed since the
 * last such catch-up: their consumers re-read.
 */
export class PostgresStreams {
  readonly #pool: Pool;
  readonly #now: () => number;
  readonly #notifications: PostgresNotifications;
  readonly #ownsNotifications: boolean;
  readonly #catalog: PostgresStreamCatalog;
  readonly #appender: PostgresStreamAppender;
  readonly #appendListeners = new Set<AppendListener>();
  readonly #closedListeners = new Set<ShardsClosedListener>();
  #unlisten: (() => void)[] | undefined;
  readonly #catchingUp = new Set<Promise<void>>();
  /**
   * Per shard (`<stream id> <shard id>`), the newest sequence number the listeners were told, so a catch-up
   * tells them only what is new to them; per stream, how many closed shards the last catch-up counted (the
   * first one reports every stream with closed shards: its LISTEN may have missed any of them).
   */
  readonly #told = new Map<string, bigint>();
  readonly #closedCounts = new Map<number, number>();

  /** `notifications`: the engine's LISTEN connection; without one, the streams open (and close) their own. */
  constructor(pool: Pool, now: () => number, notifications?: PostgresNotifications) {
    this.#pool = pool;
    this.#now = now;
    this.#ownsNotifications = notifications === undefined;
    this.#notifications = notifications ?? new PostgresNotifications(pool);
    this.#catalog = new PostgresStreamCatalog(pool, this.#notifications);
    this.#appender = new PostgresStreamAppender(this.#notifications);
  }

  /** In the caller's transaction: brings the table's stream in line with `spec`; answers the id of the stream it closed, if any. */
  async reconcile(client: PoolClient, tableId: number, tableName: string, spec: TableStreamSpec | undefined): Promise<number | undefined> {
    this.#appender.forget(tableId);
    return this.#catalog.reconcile(client, tableId, tableName, spec, this.#now());
  }

  /** In the caller's transaction (the table is being deleted): closes its open stream; answers its id, if any. */
  async closeTable(client: PoolClient, tableId: number): Promise<number | undefined> {
    this.#appender.forget(tableId);
    return this.#catalog.closeTable(client, tableId, this.#now());
  }

  /**
   * For a write that sends its appends with its COMMIT (postgres-item-writes.ts): the statements appending
   * `records` to the table's open shards, each failing with SHARD_CLOSED_SQLSTATE on a shard closed
   * meanwhile; `forgetShards` then, before the write runs again.
   */
  async planAppend(client: PoolClient, tableId: number, records: readonly PendingStreamRecord[]): Promise<PlannedAppend[]> {
    return this.#appender.plan(client, tableId, records, this.#now());
  }

  /** Forgets the open shards this node knew of the table (an append found one closed). */
  forgetShards(tableId: number): void {
    this.#appender.forget(tableId);
  }

  /** After COMMIT of a transaction whose `append` answered `appends`: tells this node's onAppend listeners. */
  announce(appends: readonly StreamAppend[]): void {
    for (const { streamId, shardId, lastSequence, count } of appends) this.#appended(streamId, shardId, lastSequence, count);
  }

  /** After COMMIT of a transaction that closed the shards of `streamId`: tells this node's onShardsClosed listeners. */
  shardsClosed(streamId: number): void {
    for (const listener of this.#closedListeners) {
      try {
        listener(streamId);
      } catch {
        // A listener's failure is its own; the change has committed either way.
      }
    }
  }

  async list<M>(): Promise<StreamRow<M>[]> {
    const rows = await query<StreamTableRow>(this.#pool, `SELECT ${STREAM_COLUMNS} FROM streams ORDER BY table_name, created_at, id`);
    return rows.map((row) => toStreamRow<M>(row));
  }

  async get<M>(tableName: string, label: string): Promise<{ stream: StreamRow<M>; shards: ShardRow[] } | undefined> {
    // The label alone is not unique (a table re-created in the same millisecond): the newest wins.
    const [row] = await query<StreamTableRow>(
      this.#pool,
      `SELECT ${STREAM_COLUMNS} FROM streams WHERE table_name = $1 AND label = $2 ORDER BY id DESC LIMIT 1`,
      [tableName, label],
    );
    if (!row) return undefined;
    const shards = await query<ShardTableRow>(this.#pool, `SELECT ${SHARD_COLUMNS} FROM stream_shards WHERE stream_id = $1 ORDER BY id`, [row.id]);
    return { stream: toStreamRow<M>(row), shards: shards.map(toShardRow) };
  }

  /**
   * One statement, so one snapshot: within a shard every committed record below the newest one it sees is there too.
   * The shard's id as a scalar subquery, not a join: joined, the planner scanned and sorted every record of the
   * shard after the position (29–35 ms for 100 records of a 60,000-record shard, bench/storage.mjs) instead of
   * walking the (shard, seq) key.
   */
  async read(read: ShardRead): Promise<StoredStreamRecord[]> {
    if (!(read.limit > 0)) return [];
    const after = read.after !== undefined ? toOffset(read.after) : read.from !== undefined ? toOffset(read.from) - 1 : -1;
    const limit = Math.floor(read.limit);
    const rows = await query<{ seq: string; created_at: string; json: string }>(
      this.#pool,
      `SELECT seq, created_at, json FROM stream_records
       WHERE shard = (SELECT id FROM stream_shards WHERE stream_id = $1 AND shard_id = $2) AND seq > $3 ORDER BY seq LIMIT $4`,
      [read.streamId, read.shardId, after, limit],
    );
    const maxBytes = read.maxBytes ?? Infinity;
    const records: StoredStreamRecord[] = [];
    let bytes = 0;
    for (const row of rows) {
      bytes += row.json.length;
      if (bytes > maxBytes && records.length > 0) break;
      records.push({ sequence: toSequence(Number(row.seq)), json: row.json, createdAt: Number(row.created_at) });
    }
    return records;
  }

  /**
   * In a transaction of its own: closes every open shard of an open stream and opens one child per closed
   * shard (nothing for a closed or unknown stream). The caller calls shardsClosed after it.
   */
  async rotate(streamId: number, now: number): Promise<void> {
    const tableId = await this.#catalog.rotate(streamId, now);
    if (tableId !== undefined) this.#appender.forget(tableId);
  }

  async trim(before: number): Promise<void> {
    await this.#catalog.trim(before);
  }

  onAppend(listener: AppendListener): () => void {
    // A wrapper per subscription, so the same function subscribed twice is called twice and
    // unsubscribing one leaves the other.
    const entry: AppendListener = (...args) => listener(...args);
    this.#appendListeners.add(entry);
    this.#listen();
    return () => void this.#appendListeners.delete(entry);
  }

  onShardsClosed(listener: ShardsClosedListener): () => void {
    const entry: ShardsClosedListener = (streamId) => listener(streamId);
    this.#closedListeners.add(entry);
    this.#listen();
    return () => void this.#closedListeners.delete(entry);
  }

  /** Resolves once other nodes' notifications reach the listeners (LISTEN in effect, catch-up told). */
  async listening(): Promise<void> {
    await this.#notifications.ready();
    while (this.#catchingUp.size > 0) await Promise.all(this.#catchingUp);
  }

  /** Stops listening for other nodes' notifications. */
  async close(): Promise<void> {
    for (const unlisten of this.#unlisten ?? []) unlisten();
    this.#unlisten = [];
    this.#appendListeners.clear();
    this.#closedListeners.clear();
    if (this.#ownsNotifications) await this.#notifications.close();
  }

  /**
   * LISTENs from the first listener on, and keeps listening when the listeners come and go (consumers
   * subscribe while they wait): every LISTEN that takes effect means a catch-up read.
   */
  #listen(): void {
    if (this.#unlisten !== undefined) return;
    this.#unlisten = [
      this.#notifications.subscribe(APPENDS_CHANNEL, (payload) => this.#otherNodeAppended(payload), () => this.#catchUp(() => this.#catchUpAppends())),
      this.#notifications.subscribe(SHARDS_CLOSED_CHANNEL, (payload) => this.#otherNodeClosed(payload), () => this.#catchUp(() => this.#catchUpClosed())),
    ];
  }

  #otherNodeAppended(payload: string): void {
    const [streamId, shardId, offset] = payload.split(' ');
    if (streamId === undefined || shardId === undefined || offset === undefined || !/^\d+$/.test(streamId) || !/^\d+$/.test(offset)) return;
    this.#appended(Number(streamId), shardId, toSequence(Number(offset)));
  }

  #otherNodeClosed(payload: string): void {
    if (/^\d+$/.test(payload)) this.shardsClosed(Number(payload));
  }

  #appended(streamId: number, shardId: string, lastSequence: bigint, count?: number): void {
    if (this.#unlisten === undefined) return; // nobody has listened yet: nothing to tell, nothing to remember
    const key = `${streamId} ${shardId}`;
    if (!((this.#told.get(key) ?? -1n) >= lastSequence)) this.#told.set(key, lastSequence);
    for (const listener of this.#appendListeners) {
      try {
        listener(streamId, shardId, lastSequence, count);
      } catch {
        // A listener's failure is its own; the write has committed either way.
      }
    }
  }

  #catchUp(read: () => Promise<void>): void {
    const reading = read().finally(() => this.#catchingUp.delete(reading));
    this.#catchingUp.add(reading);
  }

  async #catchUpAppends(): Promise<void> {
    try {
      const rows = await query<{ stream_id: string; shard_id: string; next_seq: string }>(
        this.#pool,
        'SELECT stream_id, shard_id, next_seq FROM stream_shards WHERE next_seq > starting_seq ORDER BY id',
      );
      const told = new Map(this.#told);
      this.#told.clear(); // what is no longer there (trimmed away) is forgotten
      for (const row of rows) {
        const last = toSequence(Number(row.next_seq) - 1);
        const key = `${row.stream_id} ${row.shard_id}`;
        const before = told.get(key);
        if (before !== undefined && before >= last) this.#told.set(key, before);
        else this.#appended(Number(row.stream_id), row.shard_id, last);
      }
    } catch {
      // The database is unreachable again: the next reconnect catches up.
    }
  }

  async #catchUpClosed(): Promise<void> {
    try {
      const rows = await query<{ stream_id: string; closed: string }>(
        this.#pool,
        'SELECT stream_id, count(*) AS closed FROM stream_shards WHERE closed_at IS NOT NULL GROUP BY stream_id ORDER BY stream_id',
      );
      const counted = new Map(this.#closedCounts);
      this.#closedCounts.clear();
      for (const row of rows) {
        const streamId = Number(row.stream_id);
        const closed = Number(row.closed);
        this.#closedCounts.set(streamId, closed);
        if (closed > (counted.get(streamId) ?? 0)) this.shardsClosed(streamId);
      }
    } catch {
      // The database is unreachable again: the next reconnect catches up.
    }
  }
}
