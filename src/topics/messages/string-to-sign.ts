/**
 * The string SNS signs (§E.4 Signature [D]: sns-verify-signature-of-message.html): `Key\nValue\n` for
 * each of these keys present in the document, in this order.
 */
export const NOTIFICATION_SIGNED_KEYS = ['Message', 'MessageId', 'Subject', 'Timestamp', 'TopicArn', 'Type'] as const;
export const CONFIRMATION_SIGNED_KEYS = ['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type'] as const;

/** The string to sign of a Notification, SubscriptionConfirmation or UnsubscribeConfirmation document. */
export function stringToSign(document: Readonly<Record<string, unknown>>): string {
  const keys = document.Type === 'Notification' ? NOTIFICATION_SIGNED_KEYS : CONFIRMATION_SIGNED_KEYS;
  let text = '';
  for (const key of keys) {
    const value = document[key];
    if (typeof value === 'string') text += `${key}\n${value}\n`;
  }
  return text;
}
