import { createHash } from 'node:crypto';
import { checked, invalidParameter, type Checked } from './input-error.js';
import { checkMessageAttributes, publishSize, type MessageAttributeInput, type MessageAttributes } from './message-attributes.js';
import { parseMessageStructure, type MessageBodies } from './message-structure.js';

/** Publish's input as the query protocol decodes it (botocore PublishInput [M]). */
export interface PublishInput {
  TopicArn?: string;
  TargetArn?: string;
  PhoneNumber?: string;
  Message?: string;
  Subject?: string;
  MessageStructure?: string;
  MessageAttributes?: Readonly<Record<string, MessageAttributeInput>>;
  MessageDeduplicationId?: string;
  MessageGroupId?: string;
}

/** What the checks need to know of the topic published to. */
export interface TopicFacts {
  readonly fifo: boolean;
  readonly contentBasedDeduplication: boolean;
  /** The topic's MaximumMessageSize (§E.4 Size; 262,144 unless set). */
  readonly maximumMessageSize: number;
}

/** The default MaximumMessageSize (§E.4 Size). */
export const DEFAULT_MAXIMUM_MESSAGE_SIZE = 262_144;

/** A checked Publish (or PublishBatch entry), ready to be stored and delivered. */
export interface CheckedMessage {
  /** The Message parameter as sent (for MessageStructure=json, the JSON text). */
  readonly message: string;
  readonly subject?: string;
  /** The per-protocol bodies when MessageStructure=json, else undefined. */
  readonly structure?: MessageBodies;
  readonly attributes: MessageAttributes;
  readonly groupId?: string;
  /** FIFO topics only: the explicit id, or the SHA-256 hex of Message under content-based deduplication. */
  readonly dedupId?: string;
  /** The bytes counted against the size limit (§E.4 Size). */
  readonly size: number;
}

/**
 * Checks one Publish against its topic, in AWS's order (localstack's AWS-validated provider [O]):
 * Subject, empty Message, MessageAttributes, size, FIFO ids, MessageStructure. Returns the first error
 * with SNS's text, or the normalised message. Which topic the ARN names (and TargetArn / PhoneNumber)
 * is the caller's to resolve first, see publishTarget.
 */
export function checkPublish(input: PublishInput, topic: TopicFacts): Checked<CheckedMessage> {
  return checked(() => checkMessage(input, topic, { sizeLimit: true }));
}

/**
 * The checks of one message; throws InputRejected. `sizeLimit` applies the topic's limit to this message
 * (Publish; exactly the limit passes, §E.4 Size); PublishBatch applies it to the sum instead (§E.2) and
 * passes the 1-based `entryPosition` for the null-member path.
 */
export function checkMessage(
  input: PublishInput,
  topic: TopicFacts,
  options: { readonly sizeLimit: boolean; readonly entryPosition?: number },
): CheckedMessage {
  const { entryPosition } = options;
  const { Message: message, Subject: subject } = input;
  if (subject !== undefined) checkSubject(subject);
  if (message === undefined || message === '') throw invalidParameter('Empty message');
  const attributes = checkMessageAttributes(input.MessageAttributes, entryPosition);
  const size = publishSize(message, attributes);
  if (options.sizeLimit && size > topic.maximumMessageSize) throw invalidParameter('Message too long');
  const ids = checkIds(input, message, topic);
  const structure = input.MessageStructure === 'json' ? parseMessageStructure(message) : undefined;
  // botocore: "Valid value: json"; any other MessageStructure is treated as none here (unconfirmed).
  return {
    message,
    ...(subject !== undefined ? { subject } : {}),
    ...(structure !== undefined ? { structure } : {}),
    attributes,
    ...ids,
    size,
  };
}

/**
 * Subject [M]: "must be ASCII text that begins with a letter, number, or punctuation mark; must not include
 * line breaks or control characters; and must be less than 100 characters long". `""` gives
 * `Invalid parameter: Subject` [O]; the same text for the other breaches is unconfirmed.
 */
function checkSubject(subject: string): void {
  // eslint-disable-next-line no-control-regex
  if (subject === '' || subject.length >= 100 || /[\u0000-\u001f\u007f]/.test(subject)) throw invalidParameter('Subject');
}

/** ≤128 alphanumerics and ASCII punctuation (botocore MessageGroupId / MessageDeduplicationId docs [M]). */
const ID = /^[A-Za-z0-9!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]{1,128}$/;

/** The FIFO rules of §E.3, in localstack's order [O]. */
function checkIds(input: PublishInput, message: string, topic: TopicFacts): { groupId?: string; dedupId?: string } {
  const { MessageGroupId: groupId, MessageDeduplicationId: dedupId } = input;
  if (!topic.fifo) {
    if (dedupId !== undefined) {
      throw invalidParameter('MessageDeduplicationId Reason: The request includes MessageDeduplicationId parameter that is not valid for this topic type');
    }
    // A group id is allowed on a standard topic and goes on to standard queues only (§E.3 [M][O]).
    if (groupId !== undefined) checkId('MessageGroupId', groupId);
    return groupId !== undefined ? { groupId } : {};
  }
  if (groupId === undefined || groupId === '') throw invalidParameter('The MessageGroupId parameter is required for FIFO topics');
  if (dedupId === undefined && !topic.contentBasedDeduplication) {
    throw invalidParameter('The topic should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly');
  }
  checkId('MessageGroupId', groupId);
  if (dedupId !== undefined) checkId('MessageDeduplicationId', dedupId);
  // Content-based id: lowercase hex SHA-256 of the body (§E.3 [O]: `Test` → 532eaabd…0f345e25).
  return { groupId, dedupId: dedupId ?? createHash('sha256').update(message).digest('hex') };
}

/** Unconfirmed text: SNS's own wording for a bad id is not observed; this follows the `Invalid parameter: <name> Reason:` form. */
function checkId(name: string, value: string): void {
  if (!ID.test(value)) {
    throw invalidParameter(`${name} Reason: ${name} can only include alphanumeric and punctuation characters. 1 to 128 in length.`);
  }
}

/** Where a Publish goes: a topic (TopicArn, or TargetArn naming one) or a phone number (SMS, only logged). */
export type PublishTarget = { readonly kind: 'topic'; readonly arn: string } | { readonly kind: 'phone'; readonly phoneNumber: string };

/**
 * Picks the Publish target. TopicArn and TargetArn are interchangeable for a topic (localstack [O]).
 * With none of the three: `Invalid parameter: TopicArn or TargetArn Reason: no value for required parameter`
 * (unconfirmed text, shaped like Unsubscribe's observed `… Reason: no value for required parameter`, §E.2).
 */
export function publishTarget(input: Pick<PublishInput, 'TopicArn' | 'TargetArn' | 'PhoneNumber'>): Checked<PublishTarget> {
  return checked<PublishTarget>(() => {
    const arn = input.TopicArn || input.TargetArn;
    if (arn) return { kind: 'topic', arn };
    if (input.PhoneNumber) return { kind: 'phone', phoneNumber: input.PhoneNumber };
    throw invalidParameter('TopicArn or TargetArn Reason: no value for required parameter');
  });
}
