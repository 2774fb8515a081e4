/**
 * Shard iterators: opaque to clients, self-contained here — a position in one shard ("every record
 * after sequence N") and the time it was issued. Nothing is stored per iterator, so iterators survive
 * a restart and cost nothing to hand out. They expire 15 minutes after issue, as AWS's do.
 */

export const ITERATOR_LIFETIME_MS = 15 * 60 * 1000;

export interface ShardPosition {
  readonly streamArn: string;
  /** The engine's stream id: an iterator of a removed stream must not read a newer one of the same label. */
  readonly streamId: number;
  readonly shardId: string;
  /** The iterator reads records with sequence numbers greater than this. */
  readonly after: bigint;
  /** Epoch ms when the iterator was issued. */
  readonly issuedAt: number;
}

/** `<stream ARN>|1|<base64url payload>`, within the model's 2048 characters for any valid ARN. */
export function encodeShardIterator(position: ShardPosition): string {
  const payload = `${position.streamId}:${position.shardId}:${position.after}:${position.issuedAt}`;
  return `${position.streamArn}|1|${Buffer.from(payload, 'utf8').toString('base64url')}`;
}

/** The position an iterator names, or undefined when the text is not one of ours. */
export function decodeShardIterator(iterator: string): ShardPosition | undefined {
  const bar = iterator.indexOf('|1|');
  if (bar <= 0) return undefined;
  const fields = Buffer.from(iterator.slice(bar + 3), 'base64url').toString('utf8').split(':');
  if (fields.length !== 4) return undefined;
  const [streamId, shardId, after, issuedAt] = fields as [string, string, string, string];
  if (!/^\d+$/.test(streamId) || !/^-?\d+$/.test(after) || !/^\d+$/.test(issuedAt) || shardId === '') return undefined;
  return { streamArn: iterator.slice(0, bar), streamId: Number(streamId), shardId, after: BigInt(after), issuedAt: Number(issuedAt) };
}
