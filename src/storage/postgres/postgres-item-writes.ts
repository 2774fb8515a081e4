import type { Pool, PoolClient } from 'pg';
import type { IndexEntry, ItemKey, ItemMutation, ItemWriteRequest, PendingStreamRecord, WriteTarget } from '../engine.js';
import { decideWrite, MissingTableError, StaleTableError } from '../engine.js';
import { inTransaction, query } from './pg-pool.js';
import type { PostgresItems, ItemState } from './postgres-items.js';
import type { PostgresIndexEntries, EntryReplacement } from './postgres-index-entries.js';
import type { PostgresPointInTime } from './postgres-point-in-time.js';
import type { PostgresStreams, StreamAppend } from './postgres-streams.js';

export interface ItemWriteStores {
  readonly items: PostgresItems;
  readonly indexEntries: PostgresIndexEntries;
  readonly pointInTime: PostgresPointInTime;
  readonly streams: PostgresStreams;
}

/** Carries what the write's own logic threw past inTransaction, so it reaches the caller as the same object. */
class Aborted extends Error {
  constructor(readonly reason: unknown) {
    super('item write aborted');
  }
}

/**
 * writeItems on PostgreSQL: one READ COMMITTED transaction on one connection, in which
 *
 * 1. the target tables' rows are locked FOR KEY SHARE — a DeleteTable's FOR UPDATE waits for the write to
 *    commit (and then deletes what it wrote), a write after it finds no row (MissingTableError); an
 *    UpdateTable (FOR NO KEY UPDATE) does not conflict, unless the write names table versions (see lock),
 *    which are compared here (StaleTableError) — and every target, existing or not, is locked with a
 *    transaction-level advisory lock, all in one statement. The locks are taken in the order of their keys,
 *    so two writes never wait on each other in a cycle, even when two items' keys collide;
 * 2. the targets are read in a second statement, whose snapshot (taken once the locks are held) holds every
 *    write that held them before: decide sees the latest committed versions, and no other write can commit
 *    a change to them before this one does (the same statement asks which tables keep a recovery history);
 * 3. decide runs, and its mutations are applied: items, index entries, point-in-time history, stream records.
 *
 * A serialization failure or deadlock makes inTransaction run it all again, decide included (it is pure).
 */
export async function writeItems<R>(pool: Pool, stores: ItemWriteStores, request: ItemWriteRequest<R>): Promise<R> {
  let appends: StreamAppend[] = [];
  let result: R;
  try {
    result = await inTransaction(pool, async (client) => {
      appends = [];
      const { targets } = request;
      const tableIds = await lock(client, targets);
      const { current, recovering } = await stores.items.readTargets(client, targets, tableIds);
      let decision: ReturnType<ItemWriteRequest<R>['decide']>;
      try {
        decision = decideWrite(request, current);
      } catch (error) {
        throw new Aborted(error);
      }
      appends = await apply(client, stores, targets, decision.mutations, recovering);
      return decision.result;
    });
  } catch (error) {
    throw error instanceof Aborted ? error.reason : error;
  }
  stores.streams.announce(appends);
  return result;
}

/**
 * Step 1: the tables' rows and the targets' advisory locks; rejects (Aborted) when a table is gone, or has
 * another version than a target names. Answers the tables.
 *
 * A write that names versions holds its tables' rows FOR SHARE rather than FOR KEY SHARE: that conflicts
 * with UpdateTable's FOR NO KEY UPDATE, so a definition cannot change between this check and the commit
 * (the UpdateTable waits for the write; a write arriving after it waits for it, then reads its version).
 */
async function lock(client: PoolClient, targets: readonly WriteTarget[]): Promise<number[]> {
  const tableIds = [...new Set(targets.map((t) => t.tableId))];
  const keys = lockKeys(targets);
  const versioned = targets.some((t) => t.tableVersion !== undefined);
  const [row] = await query<{ ids: string[] | null; versions: string[] | null; locks: string }>(
    client,
    `WITH live AS (SELECT id, version FROM ddb_tables WHERE id = ANY($1::bigint[]) ${versioned ? 'FOR SHARE' : 'FOR KEY SHARE'}),
          locked AS (SELECT pg_advisory_xact_lock(class, object) FROM unnest($2::int4[], $3::int4[]) AS k(class, object))
     SELECT (SELECT array_agg(id) FROM live) AS ids, (SELECT array_agg(version) FROM live) AS versions,
            (SELECT count(*) FROM locked) AS locks`,
    [tableIds, keys.map((k) => k[0]), keys.map((k) => k[1])],
  );
  const versions = new Map<number, number>();
  (row?.ids ?? []).forEach((id, i) => versions.set(Number(id), Number(row!.versions![i])));
  const missing = tableIds.find((id) => !versions.has(id));
  if (missing !== undefined) throw new Aborted(new MissingTableError(missing));
  const stale = targets.find((t) => t.tableVersion !== undefined && versions.get(t.tableId) !== t.tableVersion);
  if (stale !== undefined) throw new Aborted(new StaleTableError(stale.tableId));
  return tableIds;
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

/** Step 3, after decide: the mutations in order, as each item's final state plus each table's history and records. */
async function apply(
  client: PoolClient,
  stores: ItemWriteStores,
  targets: readonly WriteTarget[],
  mutations: readonly ItemMutation[],
  recovering: ReadonlySet<number>,
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
  if (finals.size === 0) return [];
  const states = [...finals.values()];
  await stores.items.apply(client, states.map((f) => f.state));
  const replacements: EntryReplacement[] = [];
  for (const { state, entries } of states) {
    if (entries !== undefined) replacements.push({ tableId: state.tableId, item: state.key, entries });
  }
  await stores.indexEntries.replace(client, replacements);
  const appends: StreamAppend[] = [];
  // Tables in id order: appending locks the shard rows of each, and two writes taking them in opposite
  // orders would deadlock (and be run again).
  const byId = [...tables].sort(([a], [b]) => a - b);
  for (const [tableId, { changes }] of byId) if (recovering.has(tableId)) await stores.pointInTime.record(client, tableId, changes);
  for (const [tableId, { records }] of byId) {
    if (records.length > 0) appends.push(...(await stores.streams.append(client, tableId, records)));
  }
  return appends;
}
