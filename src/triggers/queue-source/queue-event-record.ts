import type { MessagePayload } from '../../queues/message-entry.js';
import { formatSequence } from '../../queues/message-view.js';
import { encodeReceipt } from '../../queues/receipt-handle.js';
import { md5OfBody, md5OfMessageAttributes } from '../../queues/rules/message-md5.js';
import type { StoredMessage } from '../../storage/queue-store.js';

/** The queue a batch comes from, as its records name it. */
export interface RecordSource {
  readonly queueId: number;
  readonly fifo: boolean;
  readonly arn: string;
  readonly region: string;
  /** SenderId, as ReceiveMessage gives it in Eddy (the account). */
  readonly senderId: string;
  /** DeadLetterQueueSourceArn of a redriven message: its source queue's ARN, when known. */
  readonly sourceArnOf: (queueId: number) => string | undefined;
}

/**
 * One message as Lambda's SQS poller hands it to a function (AWS "Using Lambda with Amazon SQS"
 * example events): lower-case member names, attributes in AWS's order — standard queues
 * ApproximateReceiveCount, SentTimestamp, SenderId, ApproximateFirstReceiveTimestamp; FIFO queues add
 * SequenceNumber and MessageGroupId after SentTimestamp and MessageDeduplicationId after SenderId.
 * Every message attribute carries stringListValues and binaryListValues (empty), as AWS sends them.
 */
export function queueEventRecord(message: StoredMessage, source: RecordSource): Record<string, unknown> {
  const payload = JSON.parse(message.payload) as MessagePayload;
  const attributes: Record<string, string> = {
    ApproximateReceiveCount: String(message.receiveCount),
    SentTimestamp: String(message.sentAt),
  };
  if (source.fifo) attributes['SequenceNumber'] = formatSequence(message.sequence);
  if (message.groupId !== undefined) attributes['MessageGroupId'] = message.groupId;
  attributes['SenderId'] = source.senderId;
  if (source.fifo && payload.d !== undefined) attributes['MessageDeduplicationId'] = payload.d;
  attributes['ApproximateFirstReceiveTimestamp'] = String(message.firstReceivedAt);
  // Where these two sit among the others is unconfirmed.
  const trace = payload.s?.['AWSTraceHeader']?.StringValue;
  if (trace !== undefined) attributes['AWSTraceHeader'] = trace;
  const dlqSource = message.sourceQueueId === undefined ? undefined : source.sourceArnOf(message.sourceQueueId);
  if (dlqSource !== undefined) attributes['DeadLetterQueueSourceArn'] = dlqSource;

  const messageAttributes: Record<string, Record<string, unknown>> = {};
  for (const [name, value] of Object.entries(payload.a ?? {})) {
    messageAttributes[name] = {
      ...(value.StringValue !== undefined && { stringValue: value.StringValue }),
      ...(value.BinaryValue !== undefined && { binaryValue: value.BinaryValue }),
      stringListValues: [],
      binaryListValues: [],
      dataType: value.DataType,
    };
  }
  const hasAttributes = payload.a !== undefined && Object.keys(payload.a).length > 0;
  return {
    messageId: message.messageId,
    receiptHandle: encodeReceipt({ queueId: source.queueId, sequence: message.sequence, nonce: message.nonce }),
    body: message.body,
    attributes,
    messageAttributes,
    md5OfBody: md5OfBody(message.body),
    // Only with message attributes; its place after md5OfBody is unconfirmed.
    ...(hasAttributes && { md5OfMessageAttributes: payload.am ?? md5OfMessageAttributes(payload.a!) }),
    eventSource: 'aws:sqs',
    eventSourceARN: source.arn,
    awsRegion: source.region,
  };
}

/**
 * The record as filter patterns see it: the body parsed when it is JSON (patterns such as
 * `{"body":{"kind":["order"]}}` look inside it), the plain string otherwise.
 */
export function filterView(record: Record<string, unknown>): Record<string, unknown> {
  const body = record['body'] as string;
  try {
    return { ...record, body: JSON.parse(body) as unknown };
  } catch {
    return record;
  }
}
