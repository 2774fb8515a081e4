import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import type { Clock } from '../shared/clock.js';

/** What settling reads of a stream consumer's view (MappingStatus of triggers and pipes, `eddy mappings`). */
export interface StreamConsumerView {
  readonly kind: string;
  readonly state: string;
  readonly shards: readonly { readonly iteratorAgeMs: number; readonly inFlight: number; readonly state: string; readonly awaitingPosition?: boolean }[];
}

/** The stream consumers of a node: its trigger supervisor and its pipes' (both answer `status()`). */
export interface StreamConsumers {
  status(): Promise<readonly StreamConsumerView[]>;
}

/** The longest one settle waits, in real time, for stream consumers to catch up. */
export const SETTLE_TIMEOUT_MS = 2_000;
const POLL_MS = 5;

/**
 * Waits until this node's stream consumers (triggers, pipes) have handled every record on their streams,
 * so a record a step of a replayed jump wrote (a TTL expiry's REMOVE) is handled at that step's time, not
 * after later ones (TimeControl). Consumers retrying a failed batch are not waited for (their backoff runs
 * on the clock; a step passing it retries them). Bounded by `timeoutMs` of real time: a slow consumer
 * delays a step by that at most, and then handles its records on later time. Answers how long it waited.
 *
 * A shard is caught up when its consumer has its position, nothing is in flight and its iterator age is 0.
 * A consumer at StartingPosition LATEST takes its position (the shard's newest record) when it first reads
 * the shard, in the background after its mapping or pipe is created: until it has stored it, a record
 * written after settling could fall before it and never be delivered, so settling waits for it too. The
 * views are read from storage (every node's consumers). The age of a record written in the clock's current
 * millisecond is 0 too, so the first look is a millisecond after the step.
 */
export async function settleStreams(consumers: readonly StreamConsumers[], clock: Clock, timeoutMs = SETTLE_TIMEOUT_MS): Promise<{ waitedMs: number }> {
  const started = performance.now();
  const written = clock.now();
  const running = async () =>
    (await Promise.all(consumers.map((consumer) => consumer.status()))).flat().filter((view) => view.kind === 'stream' && view.state === 'Enabled');
  if ((await running()).length === 0) return { waitedMs: 0 };
  const behind = async () =>
    (await running()).some((view) => view.shards.some((shard) => shard.awaitingPosition === true || (shard.state !== 'RETRYING' && (shard.inFlight > 0 || shard.iteratorAgeMs > 0))));
  while (clock.now() <= written) await delay(1);
  while ((await behind()) && performance.now() - started < timeoutMs) await delay(POLL_MS);
  return { waitedMs: Math.round(performance.now() - started) };
}
