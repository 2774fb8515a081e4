/**
 * Sequence numbers and shard ids, as both engines make them.
 *
 * A sequence number is 10^20 + offset, so its decimal text has 21 digits (DynamoDB's are 21–40 digits).
 * Only the offset is stored. A shard created at epoch ms `t` starts at offset t·1000 (a child shard at
 * max(t·1000, its parent's next offset), so it always starts above its parent's end) and counts up by
 * one per record. Offsets stay below 2^53, so they are plain numbers inside the engine until year 2255.
 */
const SEQUENCE_ZERO = 10n ** 20n;
const MAX_OFFSET = Number.MAX_SAFE_INTEGER;

export const toSequence = (offset: number): bigint => SEQUENCE_ZERO + BigInt(offset);

/** The offset of `sequence`, clamped to [-1, MAX_SAFE_INTEGER] (sequences outside it match nothing or everything). */
export function toOffset(sequence: bigint): number {
  const offset = sequence - SEQUENCE_ZERO;
  if (offset < -1n) return -1;
  return offset > BigInt(MAX_OFFSET) ? MAX_OFFSET : Number(offset);
}

/** The first offset of a root shard created at `now` (epoch ms). */
export const baseOffset = (now: number): number => Math.max(0, Math.floor(now)) * 1000;

/** `shardId-<creation ms, 20 digits>-<shard row id, 8 hex>`: unique since row ids are never reused. */
export const shardIdOf = (createdAt: number, rowId: number): string =>
  `shardId-${String(Math.max(0, Math.floor(createdAt))).padStart(20, '0')}-${(rowId >>> 0).toString(16).padStart(8, '0')}`;

const HASH_SPACE = 2 ** 32;

/** `count` inclusive ranges that split the 32-bit hash space evenly, in order. */
export function splitHashSpace(count: number): { hashFrom: number; hashTo: number }[] {
  return Array.from({ length: count }, (_, i) => ({
    hashFrom: Math.floor((i * HASH_SPACE) / count),
    hashTo: Math.floor(((i + 1) * HASH_SPACE) / count) - 1,
  }));
}
