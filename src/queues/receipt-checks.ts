import { requiredString } from './input-fields.js';
import type { Queue } from './queues-context.js';
import { decodeReceipt, type Receipt } from './receipt-handle.js';
import { sqsErrors } from './rules/sqs-errors.js';

/** The receive a request's ReceiptHandle names; ReceiptHandleIsInvalid for anything else, as SQS answers. */
export function requireReceipt(queue: Queue, input: Record<string, unknown>): Receipt {
  const handle = requiredString(input, 'ReceiptHandle');
  const receipt = decodeReceipt(handle);
  if (!receipt || receipt.queueId !== queue.id) {
    throw sqsErrors.receiptHandleIsInvalid(`The input receipt handle "${handle}" is not a valid receipt handle.`);
  }
  return receipt;
}

/** A receipt handle that was valid but is no longer the message's latest receive. */
export const expiredReceipt = (handle: string) =>
  sqsErrors.invalidParameterValue(`Value ${handle} for parameter ReceiptHandle is invalid. Reason: The receipt handle has expired.`);
