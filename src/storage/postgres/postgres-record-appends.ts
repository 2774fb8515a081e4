import type { Pool } from 'pg';
import { MissingTableError, type AppendedRecord, type PendingStreamRecord } from '../engine.js';
import { StorageError } from '../storage-errors.js';
import { toOffset, toSequence } from '../stream-sequences.js';
import { inTransaction } from './pg-pool.js';
import { sqlState } from './pg-errors.js';
import { PREPARED_MISMATCH_SQLSTATES, runStatements } from './pg-session-statements.js';
import { SHARD_CLOSED_SQLSTATE, type PostgresStreams, type StreamAppend } from './postgres-streams.js';
import { lockStatement } from './postgres-write-statements.js';

/** Shards closing under an append again and again means they close faster than appends can follow. */
const MAX_ROUNDS = 8;

/**
 * StorageEngine.appendStreamRecords on PostgreSQL: the records go through the write path's appender, in a
 * transaction of their own that holds the table's row FOR KEY SHARE (as an item write does, so a DeleteTable
 * waits for it, or it finds no table). Each shard's records take consecutive sequence numbers in the order
 * given, the last being the one the appender answers, which is how each record's number is known.
 */
export async function appendStreamRecords(pool: Pool, streams: PostgresStreams, tableId: number, records: readonly PendingStreamRecord[]): Promise<(AppendedRecord | undefined)[]> {
  const appends = await appendRecords(pool, streams, tableId, records);
  const placed = new Map<PendingStreamRecord, AppendedRecord>();
  for (const { shardId, lastSequence, records: group } of appends) {
    const first = toOffset(lastSequence) - group.length + 1;
    group.forEach((record, i) => placed.set(record, { shardId, sequence: toSequence(first + i) }));
  }
  return records.map((record) => placed.get(record));
}

/**
 * Appends `records` to the table's open shards (none: dropped) in the two round trips of an item write
 * (postgres-item-writes.ts): `BEGIN` and the table's row, then the appends with `COMMIT` — the shard rows
 * are held for the commit alone — plus one when this node does not know the table's shards. An append to a
 * shard closed meanwhile fails the transaction (SQLSTATE ED001), which runs again once the node forgot the
 * shards it knew. Tells this node's listeners after COMMIT; answers one entry per shard appended to.
 */
export async function appendRecords(pool: Pool, streams: PostgresStreams, tableId: number, records: readonly PendingStreamRecord[]): Promise<StreamAppend[]> {
  for (let round = 1; ; round++) {
    try {
      const appends = await inTransaction(
        pool,
        async (client) => {
          const [, [live]] = (await runStatements(client, ['BEGIN', lockStatement([tableId], [], false)])) as [unknown, [{ ids: string[] | null }]];
          if (live?.ids === null || live?.ids === undefined) throw new MissingTableError(tableId);
          const planned = await streams.planAppend(client, tableId, records);
          const answers = await runStatements(client, [...planned.map((p) => p.statement), 'COMMIT']);
          return planned.map((p, i) => p.appended(String((answers[i]![0] as { next_seq: string }).next_seq)));
        },
        { bodyCommits: true },
      );
      streams.announce(appends);
      return appends;
    } catch (error) {
      const state = sqlState(error);
      const again = state === SHARD_CLOSED_SQLSTATE || (state !== undefined && PREPARED_MISMATCH_SQLSTATES.has(state));
      if (!again) throw error;
      if (round >= MAX_ROUNDS) throw new StorageError(`stream shards of table ${tableId} kept closing during an append`, { cause: error });
      if (state === SHARD_CLOSED_SQLSTATE) streams.forgetShards(tableId);
    }
  }
}
