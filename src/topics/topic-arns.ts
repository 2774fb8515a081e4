import type { Deployment } from '../shared/arns.js';
import { topicsErrors } from './topics-errors.js';

export const topicArn = (d: Deployment, name: string): string => `arn:aws:sns:${d.region}:${d.account}:${name}`;
export const subscriptionArn = (d: Deployment, topic: string, id: string): string => `${topicArn(d, topic)}:${id}`;

/** Standard names: 1–256 of `[A-Za-z0-9_-]`; FIFO names the same plus `.fifo`, within the 256 [SEMANTICS E.2]. */
export const validTopicName = (name: string, fifo: boolean): boolean =>
  fifo ? name.length <= 256 && /^[A-Za-z0-9_-]{1,251}\.fifo$/.test(name) : /^[A-Za-z0-9_-]{1,256}$/.test(name);

/** `Invalid parameter: <param> Reason: An ARN must have at least 6 elements, not N` [SEMANTICS E.2 O]. */
function arnParts(arn: string, param: string): string[] {
  const parts = arn.split(':');
  if (parts.length < 6) throw topicsErrors.invalidParameter(`Invalid parameter: ${param} Reason: An ARN must have at least 6 elements, not ${parts.length}`);
  return parts;
}

/** Whether the ARN is SNS's in this deployment's region and account (another region is `Invalid parameter: <param>`). */
const ours = (d: Deployment, parts: readonly string[]) => parts[0] === 'arn' && parts[2] === 'sns' && parts[3] === d.region && parts[4] === d.account;

/** The topic name a TopicArn names; a malformed or foreign one is `Invalid parameter: <badName>`. */
export function topicNameOf(d: Deployment, arn: string, param = 'TopicArn', badName = param): string {
  const parts = arnParts(arn, param);
  const name = parts.slice(5).join(':');
  if (!ours(d, parts) || parts.length !== 6 || !validTopicName(name, name.endsWith('.fifo'))) throw topicsErrors.invalidParameter(`Invalid parameter: ${badName}`);
  return name;
}

/**
 * The subscription id a SubscriptionArn names (`<topicArn>:<id>`); a topic-shaped ARN is `Invalid
 * parameter: SubscriptionId` [SEMANTICS E.2 O], a foreign one `Invalid parameter: SubscriptionArn` (unconfirmed).
 */
export function subscriptionOf(d: Deployment, arn: string): { topic: string; id: string } {
  const parts = arnParts(arn, 'SubscriptionArn');
  if (!ours(d, parts)) throw topicsErrors.invalidParameter('Invalid parameter: SubscriptionArn');
  if (parts.length !== 7 || parts[6] === '') throw topicsErrors.invalidParameter('Invalid parameter: SubscriptionId');
  return { topic: parts[5]!, id: parts[6]! };
}
