import { signingCertUrl, subscribeUrl } from './message-urls.js';
import { signed, snsTimestamp, type SigningContext } from './published-message.js';
import { stringToSign } from './string-to-sign.js';

/** What a SubscriptionConfirmation says. */
export interface SubscriptionConfirmationFacts {
  readonly messageId: string;
  readonly topicArn: string;
  readonly token: string;
  /** Epoch ms from the clock. */
  readonly timestamp: number;
}

/** What an UnsubscribeConfirmation says: also the subscription deactivated. */
export interface UnsubscribeConfirmationFacts extends SubscriptionConfirmationFacts {
  readonly subscriptionArn: string;
}

/**
 * The SubscriptionConfirmation POSTed to a new http/s subscription (§E.4 Confirmations [O]), keys Type,
 * MessageId, Token, TopicArn, Message, SubscribeURL, Timestamp, SignatureVersion, Signature, SigningCertURL.
 */
export function subscriptionConfirmation(facts: SubscriptionConfirmationFacts, context: SigningContext): Record<string, unknown> {
  return confirmation(
    'SubscriptionConfirmation',
    `You have chosen to subscribe to the topic ${facts.topicArn}.\nTo confirm the subscription, visit the SubscribeURL included in this message.`,
    facts,
    context,
  );
}

/** The UnsubscribeConfirmation POSTed after an unsubscribe, with a new Token whose SubscribeURL restores the subscription. */
export function unsubscribeConfirmation(facts: UnsubscribeConfirmationFacts, context: SigningContext): Record<string, unknown> {
  return confirmation(
    'UnsubscribeConfirmation',
    `You have chosen to deactivate subscription ${facts.subscriptionArn}.\nTo cancel this operation and restore the subscription, visit the SubscribeURL included in this message.`,
    facts,
    context,
  );
}

function confirmation(type: string, message: string, facts: SubscriptionConfirmationFacts, context: SigningContext): Record<string, unknown> {
  const version = context.signatureVersion ?? '1';
  const document: Record<string, unknown> = {
    Type: type,
    MessageId: facts.messageId,
    Token: facts.token,
    TopicArn: facts.topicArn,
    Message: message,
    SubscribeURL: subscribeUrl(context.baseUrl, facts.topicArn, facts.token),
    Timestamp: snsTimestamp(facts.timestamp),
    SignatureVersion: version,
  };
  document.Signature = signed(context, stringToSign(document), version);
  document.SigningCertURL = signingCertUrl(context.baseUrl, context.identity);
  return document;
}
