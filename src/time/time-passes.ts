import type { TimePass } from './time-control.js';

/** The time-driven parts of a running Eddy, as the passes after a jump call them (main.ts hands them over). */
export interface TimeDrivenParts {
  /** TTL deletes, with their REMOVE stream records. */
  readonly ttl: { sweep(): Promise<unknown> };
  /** Shard rotation (`--shard-rotation`): rotates when a rotation period has passed since the last. */
  readonly shardRotation?: { rotateDue(): Promise<unknown> };
  /** Bus rules' schedule expressions. */
  readonly ruleSchedules: { fireDue(): Promise<unknown> };
  /** Bus target deliveries waiting for their retry time; `wake` sets the runner's timer again from the new time. */
  readonly busDeliveries: { deliverDue(): Promise<unknown>; wake(): void };
  /** Asynchronous invocations (and their destination sends) waiting for their retry time; `reschedule` resets the others' timers. */
  readonly asyncInvocations: { runDue(): Promise<unknown>; reschedule(): Promise<unknown> };
  /** Archive replays, which step through archived time. */
  readonly replays: { wake(): void };
  /** Long polls and queue consumers waiting for a message whose visibility timeout or delay has ended. */
  readonly queueWaiters: { notifyAll(): void };
  /**
   * Retention: stream records, archived events, queue messages, point-in-time history. Stream trimming also
   * ends every wait on a shard (ShardWatcher.wake), so a trigger or pipe in a batching window sends its batch.
   */
  readonly streamRetention: { trim(): Promise<unknown> };
  readonly archiveRetention: { trim(): Promise<unknown> };
  readonly messageRetention: { trim(): Promise<unknown> };
  readonly pointInTimeRetention: { trim(): Promise<unknown> };
  /** OAuth connections due for (re)authorization. */
  readonly connections: { wake(): void };
}

/**
 * The passes a jump runs, in this order: expiries first (their stream records), shard rotation, then what fires (rule
 * schedules, then `more` — e.g. the Scheduler's due schedules), what retries (deliveries, async
 * invocations), replays, queue wake-ups, and retention last. Each part's own loop fires its work in due
 * order; across parts the order is this list's.
 */
export function timePasses(parts: TimeDrivenParts, more: readonly TimePass[] = []): TimePass[] {
  const wake = (part: { wake(): void }) => async () => (part.wake(), { woken: true });
  return [
    { name: 'ttl', run: () => parts.ttl.sweep() },
    ...(parts.shardRotation ? [{ name: 'shardRotation', run: () => parts.shardRotation!.rotateDue() }] : []),
    { name: 'ruleSchedules', run: () => parts.ruleSchedules.fireDue() },
    ...more,
    { name: 'busDeliveries', run: () => thenAlso(parts.busDeliveries.deliverDue(), async () => parts.busDeliveries.wake()) },
    { name: 'asyncInvocations', run: () => thenAlso(parts.asyncInvocations.runDue(), () => parts.asyncInvocations.reschedule()) },
    { name: 'replays', run: wake(parts.replays) },
    { name: 'queues', run: async () => (parts.queueWaiters.notifyAll(), { woken: true }) },
    { name: 'streamRetention', run: () => parts.streamRetention.trim() },
    { name: 'archiveRetention', run: () => parts.archiveRetention.trim() },
    { name: 'messageRetention', run: () => parts.messageRetention.trim() },
    { name: 'pointInTimeRetention', run: () => parts.pointInTimeRetention.trim() },
    { name: 'connections', run: wake(parts.connections) },
  ];
}

/** `run`'s answer, once `after` is done too (timers re-armed from the new time). */
async function thenAlso<T>(run: Promise<T>, after: () => Promise<unknown>): Promise<T> {
  const result = await run;
  await after();
  return result;
}
