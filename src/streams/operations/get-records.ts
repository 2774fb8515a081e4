import { RawJson } from '../../shared/raw-json.js';
import { streamErrors } from '../errors.js';
import { ITERATOR_LIFETIME_MS, decodeShardIterator, encodeShardIterator } from '../shard-iterator.js';
import { recordForReader } from '../stream-record.js';
import { requireShard, requireStream } from '../stream-lookup.js';
import type { StreamsContext } from '../streams-context.js';
import { MAX_RECORDS, validateGetRecords } from '../validation/get-records.js';

/** GetRecords answers at most 1 MB of records (counted as their JSON text). */
export const MAX_RESPONSE_BYTES = 1024 * 1024;

/**
 * GetRecords: the records after the iterator's position, up to Limit (≤ 1000) or 1 MB. The response
 * is built as text, splicing each stored record with its sequence number. NextShardIterator is
 * absent once a closed shard has been read to its end: the reader moves on to the children.
 */
export async function getRecords(ctx: StreamsContext, body: unknown): Promise<unknown> {
  const input = validateGetRecords(body);
  const position = decodeShardIterator(input.ShardIterator);
  // Unconfirmed wording for an iterator that is not one Eddy issued.
  if (!position) throw streamErrors.validation('Invalid ShardIterator');
  const now = ctx.clock.now();
  if (now - position.issuedAt > ITERATOR_LIFETIME_MS) throw streamErrors.expiredIterator();
  const found = await requireStream(ctx, position.streamArn);
  if (found.stream.id !== position.streamId) throw streamErrors.streamNotFound(position.streamArn);
  const shard = requireShard(found, position.shardId, position.streamArn);
  if (!ctx.readThrottle.admit(`${position.streamId}/${position.shardId}`)) {
    throw streamErrors.readRateExceeded(position.shardId, position.streamArn);
  }
  if (shard.trimmedThrough !== undefined && position.after < shard.trimmedThrough) throw streamErrors.trimmedData();

  const records = await ctx.engine.readShard({
    streamId: position.streamId,
    shardId: position.shardId,
    after: position.after,
    limit: input.Limit ?? MAX_RECORDS,
    maxBytes: MAX_RESPONSE_BYTES,
  });
  let text = '{"Records":[';
  const regionJson = JSON.stringify(ctx.deployment.region);
  const viewType = found.stream.meta.viewType;
  for (let i = 0; i < records.length; i++) {
    const record = records[i]!;
    text += (i === 0 ? '' : ',') + recordForReader(record.json, record.sequence, position.shardId, regionJson, viewType);
  }
  text += ']';
  const last = records.length > 0 ? records[records.length - 1]!.sequence : position.after;
  const drained = shard.endingSequence !== undefined && last >= shard.endingSequence;
  if (!drained) {
    const next = encodeShardIterator({ ...position, after: last, issuedAt: now });
    text += `,"NextShardIterator":${JSON.stringify(next)}`;
  }
  return new RawJson(`${text}}`);
}
