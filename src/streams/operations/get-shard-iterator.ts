import type { ShardRow } from '../../storage/engine.js';
import { streamErrors } from '../errors.js';
import { encodeShardIterator } from '../shard-iterator.js';
import { beforeFirst, requireShard, requireStream } from '../stream-lookup.js';
import type { StreamsContext } from '../streams-context.js';
import { validateGetShardIterator, type GetShardIteratorInput } from '../validation/get-shard-iterator.js';

/**
 * GetShardIterator: a position in one shard. TRIM_HORIZON starts at the oldest retained record,
 * LATEST after the newest one, AT_/AFTER_SEQUENCE_NUMBER at or after a record of this shard; a
 * sequence number already trimmed away is TrimmedDataAccessException.
 */
export async function getShardIterator(ctx: StreamsContext, body: unknown): Promise<unknown> {
  const input = validateGetShardIterator(body);
  const found = await requireStream(ctx, input.StreamArn);
  const shard = requireShard(found, input.ShardId, input.StreamArn);
  const after = startPosition(shard, input);
  const ShardIterator = encodeShardIterator({
    streamArn: input.StreamArn,
    streamId: found.stream.id,
    shardId: shard.shardId,
    after,
    issuedAt: ctx.clock.now(),
  });
  return { ShardIterator };
}

/** The sequence number the iterator reads after. */
function startPosition(shard: ShardRow, input: GetShardIteratorInput): bigint {
  const first = beforeFirst(shard);
  const newest = shard.endingSequence ?? shard.lastSequence ?? first;
  const positional = input.ShardIteratorType === 'TRIM_HORIZON' || input.ShardIteratorType === 'LATEST';
  if (positional && input.SequenceNumber !== undefined) throw streamErrors.sequenceNumberNotAllowed(input.ShardIteratorType);
  switch (input.ShardIteratorType) {
    case 'TRIM_HORIZON':
      return shard.trimmedThrough !== undefined && shard.trimmedThrough > first ? shard.trimmedThrough : first;
    case 'LATEST':
      return newest;
    default: {
      const type = input.ShardIteratorType;
      const text = input.SequenceNumber;
      // The model documents SequenceNumber as required for these types.
      if (text === undefined) throw streamErrors.sequenceNumberRequired(type);
      const sequence = /^\d+$/.test(text) ? BigInt(text) : undefined;
      if (sequence === undefined || sequence < shard.startingSequence || sequence > newest) {
        throw streamErrors.invalidSequenceNumber(text, shard.shardId);
      }
      const after = type === 'AT_SEQUENCE_NUMBER' ? sequence - 1n : sequence;
      if (shard.trimmedThrough !== undefined && after < shard.trimmedThrough) throw streamErrors.trimmedData();
      return after;
    }
  }
}
