import { checkBatchEntries, eachEntry } from '../batch-entries.js';
import { optionalInteger } from '../input-fields.js';
import { queueGone, requireQueue } from '../queue-lookup.js';
import type { Queue, QueuesContext } from '../queues-context.js';
import { expiredReceipt, requireReceipt } from '../receipt-checks.js';
import { sqsErrors } from '../rules/sqs-errors.js';

/** ChangeMessageVisibility: a new timeout, counted from now, for a message in flight. */
export async function changeMessageVisibility(ctx: QueuesContext, input: Record<string, unknown>): Promise<unknown> {
  const queue = await requireQueue(ctx, input);
  await changeOne(ctx, queue, input);
  return {};
}

/** ChangeMessageVisibilityBatch: each entry succeeds or fails alone. */
export async function changeMessageVisibilityBatch(ctx: QueuesContext, input: Record<string, unknown>): Promise<unknown> {
  const queue = await requireQueue(ctx, input);
  const entries = checkBatchEntries(input);
  return eachEntry(entries, (entry) => changeOne(ctx, queue, entry));
}

async function changeOne(ctx: QueuesContext, queue: Queue, entry: Record<string, unknown>): Promise<void> {
  const receipt = requireReceipt(queue, entry);
  const seconds = optionalInteger(entry, 'VisibilityTimeout', 0, 43_200, 'Must be between 0 and 43200, if provided.');
  if (seconds === undefined) throw sqsErrors.missingParameter('The request must contain the parameter VisibilityTimeout.');
  const now = ctx.clock.now();
  const outcome = await ctx.store.changeVisibility(queue.id, receipt.sequence, receipt.nonce, now + seconds * 1000, now).catch(queueGone);
  if (outcome === 'not-in-flight') throw sqsErrors.messageNotInflight();
  if (outcome !== 'done') throw expiredReceipt(entry['ReceiptHandle'] as string);
  if (seconds === 0) ctx.waiters.notify(queue.id);
}
