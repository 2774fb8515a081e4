import { ServiceError } from '../../shared/service-error.js';
import { checkBatchEntries, failedEntry } from '../batch-entries.js';
import { prepareMessage, type PreparedMessage } from '../message-entry.js';
import type { Queue, QueuesContext } from '../queues-context.js';
import { sqsErrors } from '../rules/sqs-errors.js';
import { formatSequence } from '../message-view.js';
import { queueGone, requireQueue } from '../queue-lookup.js';

/** The most a batch's bodies and attributes may add up to. */
const MAX_BATCH_BYTES = 1_048_576;

/** SendMessage. */
export async function sendMessage(ctx: QueuesContext, input: Record<string, unknown>): Promise<unknown> {
  const queue = await requireQueue(ctx, input);
  const prepared = prepareMessage(queue, input, ctx.clock.now());
  const [outcome] = await send(ctx, queue, [prepared]);
  return sentAnswer(queue, prepared, outcome!);
}

/** SendMessageBatch: every valid entry is sent (in order, in one commit); invalid ones fail alone. */
export async function sendMessageBatch(ctx: QueuesContext, input: Record<string, unknown>): Promise<unknown> {
  const queue = await requireQueue(ctx, input);
  const entries = checkBatchEntries(input);
  const now = ctx.clock.now();
  const failed: ReturnType<typeof failedEntry>[] = [];
  const ready: { id: string; prepared: PreparedMessage }[] = [];
  let total = 0;
  for (const entry of entries) {
    const id = entry['Id'] as string;
    try {
      const prepared = prepareMessage(queue, entry, now);
      total += prepared.size;
      ready.push({ id, prepared });
    } catch (error) {
      if (!(error instanceof ServiceError)) throw error;
      failed.push(failedEntry(id, error));
    }
  }
  if (total > MAX_BATCH_BYTES) {
    throw sqsErrors.batchRequestTooLong(`Batch requests cannot be longer than ${MAX_BATCH_BYTES} bytes. You have sent ${total} bytes.`);
  }
  const outcomes = ready.length === 0 ? [] : await send(ctx, queue, ready.map((r) => r.prepared));
  const successful = ready.map((r, i) => ({ Id: r.id, ...sentAnswer(queue, r.prepared, outcomes[i]!) }));
  return { Successful: successful, Failed: failed };
}

async function send(ctx: QueuesContext, queue: Queue, prepared: readonly PreparedMessage[]) {
  const outcomes = await ctx.store.send(queue.id, prepared.map((p) => p.message), ctx.clock.now()).catch(queueGone);
  ctx.waiters.notify(queue.id);
  return outcomes;
}

function sentAnswer(queue: Queue, prepared: PreparedMessage, outcome: { messageId: string; sequence: number }): Record<string, unknown> {
  return {
    MessageId: outcome.messageId,
    MD5OfMessageBody: prepared.md5OfBody,
    ...(prepared.md5OfAttributes !== undefined && { MD5OfMessageAttributes: prepared.md5OfAttributes }),
    ...(prepared.md5OfSystemAttributes !== undefined && { MD5OfMessageSystemAttributes: prepared.md5OfSystemAttributes }),
    ...(queue.fifo && { SequenceNumber: formatSequence(outcome.sequence) }),
  };
}
