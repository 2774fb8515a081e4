import type { Pool, PoolClient, QueryResultRow } from 'pg';
import type { IndexEntry, ItemKey, ItemMutation, ItemWriteRequest, PendingStreamRecord, StoredItem, WriteTarget } from '../engine.js';
import { decideWrite, MissingTableError, StaleTableError } from '../engine.js';
import { StorageError } from '../storage-errors.js';
import { inTransaction } from './pg-pool.js';
import { PREPARED_MISMATCH_SQLSTATES, runStatements, type SessionStatement } from './pg-session-statements.js';
import { sqlState } from './pg-errors.js';
import type { PostgresPointInTime } from './postgres-point-in-time.js';
import { SHARD_CLOSED_SQLSTATE, type PlannedAppend, type PostgresStreams, type StreamAppend } from './postgres-streams.js';
import { entryStatements, itemStatements, lockStatement, readStatements, type EntryReplacement, type ItemState } from './postgres-write-statements.js';

export interface ItemWriteStores {
  readonly pointInTime: PostgresPointInTime;
  readonly streams: PostgresStreams;
}

/** What one request of a group came to: its result, or what refused it (decide's error, a missing or changed table). */
export type WriteOutcome = { readonly ok: true; readonly result: unknown } | { readonly ok: false; readonly error: unknown };

/**
 * Shards closing under a write again and again means they close faster than writes can follow; a
 * connection losing its prepared statements again and again (pg-session-statements.ts), that something
 * resets every session.
 */
const MAX_SHARD_ROUNDS = 8;

/**
 * Several writeItems requests on PostgreSQL (postgres-write-groups.ts gathers them): one READ COMMITTED
 * transaction on one connection, in two round trips (one more when this node does not know a table's stream
 * shards), whatever the number of requests:
 *
 * 1. `BEGIN`; the target tables' rows locked FOR KEY SHARE — a DeleteTable's FOR UPDATE waits for the write
 *    to commit (and then deletes what it wrote), a write after it finds no row (MissingTableError); an
 *    UpdateTable (FOR NO KEY UPDATE) does not conflict, unless a request names table versions (see
 *    lockAndRead), which are compared here (StaleTableError) — and every target of every request, existing
 *    or not, locked with a transaction-level advisory lock, in the order of their keys, so two writes never
 *    wait on each other in a cycle, even when two items' keys collide; then the targets read by a statement
 *    of its own, whose snapshot (taken once the locks are held) holds every write that held them before:
 *    decide sees the latest committed versions, and no other write can commit a change to them before
 *    this one does;
 * 2. each request's decide runs on its own targets' versions: one that throws, or names a table that is gone
 *    or has changed, is refused alone and writes nothing (a request is all or nothing: a TransactWriteItems
 *    stays one); the others' mutations are sent with `COMMIT` in one simple query: the recovery history
 *    of each table that keeps one, items, index entries, and last the stream appends, in request order (so sequence order within a shard is the order decided),
 *    so the shard row each append locks (commit order = sequence order within a shard) is held for the
 *    commit alone, never across a round trip back to Eddy. One commit, one WAL flush, one hold of the shard
 *    row, for the whole group.
 *
 * The requests must not share a target (the gatherer sees to it): each decides on what was committed
 * before the group, not on another member's write. A serialization failure or deadlock makes inTransaction
 * run it all again, every decide included (they are pure); so does an append finding its shard closed,
 * once the shards this node knew are forgotten, and a connection that lacked one of the write's prepared
 * statements (pg-session-statements.ts). Answers each request's outcome once committed; rejects
 * (GroupFailure) only when the transaction itself failed.
 */
export async function writeGroup(pool: Pool, stores: ItemWriteStores, requests: readonly ItemWriteRequest<unknown>[]): Promise<WriteOutcome[]> {
  const targets = requests.flatMap((request) => request.targets);
  for (let round = 1; ; round++) {
    let appends: StreamAppend[] = [];
    let outcomes: WriteOutcome[];
    let committing = false;
    try {
      outcomes = await inTransaction(
        pool,
        async (client) => {
          appends = [];
          committing = false;
          const { versions, current, recovering } = await lockAndRead(client, targets);
          const decided: WriteOutcome[] = [];
          const mutations: ItemMutation[] = [];
          let from = 0;
          for (const request of requests) {
            const count = request.targets.length;
            decided.push(decideOne(request, versions, current.slice(from, from + count), from, mutations));
            from += count;
          }
          appends = await applyAndCommit(client, stores, targets, mutations, recovering, () => (committing = true));
          return decided;
        },
        { bodyCommits: true },
      );
    } catch (error) {
      const state = sqlState(error);
      // A connection that lacked a prepared statement (or had one thought new) has been marked unsure and
      // asks the server before its next text: run again, as for a closed shard (nothing was committed).
      if (state !== undefined && PREPARED_MISMATCH_SQLSTATES.has(state) && round < MAX_SHARD_ROUNDS) continue;
      if (state !== SHARD_CLOSED_SQLSTATE) throw new GroupFailure(error, committing && state === undefined);
      if (round >= MAX_SHARD_ROUNDS) throw new GroupFailure(new StorageError('stream shards kept closing during a write', { cause: error }), false);
      for (const tableId of new Set(targets.map((t) => t.tableId))) stores.streams.forgetShards(tableId);
      continue;
    }
    stores.streams.announce(appends);
    return outcomes;
  }
}

/**
 * A group's transaction failed: nothing of it was written, unless `mayHaveCommitted` — the COMMIT was sent
 * and the connection failed before its answer, so whether it took effect is unknown.
 */
export class GroupFailure extends Error {
  constructor(
    readonly reason: unknown,
    readonly mayHaveCommitted: boolean,
  ) {
    super('item write group failed', { cause: reason });
  }
}

/**
 * One request of a group, against its slice of the versions read: refused when one of its tables is gone
 * or is not the version it names, or when its decide throws; else its mutations join the group's (their
 * targets moved by `from`, the request's first target in the group).
 */
function decideOne(
  request: ItemWriteRequest<unknown>,
  versions: ReadonlyMap<number, number>,
  current: readonly (StoredItem | undefined)[],
  from: number,
  mutations: ItemMutation[],
): WriteOutcome {
  const missing = request.targets.find((t) => !versions.has(t.tableId));
  if (missing !== undefined) return { ok: false, error: new MissingTableError(missing.tableId) };
  const stale = request.targets.find((t) => t.tableVersion !== undefined && versions.get(t.tableId) !== t.tableVersion);
  if (stale !== undefined) return { ok: false, error: new StaleTableError(stale.tableId) };
  let decision: ReturnType<ItemWriteRequest<unknown>['decide']>;
  try {
    decision = decideWrite(request, current);
  } catch (error) {
    return { ok: false, error };
  }
  for (const mutation of decision.mutations) mutations.push(from === 0 ? mutation : { ...mutation, target: mutation.target + from });
  return { ok: true, result: decision.result };
}

/**
 * Round trip 1: BEGIN, the locks, the read. Answers the live tables' versions (a table missing from them is
 * gone), each target's current version, and which tables keep a recovery history.
 *
 * A group in which a request names versions holds its tables' rows FOR SHARE rather than FOR KEY SHARE: that
 * conflicts with UpdateTable's FOR NO KEY UPDATE, so a definition cannot change between this check and the
 * commit (the UpdateTable waits for the write; a write arriving after it waits for it, then reads its version).
 */
async function lockAndRead(
  client: PoolClient,
  targets: readonly WriteTarget[],
): Promise<{ versions: Map<number, number>; current: (StoredItem | undefined)[]; recovering: Set<number> }> {
  const tableIds = [...new Set(targets.map((t) => t.tableId))];
  const versioned = targets.some((t) => t.tableVersion !== undefined);
  const read = readStatements(targets, tableIds);
  const [, [lockRow], ...answers] = (await runStatements(client, [
    'BEGIN',
    lockStatement(tableIds, lockKeys(targets), versioned),
    ...read.recovering,
    ...read.lookups.map((l) => l.statement),
  ])) as [unknown, [{ ids: string[] | null; versions: string[] | null }], ...QueryResultRow[][]];
  const recovering = new Set(answers.slice(0, read.recovering.length).flatMap((rows) => rows.map((row) => Number(row.table_id))));
  const chunks = answers.slice(read.recovering.length) as ReadRow[][];
  const versions = new Map<number, number>();
  (lockRow?.ids ?? []).forEach((id, i) => versions.set(Number(id), Number(lockRow!.versions![i])));
  const current: (StoredItem | undefined)[] = targets.map(() => undefined);
  chunks.forEach((rows, chunk) => {
    for (const row of rows) {
      const index = read.lookups[chunk]!.from + Number(row.n) - 1;
      current[index] = { key: targets[index]!.key, json: row.doc, size: row.size };
    }
  });
  return { versions, current, recovering };
}

/** A row of a lookup (readStatements). */
interface ReadRow {
  n: number;
  size: number;
  doc: string;
}

/**
 * The advisory lock of each distinct target, sorted: (tableId as int4, 32-bit FNV-1a of the key). The
 * two-int4 form is a space apart from the one-bigint lock migrations take; a collision with another
 * item's key, or with another store's two-int4 lock, only makes the two wait in turn.
 */
export function lockKeys(targets: readonly WriteTarget[]): [number, number][] {
  const seen = new Set<string>();
  const keys: [number, number][] = [];
  for (const { tableId, key } of targets) {
    const pair: [number, number] = [tableId | 0, keyHash(key)];
    const id = `${pair[0]}/${pair[1]}`;
    if (!seen.has(id)) (seen.add(id), keys.push(pair));
  }
  return keys.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
}

/** FNV-1a over the partition hash, the partition's length and bytes, then the sort bytes; as a signed int4. */
function keyHash(key: ItemKey): number {
  let h = 0x811c9dc5;
  const mix = (byte: number) => {
    h ^= byte;
    h = Math.imul(h, 0x01000193);
  };
  for (const word of [key.hash >>> 0, key.partition.length]) for (let s = 24; s >= 0; s -= 8) mix((word >>> s) & 0xff);
  for (const byte of key.partition) mix(byte);
  for (const byte of key.sort) mix(byte);
  return h | 0;
}

/**
 * Round trip 2, after decide: the mutations as each item's final state plus each table's records, sent with
 * COMMIT, after the recovery history of each table that keeps one. Answers the appends.
 */
async function applyAndCommit(
  client: PoolClient,
  stores: ItemWriteStores,
  targets: readonly WriteTarget[],
  mutations: readonly ItemMutation[],
  recovering: ReadonlySet<number>,
  sending: () => void,
): Promise<StreamAppend[]> {
  const finals = new Map<string, { state: ItemState; entries?: readonly IndexEntry[] }>();
  const tables = new Map<number, { changes: { key: ItemKey; item: ItemState['item'] }[]; records: PendingStreamRecord[] }>();
  for (const mutation of mutations) {
    const { tableId, key } = targets[mutation.target]!;
    const id = `${tableId}/${key.hash}/${Buffer.from(key.partition).toString('hex')}/${Buffer.from(key.sort).toString('hex')}`;
    const previous = finals.get(id);
    // Later mutations of one item win, as they would applied one by one; its entries change only when a
    // mutation says so (a deletion removes them).
    const entries = mutation.item === null ? [] : (mutation.indexEntries ?? previous?.entries);
    finals.set(id, { state: { tableId, key, item: mutation.item }, entries });
    let table = tables.get(tableId);
    if (table === undefined) tables.set(tableId, (table = { changes: [], records: [] }));
    table.changes.push({ key, item: mutation.item });
    if (mutation.record) table.records.push(mutation.record);
  }
  const states = [...finals.values()];
  const replacements: EntryReplacement[] = [];
  for (const { state, entries } of states) {
    if (entries !== undefined) replacements.push({ tableId: state.tableId, item: state.key, entries });
  }
  // Tables in id order: appending locks the shard rows of each, and two writes taking them in opposite
  // orders would deadlock (and be run again).
  const byId = [...tables].sort(([a], [b]) => a - b);
  const planned: PlannedAppend[] = [];
  for (const [tableId, { records }] of byId) planned.push(...(await stores.streams.planAppend(client, tableId, records)));
  const statements: SessionStatement[] = [];
  for (const [tableId, { changes }] of byId) {
    const history = recovering.has(tableId) ? stores.pointInTime.historyStatement(tableId, changes) : undefined;
    if (history !== undefined) statements.push(history);
  }
  statements.push(...itemStatements(states.map((f) => f.state)), ...entryStatements(replacements));
  const first = statements.length;
  statements.push(...planned.map((p) => p.statement), 'COMMIT');
  const answers = await runStatements(client, statements, sending);
  return planned.map((p, i) => p.appended(String((answers[first + i]![0] as { next_seq: string }).next_seq)));
}
