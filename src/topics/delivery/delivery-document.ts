import type { MessageAttribute, MessageAttributes, PublishedMessage, SignatureVersion, SqsDelivery } from '../messages/index.js';
import type { QueueMessage } from '../../queues/send-to-queue.js';

/**
 * What a stored topic delivery (TopicDeliveryStore) holds: everything its attempt needs, as it was when
 * the Publish (or the subscription change) was accepted, so a delivery is made the same on any node and
 * after a restart (a retry keeps MessageId and Timestamp, §E.4).
 */
export type DeliveryDocument = NotificationDocument | ConfirmationDocument;

/** The subscription a notification goes to, as it was when the message was accepted. */
export interface SubscriptionSnapshot {
  readonly arn: string;
  readonly protocol: string;
  readonly endpoint: string;
  readonly rawMessageDelivery: boolean;
  /** RedrivePolicy's deadLetterTargetArn. */
  readonly deadLetterArn?: string;
  /** The effective http/s retry policy (DeliveryPolicy), JSON. */
  readonly deliveryPolicy?: string;
  readonly headerContentType?: string;
}

export interface NotificationDocument {
  readonly kind: 'notification';
  readonly message: PublishedMessage;
  readonly subscription: SubscriptionSnapshot;
  readonly signatureVersion?: SignatureVersion;
}

export interface ConfirmationDocument {
  readonly kind: 'SubscriptionConfirmation' | 'UnsubscribeConfirmation';
  readonly messageId: string;
  readonly topicArn: string;
  readonly subscriptionArn: string;
  readonly protocol: string;
  readonly endpoint: string;
  readonly token: string;
  readonly timestamp: number;
  readonly signatureVersion?: SignatureVersion;
}

type StoredAttribute = { readonly dataType: string; readonly stringValue?: string; readonly binaryBase64?: string };

/** JSON text of a document: Binary attribute values (bytes) as base64. */
export function encodeDocument(document: DeliveryDocument): string {
  if (document.kind !== 'notification') return JSON.stringify(document);
  const attributes: Record<string, StoredAttribute> = {};
  for (const [name, value] of Object.entries(document.message.attributes)) {
    Object.defineProperty(attributes, name, {
      value: value.binaryValue !== undefined ? { dataType: value.dataType, binaryBase64: Buffer.from(value.binaryValue).toString('base64') } : value,
      enumerable: true,
    });
  }
  return JSON.stringify({ ...document, message: { ...document.message, attributes } });
}

export function decodeDocument(text: string): DeliveryDocument {
  const document = JSON.parse(text) as DeliveryDocument;
  if (document.kind !== 'notification') return document;
  const attributes: Record<string, MessageAttribute> = {};
  for (const [name, value] of Object.entries(document.message.attributes as Record<string, StoredAttribute>)) {
    Object.defineProperty(attributes, name, {
      value: value.binaryBase64 !== undefined ? { dataType: value.dataType, binaryValue: Buffer.from(value.binaryBase64, 'base64') } : value,
      enumerable: true,
    });
  }
  return { ...document, message: { ...document.message, attributes: attributes as MessageAttributes } };
}

/** An SNS copy for SQS as the queues domain sends it (binary attribute values base64, as SendMessage takes them). */
export function queueMessageOf(delivery: SqsDelivery): QueueMessage {
  const attributes: Record<string, { DataType: string; StringValue?: string; BinaryValue?: string }> = {};
  for (const [name, value] of Object.entries(delivery.messageAttributes)) {
    Object.defineProperty(attributes, name, {
      value: value.BinaryValue !== undefined
        ? { DataType: value.DataType, BinaryValue: Buffer.from(value.BinaryValue).toString('base64') }
        : { DataType: value.DataType, StringValue: value.StringValue },
      enumerable: true,
    });
  }
  return {
    body: delivery.body,
    ...(Object.keys(attributes).length > 0 && { attributes }),
    ...(delivery.messageGroupId !== undefined && { groupId: delivery.messageGroupId }),
    ...(delivery.messageDeduplicationId !== undefined && { deduplicationId: delivery.messageDeduplicationId }),
  };
}
