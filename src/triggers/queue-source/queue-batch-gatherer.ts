import { queueByArn } from '../../queues/queue-lookup.js';
import type { Queue, QueuesContext } from '../../queues/queues-context.js';
import { pauseOnClock } from '../../shared/pause.js';
import { MissingQueueError, type StoredMessage } from '../../storage/queue-store.js';
import { waitBudget } from '../../shared/wait-budget.js';

/** Lambda's synchronous invocation payload limit: a batch stops growing before its records reach it. */
export const MAX_BATCH_BYTES = 6 * 1024 * 1024;
/** Room for a record's members besides body and attributes (ids, receipt handle, MD5s, ARN). */
const RECORD_OVERHEAD_BYTES = 1024;
/** The longest single wait for a message; then the queue is looked up again (it may be gone or replaced). */
const MAX_WAIT_MS = 20_000;
/** How long to wait before looking again for a queue that does not exist. */
export const MISSING_QUEUE_RETRY_MS = 1_000;

export interface GatheredBatch {
  readonly queue: Queue;
  /** Claimed for the queue's VisibilityTimeout, oldest first (so in group order on FIFO queues). */
  readonly messages: StoredMessage[];
}

export interface GatherOptions {
  readonly batchSize: number;
  readonly windowSeconds: number;
  readonly signal: AbortSignal;
}

/**
 * Long-polls a queue as Lambda's SQS poller does, with no poll interval: waits (woken by sends,
 * redrives, visibility changes) until a message can be claimed, then gathers up to `batchSize` — all
 * available now without a window; with one, until the batch is full, the window (counted from the first
 * message) is over, or the records would pass 6 MB. Claims apply the queue's redrive policy, as
 * ReceiveMessage does. Resolves undefined once `signal` aborts (claimed messages are then released).
 */
export async function gatherBatch(ctx: QueuesContext, queueArn: string, options: GatherOptions): Promise<GatheredBatch | undefined> {
  const { signal } = options;
  for (;;) {
    if (signal.aborted) return undefined;
    const queue = await queueByArn(ctx, queueArn);
    if (!queue) {
      await pauseOnClock(ctx.clock, MISSING_QUEUE_RETRY_MS, signal);
      continue;
    }
    let messages: StoredMessage[];
    try {
      messages = await claim(ctx, queue, options.batchSize);
      if (messages.length === 0) messages = await waitForMessages(ctx, queue, MAX_WAIT_MS, options.batchSize, signal);
      if (messages.length === 0) continue;
      let bytes = messages.reduce((sum, m) => sum + recordBytes(m), 0);
      const windowLeft = waitBudget(ctx.clock, options.windowSeconds * 1000);
      while (messages.length < options.batchSize && bytes < MAX_BATCH_BYTES && windowLeft() > 0 && !signal.aborted) {
        const left = options.batchSize - messages.length;
        let more = await claim(ctx, queue, left);
        if (more.length === 0) more = await waitForMessages(ctx, queue, windowLeft(), left, signal);
        messages.push(...more);
        bytes += more.reduce((sum, m) => sum + recordBytes(m), 0);
      }
    } catch (error) {
      if (error instanceof MissingQueueError) continue;
      throw error;
    }
    const kept = fitting(messages);
    await releaseMessages(ctx, queue, signal.aborted ? messages : messages.slice(kept));
    if (signal.aborted) return undefined;
    return { queue, messages: messages.slice(0, kept) };
  }
}

/**
 * Deletes handled messages; a receipt gone stale (visibility ran out, received again) deletes nothing.
 * On a FIFO queue a delete may unlock a message group, so waiting receivers are woken.
 * The deletes are asked for at once, not one after another: they then share one commit (and, with
 * durability power, one flush) where a batch of ten used to wait for ten, holding its concurrency slot.
 */
export async function deleteMessages(ctx: QueuesContext, queue: Queue, messages: readonly StoredMessage[]): Promise<void> {
  if (messages.length === 0) return;
  await Promise.all(messages.map((message) => ctx.store.deleteMessage(queue.id, message.sequence, message.nonce).catch(ignoreMissingQueue)));
  if (queue.fifo) ctx.waiters.notify(queue.id);
}

/** Makes claimed messages visible again at once (not delivered: shutdown, or over the size limit). */
export async function releaseMessages(ctx: QueuesContext, queue: Queue, messages: readonly StoredMessage[]): Promise<void> {
  if (messages.length === 0) return;
  const now = ctx.clock.now();
  await Promise.all(messages.map((message) => ctx.store.changeVisibility(queue.id, message.sequence, message.nonce, now, now).catch(ignoreMissingQueue)));
  ctx.waiters.notify(queue.id);
}

async function claim(ctx: QueuesContext, queue: Queue, max: number): Promise<StoredMessage[]> {
  const now = ctx.clock.now();
  const policy = queue.attributes.RedrivePolicy;
  const dlq = policy ? await queueByArn(ctx, policy.deadLetterTargetArn) : undefined;
  const redrive = policy && dlq ? { maxReceiveCount: policy.maxReceiveCount, deadLetterQueueId: dlq.id } : undefined;
  const outcome = await ctx.store.receive({
    queueId: queue.id,
    fifo: queue.fifo,
    max,
    now,
    visibleUntil: now + queue.attributes.VisibilityTimeout * 1000,
    retainedSince: now - queue.attributes.MessageRetentionPeriod * 1000,
    ...(redrive && { redrive }),
  });
  if (outcome.redriven > 0 && redrive) ctx.waiters.notify(redrive.deadLetterQueueId);
  return outcome.messages;
}

/**
 * Waits up to `ms` for the queue to have a message that may be ready (a send, a redrive, a visibility
 * end); returns what a claim made just after registering the wait got (usually nothing). The waiter is registered before a second claim: a send that
 * landed after the caller's empty claim but before the registration would otherwise wake nobody.
 */
async function waitForMessages(ctx: QueuesContext, queue: Queue, ms: number, max: number, signal: AbortSignal): Promise<StoredMessage[]> {
  if (ms <= 0) return [];
  const now = ctx.clock.now();
  const next = await ctx.store.nextVisibleAt(queue.id, now).catch(ignoreMissingQueue);
  const wait = next === undefined ? ms : Math.min(ms, Math.max(1, next - now));
  // Registered synchronously after this check, so the poller's stop (abort, then notify) always wakes it.
  if (signal.aborted) return [];
  const woken = ctx.waiters.wait(queue.id, Math.min(wait, MAX_WAIT_MS));
  const late = await claim(ctx, queue, max);
  // Ends our own wait at once (other receivers of the queue just look again).
  if (late.length > 0) ctx.waiters.notify(queue.id);
  await woken;
  return late;
}

/** How many of the messages fit in one invocation (at least one: a single message always goes). */
function fitting(messages: readonly StoredMessage[]): number {
  let bytes = 0;
  for (const [index, message] of messages.entries()) {
    bytes += recordBytes(message);
    if (bytes > MAX_BATCH_BYTES && index > 0) return index;
  }
  return messages.length;
}

const recordBytes = (message: StoredMessage): number => Buffer.byteLength(message.body) + Buffer.byteLength(message.payload) + RECORD_OVERHEAD_BYTES;

function ignoreMissingQueue(error: unknown): undefined {
  if (error instanceof MissingQueueError) return undefined;
  throw error;
}
