import { createHash } from 'node:crypto';
import { randomUuid } from '../shared/random-uuid.js';
import type { NewMessage } from '../storage/queue-store.js';
import { optionalInteger, optionalString } from './input-fields.js';
import type { Queue } from './queues-context.js';
import { checkMessageAttributes, checkMessageBody, checkMessageSystemAttributes, messageAttributesSize, type MessageAttributeValue } from './rules/message-attributes.js';
import { md5OfBody, md5OfMessageAttributes, md5OfMessageSystemAttributes } from './rules/message-md5.js';
import { sqsErrors } from './rules/sqs-errors.js';

/** The deduplication window of FIFO queues. */
export const DEDUP_WINDOW_MS = 5 * 60_000;

/** What Eddy keeps with a message besides its body (the store's `payload`, as JSON). */
export interface MessagePayload {
  /** MessageAttributes, normalised. */
  a?: Record<string, MessageAttributeValue>;
  /** MD5OfMessageAttributes. */
  am?: string;
  /** MessageSystemAttributes (AWSTraceHeader). */
  s?: Record<string, MessageAttributeValue>;
  /** MessageDeduplicationId as sent or derived (FIFO). */
  d?: string;
}

/** A checked SendMessage (or batch entry), ready for the store, with the MD5s the response carries. */
export interface PreparedMessage {
  readonly message: NewMessage;
  /** Body and attribute bytes, as SQS counts them toward size limits. */
  readonly size: number;
  readonly md5OfBody: string;
  readonly md5OfAttributes?: string;
  readonly md5OfSystemAttributes?: string;
}

/** The payload as the store keeps it; most messages have none of its members. */
const payloadText = (payload: MessagePayload): string =>
  payload.a === undefined && payload.s === undefined && payload.d === undefined ? '{}' : JSON.stringify(payload);

/** Group and deduplication ids: 1–128 characters, alphanumeric or punctuation. */
const ID_PATTERN = /^[\x21-\x7e]{1,128}$/;

/** Checks one message to send against the queue's rules; throws the SqsError SQS gives. */
export function prepareMessage(queue: Queue, entry: Record<string, unknown>, now: number): PreparedMessage {
  const settings = queue.attributes;
  const body = checkMessageBody(entry['MessageBody']);
  const attributes = entry['MessageAttributes'] === undefined ? undefined : checkMessageAttributes(entry['MessageAttributes'], 'MessageAttributes');
  const system =
    entry['MessageSystemAttributes'] === undefined ? undefined : checkMessageSystemAttributes(entry['MessageSystemAttributes'], 'MessageSystemAttributes');
  const size = Buffer.byteLength(body) + (attributes ? messageAttributesSize(attributes) : 0);
  if (size > settings.MaximumMessageSize) {
    throw sqsErrors.invalidParameterValue(
      `One or more parameters are invalid. Reason: Message must be shorter than ${settings.MaximumMessageSize} bytes.`,
    );
  }
  const delay = optionalInteger(entry, 'DelaySeconds', 0, 900, 'Must be >= 0 and <= 900.');
  const groupId = optionalString(entry, 'MessageGroupId');
  let dedupId = optionalString(entry, 'MessageDeduplicationId');
  if (groupId !== undefined && !ID_PATTERN.test(groupId)) {
    throw sqsErrors.invalidParameterValue(`Value ${groupId} for parameter MessageGroupId is invalid. Reason: Invalid characters or length.`);
  }
  if (dedupId !== undefined && !ID_PATTERN.test(dedupId)) {
    throw sqsErrors.invalidParameterValue(`Value ${dedupId} for parameter MessageDeduplicationId is invalid. Reason: Invalid characters or length.`);
  }
  const payload: MessagePayload = {};
  if (attributes && Object.keys(attributes).length > 0) {
    payload.a = attributes;
    payload.am = md5OfMessageAttributes(attributes);
  }
  if (system && Object.keys(system).length > 0) payload.s = system;

  let message: NewMessage;
  if (queue.fifo) {
    if (delay !== undefined && delay !== 0) {
      throw sqsErrors.invalidParameterValue(
        `Value ${delay} for parameter DelaySeconds is invalid. Reason: The request include parameter that is not valid for this queue type.`,
      );
    }
    if (groupId === undefined) throw sqsErrors.missingParameter('The request must contain the parameter MessageGroupId.');
    if (dedupId === undefined) {
      if (!settings.ContentBasedDeduplication) {
        throw sqsErrors.invalidParameterValue(
          'The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly',
        );
      }
      dedupId = createHash('sha256').update(body).digest('hex');
    }
    payload.d = dedupId;
    const dedupKey = settings.DeduplicationScope === 'messageGroup' ? `${groupId}\u0000${dedupId}` : dedupId;
    message = {
      messageId: randomUuid(),
      body,
      payload: payloadText(payload),
      visibleAt: now + settings.DelaySeconds * 1000,
      groupId,
      dedupKey,
      dedupUntil: now + DEDUP_WINDOW_MS,
    };
  } else {
    if (dedupId !== undefined) {
      throw sqsErrors.invalidParameterValue(
        `Value ${dedupId} for parameter MessageDeduplicationId is invalid. Reason: The request includes a parameter that is not valid for this queue type.`,
      );
    }
    message = {
      messageId: randomUuid(),
      body,
      payload: payloadText(payload),
      visibleAt: now + (delay ?? settings.DelaySeconds) * 1000,
      ...(groupId !== undefined && { groupId }),
    };
  }
  return new Prepared(message, size, payload.am, payload.s === undefined ? undefined : md5OfMessageSystemAttributes(payload.s));
}

class Prepared implements PreparedMessage {
  readonly message: NewMessage;
  readonly size: number;
  readonly md5OfAttributes: string | undefined;
  readonly md5OfSystemAttributes: string | undefined;
  #md5OfBody: string | undefined;

  constructor(message: NewMessage, size: number, md5OfAttributes: string | undefined, md5OfSystemAttributes: string | undefined) {
    this.message = message;
    this.size = size;
    this.md5OfAttributes = md5OfAttributes;
    this.md5OfSystemAttributes = md5OfSystemAttributes;
  }

  /** Made when read: SendMessage answers with it; a queue target's delivery never asks. */
  get md5OfBody(): string {
    return (this.#md5OfBody ??= md5OfBody(this.message.body));
  }
}
