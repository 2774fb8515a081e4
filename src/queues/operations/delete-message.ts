import { checkBatchEntries, eachEntry } from '../batch-entries.js';
import { queueGone, requireQueue } from '../queue-lookup.js';
import type { Queue, QueuesContext } from '../queues-context.js';
import { requireReceipt } from '../receipt-checks.js';

/**
 * DeleteMessage. A handle of an earlier receive of a message received since, or of a message already
 * deleted, succeeds without deleting anything, as SQS documents.
 */
export async function deleteMessage(ctx: QueuesContext, input: Record<string, unknown>): Promise<unknown> {
  const queue = await requireQueue(ctx, input);
  await deleteOne(ctx, queue, input);
  return {};
}

/** DeleteMessageBatch: each entry succeeds or fails alone. */
export async function deleteMessageBatch(ctx: QueuesContext, input: Record<string, unknown>): Promise<unknown> {
  const queue = await requireQueue(ctx, input);
  const entries = checkBatchEntries(input);
  return eachEntry(entries, (entry) => deleteOne(ctx, queue, entry));
}

async function deleteOne(ctx: QueuesContext, queue: Queue, entry: Record<string, unknown>): Promise<void> {
  const receipt = requireReceipt(queue, entry);
  const outcome = await ctx.store.deleteMessage(queue.id, receipt.sequence, receipt.nonce).catch(queueGone);
  // A FIFO group is held while its message is in flight: deleting it may free the group's next one.
  if (queue.fifo && outcome === 'done') ctx.waiters.notify(queue.id);
}
