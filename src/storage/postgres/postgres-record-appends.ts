import type { Pool } from 'pg';
import { MissingTableError, type AppendedRecord, type PendingStreamRecord } from '../engine.js';
import { toOffset, toSequence } from '../stream-sequences.js';
import { inTransaction, query } from './pg-pool.js';
import type { PostgresStreams, StreamAppend } from './postgres-streams.js';

/**
 * StorageEngine.appendStreamRecords on PostgreSQL: the records go through the write path's appender, in a
 * transaction of their own that holds the table's row FOR KEY SHARE (as an item write does, so a DeleteTable
 * waits for it, or it finds no table). Each shard's records take consecutive sequence numbers in the order
 * given, the last being the one the appender answers, which is how each record's number is known.
 */
export async function appendStreamRecords(pool: Pool, streams: PostgresStreams, tableId: number, records: readonly PendingStreamRecord[]): Promise<(AppendedRecord | undefined)[]> {
  let appends: StreamAppend[] = [];
  const live = await inTransaction(pool, async (client) => {
    appends = [];
    const rows = await query(client, 'SELECT id FROM ddb_tables WHERE id = $1 FOR KEY SHARE', [tableId]);
    if (rows.length === 0) return false;
    appends = await streams.append(client, tableId, records);
    return true;
  });
  if (!live) throw new MissingTableError(tableId);
  streams.announce(appends);
  const placed = new Map<PendingStreamRecord, AppendedRecord>();
  for (const { shardId, lastSequence, records: group } of appends) {
    const first = toOffset(lastSequence) - group.length + 1;
    group.forEach((record, i) => placed.set(record, { shardId, sequence: toSequence(first + i) }));
  }
  return records.map((record) => placed.get(record));
}
