import type { Deployment } from '../shared/arns.js';
import type { StoredMessage } from '../storage/queue-store.js';
import type { MessagePayload } from './message-entry.js';
import { queueArn } from './queue-url.js';
import { encodeReceipt } from './receipt-handle.js';
import { selectAttributes } from './rules/message-attributes.js';
import { md5OfBody, md5OfMessageAttributes } from './rules/message-md5.js';

/** FIFO sequence numbers are 20-digit decimal strings, increasing per queue. */
export const formatSequence = (sequence: number): string => String(10n ** 19n + BigInt(sequence));

/** The system attributes ReceiveMessage can return (AttributeNames / MessageSystemAttributeNames). */
export const SYSTEM_ATTRIBUTE_NAMES = [
  'SenderId',
  'SentTimestamp',
  'ApproximateReceiveCount',
  'ApproximateFirstReceiveTimestamp',
  'SequenceNumber',
  'MessageDeduplicationId',
  'MessageGroupId',
  'AWSTraceHeader',
  'DeadLetterQueueSourceArn',
] as const;

export interface MessageViewOptions {
  readonly queueId: number;
  readonly fifo: boolean;
  readonly deployment: Deployment;
  /** System attribute names asked for ('All' for every one). */
  readonly systemNames: ReadonlySet<string>;
  /** MessageAttributeNames as given. */
  readonly attributeNames: string[] | undefined;
  /** Queue id → name, for DeadLetterQueueSourceArn. */
  readonly sourceName: (queueId: number) => string | undefined;
}

/** A received message as ReceiveMessage answers it. */
export function messageView(message: StoredMessage, options: MessageViewOptions): Record<string, unknown> {
  const payload = JSON.parse(message.payload) as MessagePayload;
  const all = options.systemNames.has('All');
  const wants = (name: string) => all || options.systemNames.has(name);
  const attributes: Record<string, string> = {};
  if (wants('SenderId')) attributes['SenderId'] = options.deployment.account;
  if (wants('SentTimestamp')) attributes['SentTimestamp'] = String(message.sentAt);
  if (wants('ApproximateReceiveCount')) attributes['ApproximateReceiveCount'] = String(message.receiveCount);
  if (wants('ApproximateFirstReceiveTimestamp')) attributes['ApproximateFirstReceiveTimestamp'] = String(message.firstReceivedAt);
  if (options.fifo) {
    if (wants('SequenceNumber')) attributes['SequenceNumber'] = formatSequence(message.sequence);
    if (wants('MessageDeduplicationId') && payload.d !== undefined) attributes['MessageDeduplicationId'] = payload.d;
  }
  if (wants('MessageGroupId') && message.groupId !== undefined) attributes['MessageGroupId'] = message.groupId;
  const trace = payload.s?.['AWSTraceHeader']?.StringValue;
  if (wants('AWSTraceHeader') && trace !== undefined) attributes['AWSTraceHeader'] = trace;
  if (wants('DeadLetterQueueSourceArn') && message.sourceQueueId !== undefined) {
    const name = options.sourceName(message.sourceQueueId);
    if (name !== undefined) attributes['DeadLetterQueueSourceArn'] = queueArn(options.deployment, name);
  }
  const view: Record<string, unknown> = {
    MessageId: message.messageId,
    ReceiptHandle: encodeReceipt({ queueId: options.queueId, sequence: message.sequence, nonce: message.nonce }),
    MD5OfBody: md5OfBody(message.body),
    Body: message.body,
  };
  if (Object.keys(attributes).length > 0) view['Attributes'] = attributes;
  const selected = payload.a ? selectAttributes(options.attributeNames, payload.a) : {};
  if (Object.keys(selected).length > 0) {
    view['MessageAttributes'] = selected;
    view['MD5OfMessageAttributes'] = md5OfMessageAttributes(selected);
  }
  return view;
}
