import { envelopeAttributes } from './message-attributes.js';
import { messageFor } from './message-structure.js';
import { signingCertUrl, unsubscribeUrl } from './message-urls.js';
import { deliveredAttributes, presign, signed, snsTimestamp, type PublishedMessage, type SigningContext, type SubscriptionFacts } from './published-message.js';
import { stringToSign } from './string-to-sign.js';

/**
 * The JSON envelope (Type Notification) an sqs, http/s or email-json subscription receives (§E.4), keys in
 * the observed order: Type, MessageId, [SequenceNumber], TopicArn, [Subject], Message, Timestamp,
 * [SignatureVersion, Signature, SigningCertURL], UnsubscribeURL, [MessageAttributes]. Subject and
 * MessageAttributes are left out when absent; a FIFO topic's envelope carries SequenceNumber and no
 * signature fields [O]. JSON.stringify keeps the order.
 */
export function notificationEnvelope(message: PublishedMessage, subscription: SubscriptionFacts, context: SigningContext): Record<string, unknown> {
  const envelope: Record<string, unknown> = { Type: 'Notification', MessageId: message.messageId };
  if (message.sequenceNumber !== undefined) envelope.SequenceNumber = message.sequenceNumber;
  envelope.TopicArn = message.topicArn;
  if (message.subject !== undefined) envelope.Subject = message.subject;
  envelope.Message = messageFor(message, subscription.protocol);
  envelope.Timestamp = snsTimestamp(message.timestamp);
  if (message.sequenceNumber === undefined) {
    const version = context.signatureVersion ?? '1';
    envelope.SignatureVersion = version;
    envelope.Signature = signed(context, stringToSign(envelope), version);
    envelope.SigningCertURL = signingCertUrl(context.baseUrl, context.identity);
  }
  envelope.UnsubscribeURL = unsubscribeUrl(context.baseUrl, subscription.arn);
  const attributes = deliveredAttributes(message);
  if (Object.keys(attributes).length > 0) envelope.MessageAttributes = envelopeAttributes(attributes);
  return envelope;
}

/**
 * Makes ahead the signatures the Notification envelopes of `message` will carry for subscriptions of
 * these protocols (one per protocol message: MessageStructure=json may give each its own), so building
 * the envelopes inside the accepting transaction signs nothing. FIFO envelopes are not signed.
 */
export async function presignNotifications(message: Omit<PublishedMessage, 'sequenceNumber'>, protocols: Iterable<string>, context: SigningContext & { readonly signatures: Map<string, string> }, fifo: boolean): Promise<void> {
  if (fifo) return;
  const version = context.signatureVersion ?? '1';
  const texts = new Set<string>();
  for (const protocol of protocols) {
    const document: Record<string, unknown> = { Type: 'Notification', MessageId: message.messageId, TopicArn: message.topicArn, Message: messageFor(message, protocol), Timestamp: snsTimestamp(message.timestamp) };
    if (message.subject !== undefined) document.Subject = message.subject;
    texts.add(stringToSign(document));
  }
  await Promise.all([...texts].map((text) => presign(context, text, version)));
}

/**
 * The event a lambda subscription's function is invoked with (§E.4 Lambda event [O][D]): one record,
 * `Sns` spelling `SigningCertUrl` / `UnsubscribeUrl`, MessageAttributes always present, Subject null when
 * absent (unconfirmed). Lambda cannot subscribe to FIFO topics [D], so the record is always signed.
 */
export function lambdaEvent(message: PublishedMessage, subscription: SubscriptionFacts, context: SigningContext): { Records: [Record<string, unknown>] } {
  const version = context.signatureVersion ?? '1';
  const sns: Record<string, unknown> = {
    Type: 'Notification',
    MessageId: message.messageId,
    TopicArn: message.topicArn,
    Subject: message.subject ?? null,
    Message: messageFor(message, subscription.protocol),
    Timestamp: snsTimestamp(message.timestamp),
    SignatureVersion: version,
  };
  sns.Signature = signed(context, stringToSign(sns), version); // a null Subject is not signed
  sns.SigningCertUrl = signingCertUrl(context.baseUrl, context.identity);
  sns.UnsubscribeUrl = unsubscribeUrl(context.baseUrl, subscription.arn);
  sns.MessageAttributes = envelopeAttributes(deliveredAttributes(message));
  return { Records: [{ EventSource: 'aws:sns', EventVersion: '1.0', EventSubscriptionArn: subscription.arn, Sns: sns }] };
}
