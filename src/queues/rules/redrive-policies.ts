import { sqsErrors } from './sqs-errors.js';

/** Where a queue sends messages received more than `maxReceiveCount` times. */
export interface RedrivePolicy {
  deadLetterTargetArn: string;
  maxReceiveCount: number;
}

/** Which source queues may use this queue as their dead-letter queue. */
export interface RedriveAllowPolicy {
  redrivePermission: 'allowAll' | 'denyAll' | 'byQueue';
  sourceQueueArns?: string[];
}

const QUEUE_ARN = /^arn:aws[a-z-]*:sqs:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,80}(\.fifo)?$/;
const MAX_SOURCE_QUEUES = 10;
const PERMISSIONS = ['allowAll', 'denyAll', 'byQueue'] as const;

/** Whether `arn` has the shape of an SQS queue ARN. */
export const isQueueArn = (arn: unknown): arn is string => typeof arn === 'string' && QUEUE_ARN.test(arn);

/**
 * Parses the RedrivePolicy attribute (JSON text). `maxReceiveCount` may be a number or a numeric
 * string, as CloudFormation sends it. Whether the target exists, belongs to the same account and
 * is of the same type is for the operation to check. Reasons' wording is unconfirmed.
 */
export function parseRedrivePolicy(text: string): RedrivePolicy {
  const invalid = (reason: string) =>
    sqsErrors.invalidParameterValue(`Value ${text} for parameter RedrivePolicy is invalid. Reason: ${reason}`);
  const policy = parseJsonMap(text);
  if (!policy) throw invalid('Redrive policy is not a valid JSON map.');
  for (const key of Object.keys(policy)) {
    if (key !== 'deadLetterTargetArn' && key !== 'maxReceiveCount') {
      throw invalid('Only following attributes are supported: [deadLetterTargetArn, maxReceiveCount].');
    }
  }
  for (const key of ['deadLetterTargetArn', 'maxReceiveCount']) {
    if (policy[key] === undefined) throw invalid(`Redrive policy does not contain mandatory attribute: ${key}.`);
  }
  if (!isQueueArn(policy['deadLetterTargetArn'])) throw invalid('Invalid value for deadLetterTargetArn.');
  const count = policy['maxReceiveCount'];
  const maxReceiveCount = typeof count === 'string' && /^\d+$/.test(count) ? Number(count) : count;
  if (typeof maxReceiveCount !== 'number' || !Number.isInteger(maxReceiveCount) || maxReceiveCount < 1 || maxReceiveCount > 1000) {
    throw invalid(`Invalid value for maxReceiveCount: ${String(count)}, valid values are from 1 to 1000 both inclusive.`);
  }
  return { deadLetterTargetArn: policy['deadLetterTargetArn'], maxReceiveCount };
}

/** Parses the RedriveAllowPolicy attribute (JSON text). Reasons' wording is unconfirmed. */
export function parseRedriveAllowPolicy(text: string): RedriveAllowPolicy {
  const invalid = (reason: string) =>
    sqsErrors.invalidParameterValue(`Value ${text} for parameter RedriveAllowPolicy is invalid. Reason: ${reason}`);
  const policy = parseJsonMap(text);
  if (!policy) throw invalid('Redrive allow policy is not a valid JSON map.');
  for (const key of Object.keys(policy)) {
    if (key !== 'redrivePermission' && key !== 'sourceQueueArns') {
      throw invalid('Only following attributes are supported: [redrivePermission, sourceQueueArns].');
    }
  }
  const permission = policy['redrivePermission'];
  if (!PERMISSIONS.includes(permission as RedriveAllowPolicy['redrivePermission'])) {
    throw invalid(`Invalid value for redrivePermission: ${String(permission)}. Valid values are allowAll, denyAll and byQueue.`);
  }
  const sources = policy['sourceQueueArns'];
  if (permission !== 'byQueue') {
    if (sources !== undefined) throw invalid('sourceQueueArns can be specified only when redrivePermission is byQueue.');
    return { redrivePermission: permission as 'allowAll' | 'denyAll' };
  }
  if (!Array.isArray(sources) || sources.length === 0 || sources.length > MAX_SOURCE_QUEUES) {
    throw invalid(`sourceQueueArns must list between 1 and ${MAX_SOURCE_QUEUES} queue ARNs when redrivePermission is byQueue.`);
  }
  for (const arn of sources) {
    if (!isQueueArn(arn)) throw invalid(`Invalid value for sourceQueueArns: ${String(arn)}.`);
  }
  return { redrivePermission: 'byQueue', sourceQueueArns: [...sources] as string[] };
}

/** The attribute text GetQueueAttributes returns, e.g. `{"deadLetterTargetArn":"arn:…","maxReceiveCount":5}`. */
export const formatRedrivePolicy = (policy: RedrivePolicy): string =>
  JSON.stringify({ deadLetterTargetArn: policy.deadLetterTargetArn, maxReceiveCount: policy.maxReceiveCount });

export const formatRedriveAllowPolicy = (policy: RedriveAllowPolicy): string =>
  JSON.stringify(
    policy.sourceQueueArns === undefined
      ? { redrivePermission: policy.redrivePermission }
      : { redrivePermission: policy.redrivePermission, sourceQueueArns: policy.sourceQueueArns },
  );

function parseJsonMap(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
