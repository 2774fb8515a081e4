import type { Clock } from '../shared/clock.js';
import type { TimePass } from './time-control.js';
import { settleStreams, type StreamConsumers } from './stream-settle.js';

/**
 * The time-driven parts of a running Eddy, as the passes after a jump call them (main.ts hands them over).
 * The optional `nextDue`s (and `nextExpiry`, `waitingQueues` with `queueStore`) say when a part's next
 * work is due: a jump is replayed through those times (TimeControl); a part without one runs at its end.
 */
export interface TimeDrivenParts {
  /**
   * On storage shared by several nodes: this node's heartbeat and maintenance lease, renewed at every step
   * before the passes gated on leading run (a jump makes the lease look expired until the next beat).
   */
  readonly cluster?: { beat(): Promise<unknown> };
  /** TTL deletes, with their REMOVE stream records. */
  readonly ttl: { sweep(): Promise<unknown>; nextExpiry?(now: number): Promise<number | undefined> };
  /** Shard rotation (`--shard-rotation`): rotates when a rotation period has passed since the last. */
  readonly shardRotation?: { rotateDue(): Promise<unknown> };
  /** Bus rules' schedule expressions. */
  readonly ruleSchedules: { fireDue(): Promise<unknown>; nextDue?(): Promise<number | undefined> };
  /** Bus target deliveries waiting for their retry time; `wake` sets the runner's timer again from the new time. */
  readonly busDeliveries: { deliverDue(): Promise<unknown>; wake(): void; nextDue?(): Promise<number | undefined> };
  /** Asynchronous invocations (and their destination sends) waiting for their retry time; `reschedule` resets the others' timers. */
  readonly asyncInvocations: { runDue(): Promise<unknown>; reschedule(): Promise<unknown>; nextDue?(): Promise<number | undefined> };
  /** Archive replays, which step through archived time. */
  readonly replays: { wake(): void };
  /** Long polls and queue consumers waiting for a message whose visibility timeout or delay has ended. */
  readonly queueWaiters: { notifyAll(): void; waitingQueues?(): number[] };
  /** Where a waited-on queue's next message becomes visible (its delay or visibility timeout ends). */
  readonly queueStore?: { nextVisibleAt(queueId: number, now: number): Promise<number | undefined> };
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
  /** Stream triggers and pipes, waited for at every step (settleStreams) so they handle a step's records at its time. */
  readonly streamConsumers?: { readonly clock: Clock; readonly consumers: readonly StreamConsumers[] };
}

/**
 * The passes a jump runs, in this order: the cluster's beat (on shared storage), expiries first (their
 * stream records), shard rotation, then what fires (rule schedules, then `more` — e.g. the Scheduler's due
 * schedules), what retries (deliveries, async invocations), replays, queue wake-ups, and retention last (its
 * four kinds side by side). A jump is replayed through the due times the passes with a nextDue name
 * (TimeControl), so work fires in due order across parts; at one instant, in this list's order.
 */
export function timePasses(parts: TimeDrivenParts, more: readonly TimePass[] = []): TimePass[] {
  const wake = (part: { wake(): void }) => async () => (part.wake(), { woken: true });
  const { ttl, ruleSchedules, busDeliveries, asyncInvocations } = parts;
  return [
    ...(parts.cluster ? [{ name: 'cluster', run: async () => (await parts.cluster!.beat(), {}), everyStep: true }] : []),
    { name: 'ttl', run: () => ttl.sweep(), ...(ttl.nextExpiry && { nextDue: (now: number) => ttl.nextExpiry!(now) }) },
    ...(parts.shardRotation ? [{ name: 'shardRotation', run: () => parts.shardRotation!.rotateDue() }] : []),
    { name: 'ruleSchedules', run: () => ruleSchedules.fireDue(), ...(ruleSchedules.nextDue && { nextDue: () => ruleSchedules.nextDue!() }) },
    ...more,
    {
      name: 'busDeliveries',
      run: () => thenAlso(busDeliveries.deliverDue(), async () => busDeliveries.wake()),
      ...(busDeliveries.nextDue && { nextDue: () => busDeliveries.nextDue!() }),
      // Every step: it also waits for the attempts under way (a step's firings), so none outlives its lease in the next step.
      everyStep: true,
    },
    {
      name: 'asyncInvocations',
      run: () => thenAlso(asyncInvocations.runDue(), () => asyncInvocations.reschedule()),
      ...(asyncInvocations.nextDue && { nextDue: () => asyncInvocations.nextDue!() }),
      everyStep: true,
    },
    { name: 'replays', run: wake(parts.replays) },
    // Every step: a long poll or a queue consumer takes what a step made visible, at that step's time.
    { name: 'queues', run: async () => (parts.queueWaiters.notifyAll(), { woken: true }), everyStep: true, nextDue: (now: number) => nextVisible(parts, now) },
    ...(parts.streamConsumers ? [{ name: 'streamConsumers', everyStep: true, run: () => settleStreams(parts.streamConsumers!.consumers, parts.streamConsumers!.clock) }] : []),
    // Side by side: each trims its own records.
    { name: 'streamRetention', run: () => parts.streamRetention.trim(), group: 'retention' },
    { name: 'archiveRetention', run: () => parts.archiveRetention.trim(), group: 'retention' },
    { name: 'messageRetention', run: () => parts.messageRetention.trim(), group: 'retention' },
    { name: 'pointInTimeRetention', run: () => parts.pointInTimeRetention.trim(), group: 'retention' },
    { name: 'connections', run: wake(parts.connections) },
  ];
}

/** When the next message of a queue someone waits on becomes visible; undefined when no one waits. */
async function nextVisible(parts: TimeDrivenParts, now: number): Promise<number | undefined> {
  const ids = parts.queueWaiters.waitingQueues?.() ?? [];
  if (!parts.queueStore || ids.length === 0) return undefined;
  const dues = await Promise.all(ids.map((id) => parts.queueStore!.nextVisibleAt(id, now).catch(() => undefined)));
  const earliest = Math.min(...dues.map((due) => due ?? Infinity));
  return earliest === Infinity ? undefined : earliest;
}

/** `run`'s answer, once `after` is done too (timers re-armed from the new time). */
async function thenAlso<T>(run: Promise<T>, after: () => Promise<unknown>): Promise<T> {
  const result = await run;
  await after();
  return result;
}
