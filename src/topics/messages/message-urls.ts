import type { SigningIdentity } from './signing-identity.js';

/**
 * The URLs SNS puts in its documents, on Eddy's own endpoint since Eddy serves them (§E.4): AWS uses
 * `https://sns.<region>.amazonaws.com`; `base` is e.g. `http://127.0.0.1:4566`. ARNs are left
 * readable (`:` unescaped) as in AWS's documents; anything else is percent-encoded.
 */
const queryValue = (value: string): string => encodeURIComponent(value).replace(/%3A/g, ':');
const trimmed = (base: string): string => base.replace(/\/+$/, '');

/** `<base>/?Action=Unsubscribe&SubscriptionArn=<arn>`: an unsigned GET unsubscribes (§E.4 Confirmations). */
export function unsubscribeUrl(base: string, subscriptionArn: string): string {
  return `${trimmed(base)}/?Action=Unsubscribe&SubscriptionArn=${queryValue(subscriptionArn)}`;
}

/** `<base>/?Action=ConfirmSubscription&TopicArn=<arn>&Token=<token>`: an unsigned GET confirms. */
export function subscribeUrl(base: string, topicArn: string, token: string): string {
  return `${trimmed(base)}/?Action=ConfirmSubscription&TopicArn=${queryValue(topicArn)}&Token=${queryValue(token)}`;
}

/** The path Eddy serves its signing certificate under (Eddy's choice, beside the admin API's `/_eddy/`). */
export const SIGNING_CERT_PATH_PREFIX = '/_eddy/sns/';

/** `/_eddy/sns/SimpleNotificationService-<hash>.pem`: the path to answer with `identity.certificatePem`. */
export function signingCertPath(identity: SigningIdentity): string {
  return `${SIGNING_CERT_PATH_PREFIX}${identity.certificateFileName}`;
}

/** `<base>/_eddy/sns/SimpleNotificationService-<hash>.pem`, the SigningCertURL. */
export function signingCertUrl(base: string, identity: SigningIdentity): string {
  return `${trimmed(base)}${signingCertPath(identity)}`;
}
