import type { ShardRow, StreamRow } from '../storage/engine.js';
import { streamErrors } from './errors.js';
import { parseStreamArn, streamNameOf } from './stream-arn.js';
import type { StreamMeta } from './stream-meta.js';
import type { StreamsContext } from './streams-context.js';

export interface FoundStream {
  readonly stream: StreamRow<StreamMeta>;
  readonly shards: readonly ShardRow[];
}

/**
 * The retained stream an ARN names, with its shards, or DynamoDB Streams' ResourceNotFoundException;
 * a StreamArn that is no stream ARN at all is a ValidationException, as AWS answers it.
 */
export async function requireStream(ctx: StreamsContext, arn: string): Promise<FoundStream> {
  if (streamNameOf(arn) === undefined) throw streamErrors.invalidStreamArn(arn);
  const name = parseStreamArn(arn, ctx.deployment);
  const found = name && (await ctx.engine.getStream<StreamMeta>(name.tableName, name.label));
  if (!found) throw streamErrors.streamNotFound(arn);
  return found;
}

/** One shard of a found stream, or ResourceNotFoundException. */
export function requireShard(found: FoundStream, shardId: string, arn: string): ShardRow {
  const shard = found.shards.find((candidate) => candidate.shardId === shardId);
  if (!shard) throw streamErrors.shardNotFound(shardId, arn);
  return shard;
}

/** The sequence number just before a shard's first: a position that reads the whole shard. */
export const beforeFirst = (shard: ShardRow): bigint => shard.startingSequence - 1n;
