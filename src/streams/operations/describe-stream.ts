import type { ShardRow } from '../../storage/engine.js';
import { streamErrors } from '../errors.js';
import { formatSequence } from '../stream-record.js';
import { requireStream } from '../stream-lookup.js';
import type { StreamsContext } from '../streams-context.js';
import { validateDescribeStream } from '../validation/describe-stream.js';
import { MAX_PAGE } from '../validation/stream-shapes.js';

/**
 * DescribeStream: the stream and a page of its retained shards, in creation order (parents before
 * their children). A closed shard shows its EndingSequenceNumber; a disabled stream, or one whose
 * table was deleted, is DISABLED with every shard closed.
 */
export async function describeStream(ctx: StreamsContext, body: unknown): Promise<unknown> {
  const input = validateDescribeStream(body);
  const { stream, shards: allShards } = await requireStream(ctx, input.StreamArn);
  let shards = allShards;
  const filter = input.ShardFilter;
  if (filter !== undefined && (filter.Type !== undefined || filter.ShardId !== undefined)) {
    if (filter.Type === undefined || filter.ShardId === undefined) throw streamErrors.incompleteShardFilter();
    shards = shards.filter((shard) => shard.parentShardId === filter.ShardId);
  }
  let start = 0;
  const exclusiveStart = input.ExclusiveStartShardId;
  if (exclusiveStart !== undefined) {
    const at = shards.findIndex((shard) => shard.shardId === exclusiveStart);
    start = at !== -1 ? at + 1 : shards.filter((shard) => shard.shardId <= exclusiveStart).length;
  }
  const limit = input.Limit ?? MAX_PAGE;
  const page = shards.slice(start, start + limit);
  const meta = stream.meta;
  const description: Record<string, unknown> = {
    StreamArn: input.StreamArn,
    StreamLabel: stream.label,
    StreamStatus: stream.closedAt === undefined ? 'ENABLED' : 'DISABLED',
    StreamViewType: meta.viewType,
    // The label is the creation time by definition (the domain's clock), with milliseconds.
    CreationRequestDateTime: Date.parse(`${stream.label}Z`) / 1000,
    TableName: stream.tableName,
    KeySchema: meta.keySchema,
    Shards: page.map(shardDescription),
  };
  if (start + limit < shards.length) description.LastEvaluatedShardId = page[page.length - 1]!.shardId;
  return { StreamDescription: description };
}

function shardDescription(shard: ShardRow): Record<string, unknown> {
  const range: Record<string, string> = { StartingSequenceNumber: formatSequence(shard.startingSequence) };
  if (shard.endingSequence !== undefined) range.EndingSequenceNumber = formatSequence(shard.endingSequence);
  const description: Record<string, unknown> = { ShardId: shard.shardId, SequenceNumberRange: range };
  if (shard.parentShardId !== undefined) description.ParentShardId = shard.parentShardId;
  return description;
}
