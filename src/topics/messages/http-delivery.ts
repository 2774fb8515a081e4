import { messageFor } from './message-structure.js';
import { notificationEnvelope } from './notification-envelope.js';
import type { PublishedMessage, SigningContext, SubscriptionFacts } from './published-message.js';

/** The Content-Type of SNS's POSTs unless the delivery policy's requestPolicy names another (§E.3 DeliveryPolicy). */
export const DEFAULT_HTTP_CONTENT_TYPE = 'text/plain; charset=UTF-8';

export type SnsDocumentType = 'Notification' | 'SubscriptionConfirmation' | 'UnsubscribeConfirmation';

/**
 * The headers of a POST to an http/s endpoint (§E.4 HTTP/S headers [O]). `subscriptionArn` is left out of
 * a SubscriptionConfirmation; `x-amz-sns-rawdelivery: true` marks a raw body; `headerContentType` is the
 * effective requestPolicy's (subscription's, else the topic's `http.defaultRequestPolicy`).
 */
export function httpHeaders(facts: {
  readonly messageType: SnsDocumentType;
  readonly messageId: string;
  readonly topicArn: string;
  readonly subscriptionArn?: string;
  readonly rawDelivery?: boolean;
  readonly headerContentType?: string | undefined;
}): Record<string, string> {
  const headers: Record<string, string> = {
    'x-amz-sns-message-type': facts.messageType,
    'x-amz-sns-message-id': facts.messageId,
    'x-amz-sns-topic-arn': facts.topicArn,
  };
  if (facts.subscriptionArn !== undefined && facts.messageType !== 'SubscriptionConfirmation') {
    headers['x-amz-sns-subscription-arn'] = facts.subscriptionArn;
  }
  if (facts.rawDelivery) headers['x-amz-sns-rawdelivery'] = 'true';
  headers['Content-Type'] = facts.headerContentType ?? DEFAULT_HTTP_CONTENT_TYPE;
  headers['User-Agent'] = 'Amazon Simple Notification Service Agent';
  headers['Accept-Encoding'] = 'gzip,deflate';
  return headers;
}

/**
 * The POST of a notification to an http/s subscription: the envelope, or with RawMessageDelivery the raw
 * body with the raw header and no attributes (§E.4 Raw delivery [D][O]).
 */
export function httpNotification(
  message: PublishedMessage,
  subscription: SubscriptionFacts & { readonly rawMessageDelivery: boolean; readonly headerContentType?: string | undefined },
  context: SigningContext,
): { readonly headers: Record<string, string>; readonly body: string } {
  const headers = httpHeaders({
    messageType: 'Notification',
    messageId: message.messageId,
    topicArn: message.topicArn,
    subscriptionArn: subscription.arn,
    rawDelivery: subscription.rawMessageDelivery,
    headerContentType: subscription.headerContentType,
  });
  const body = subscription.rawMessageDelivery
    ? messageFor(message, subscription.protocol)
    : JSON.stringify(notificationEnvelope(message, subscription, context));
  return { headers, body };
}

/**
 * The headerContentType of a DeliveryPolicy (subscription form `requestPolicy`, or topic form
 * `http.defaultRequestPolicy`), undefined when it names none (§E.3 DeliveryPolicy).
 */
export function headerContentTypeOf(policy: unknown): string | undefined {
  const at = (value: unknown, key: string): unknown => (typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined);
  const type = at(at(policy, 'requestPolicy'), 'headerContentType') ?? at(at(at(policy, 'http'), 'defaultRequestPolicy'), 'headerContentType');
  return typeof type === 'string' ? type : undefined;
}
