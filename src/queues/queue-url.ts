import type { Deployment } from '../shared/arns.js';

/** `arn:aws:sqs:REGION:ACCOUNT:NAME`, as SQS gives QueueArn. */
export const queueArn = (d: Deployment, name: string): string => `arn:aws:sqs:${d.region}:${d.account}:${name}`;

/** `http://HOST:PORT/ACCOUNT/NAME`: the endpoint the queue's clients already talk to. */
export const queueUrl = (endpoint: string, d: Deployment, name: string): string => `${endpoint}/${d.account}/${name}`;

/**
 * The queue name a QueueUrl names, or undefined when it is not a queue URL of this account. Any host is
 * accepted (clients may reach Eddy under another name, or keep AWS-style URLs in their configuration):
 * the path's last two segments are the account and the name.
 */
export function queueNameOfUrl(url: string, d: Deployment): string | undefined {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return undefined;
  }
  const parts = path.split('/').filter((part) => part !== '');
  if (parts.length !== 2 || parts[0] !== d.account) return undefined;
  return decodeURIComponent(parts[1]!);
}

/** The queue name of a queue ARN of this deployment, or undefined. */
export function queueNameOfArn(arn: string, d: Deployment): string | undefined {
  const parts = arn.split(':');
  if (parts.length !== 6 || parts[0] !== 'arn' || parts[2] !== 'sqs') return undefined;
  if (parts[3] !== d.region || parts[4] !== d.account || parts[5] === '') return undefined;
  return parts[5];
}
