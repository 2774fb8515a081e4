import { ServiceError } from '../../shared/service-error.js';
import { checkBatchEntries, failedEntry } from '../batch-entries.js';
import { prepareMessage, type PreparedMessage } from '../message-entry.js';
import type { QueuesContext } from '../queues-context.js';
import { sqsErrors } from '../rules/sqs-errors.js';
import { requireQueue } from '../queue-lookup.js';
import { storeMessages, type SentMessage } from '../send-to-queue.js';

/** The most a batch's bodies and attributes may add up to. */
const MAX_BATCH_BYTES = 1_048_576;

/** SendMessage. */
export async function sendMessage(ctx: QueuesContext, input: Record<string, unknown>): Promise<unknown> {
  const queue = await requireQueue(ctx, input);
  const [sent] = await storeMessages(ctx, queue, [prepareMessage(queue, input, ctx.clock.now())]);
  return sentAnswer(sent!);
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
  const sent = ready.length === 0 ? [] : await storeMessages(ctx, queue, ready.map((r) => r.prepared));
  const successful = ready.map((r, i) => ({ Id: r.id, ...sentAnswer(sent[i]!) }));
  return { Successful: successful, Failed: failed };
}

function sentAnswer(sent: SentMessage): Record<string, unknown> {
  return {
    MessageId: sent.messageId,
    MD5OfMessageBody: sent.md5OfBody,
    ...(sent.md5OfAttributes !== undefined && { MD5OfMessageAttributes: sent.md5OfAttributes }),
    ...(sent.md5OfSystemAttributes !== undefined && { MD5OfMessageSystemAttributes: sent.md5OfSystemAttributes }),
    ...(sent.sequenceNumber !== undefined && { SequenceNumber: sent.sequenceNumber }),
  };
}
