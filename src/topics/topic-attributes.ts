import type { Deployment } from '../shared/arns.js';
import type { StoredTopic } from '../storage/topic-store.js';
import { effectiveTopicDeliveryPolicy, normaliseTopicDeliveryPolicy } from './delivery-policy.js';
import { topicArn } from './topic-arns.js';
import { topicsErrors } from './topics-errors.js';

const FEEDBACK = ['HTTP', 'Firehose', 'Lambda', 'Application', 'SQS'].flatMap((p) => [`${p}SuccessFeedbackRoleArn`, `${p}FailureFeedbackRoleArn`, `${p}SuccessFeedbackSampleRate`]);

/** Attributes SetTopicAttributes takes on any topic [SEMANTICS E.3 M]. */
const SETTABLE = new Set(['DisplayName', 'Policy', 'DeliveryPolicy', 'SignatureVersion', 'TracingConfig', 'KmsMasterKeyId', 'MaximumMessageSize', 'DataProtectionPolicy', ...FEEDBACK]);
/** …and on FIFO topics only. */
const FIFO_SETTABLE = new Set(['ArchivePolicy', 'ContentBasedDeduplication', 'FifoThroughputScope']);

const invalid = (name: string, why?: string) => topicsErrors.invalidParameter(`Invalid parameter: ${name}${why ? ` Reason: ${why}` : ''}`);

/**
 * The stored value of one settable attribute, checked and normalised; '' removes the policies
 * (DeliveryPolicy [O], the others alike, unconfirmed). A name that is unknown, read-only, or FIFO-only on
 * a standard topic is `Invalid parameter: AttributeName` [O]. Value wordings are unconfirmed.
 */
export function topicAttributeValue(name: string, value: string, fifo: boolean): string | undefined {
  if (!SETTABLE.has(name) && !(fifo && FIFO_SETTABLE.has(name))) throw topicsErrors.invalidParameter('Invalid parameter: AttributeName');
  switch (name) {
    case 'DeliveryPolicy':
      return value === '' ? undefined : normaliseTopicDeliveryPolicy(value);
    case 'Policy':
    case 'ArchivePolicy':
    case 'DataProtectionPolicy': {
      if (value === '') return undefined;
      try {
        const parsed: unknown = JSON.parse(value);
        if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
      } catch {
        throw invalid(name, 'failed to parse JSON');
      }
      return value;
    }
    case 'SignatureVersion':
      if (value !== '1' && value !== '2') throw invalid(name, 'must be 1 or 2');
      return value;
    case 'TracingConfig':
      if (value !== 'PassThrough' && value !== 'Active') throw invalid(name, 'must be PassThrough or Active');
      return value;
    case 'ContentBasedDeduplication':
      if (!/^(true|false)$/i.test(value)) throw invalid(name, 'must be true or false');
      return value.toLowerCase();
    case 'FifoThroughputScope':
      if (value !== 'Topic' && value !== 'MessageGroup') throw invalid(name, 'must be Topic or MessageGroup');
      return value;
    case 'MaximumMessageSize': {
      const size = /^[0-9]{1,7}$/.test(value) ? Number(value) : NaN;
      if (!(size >= 1_024 && size <= 262_144)) throw invalid(name, 'must be an integer from 1024 to 262144');
      return String(size);
    }
    default:
      if (name.endsWith('SampleRate')) {
        const rate = /^[0-9]{1,3}$/.test(value) ? Number(value) : NaN;
        if (!(rate >= 0 && rate <= 100)) throw invalid(name, 'must be an integer from 0 to 100');
      }
      return value;
  }
}

/** The default access policy of a fresh topic [SEMANTICS E.3 O]. */
export function defaultTopicPolicy(d: Deployment, arn: string): string {
  return JSON.stringify({
    Version: '2008-10-17',
    Id: '__default_policy_ID',
    Statement: [
      {
        Sid: '__default_statement_ID',
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: ['SNS:GetTopicAttributes', 'SNS:SetTopicAttributes', 'SNS:AddPermission', 'SNS:RemovePermission', 'SNS:DeleteTopic', 'SNS:Subscribe', 'SNS:ListSubscriptionsByTopic', 'SNS:Publish'],
        Resource: arn,
        Condition: { StringEquals: { 'AWS:SourceOwner': d.account } },
      },
    ],
  });
}

/** What GetTopicAttributes reports: the read-only attributes, the defaults, then what was set [SEMANTICS E.3]. */
export function topicAttributesView(d: Deployment, topic: StoredTopic, counts: { confirmed: number; pending: number }): Record<string, string> {
  const arn = topicArn(d, topic.name);
  const { DataProtectionPolicy: _omitted, ...set } = topic.attributes;
  return {
    Owner: d.account,
    TopicArn: arn,
    DisplayName: '',
    Policy: defaultTopicPolicy(d, arn),
    SubscriptionsConfirmed: String(counts.confirmed),
    SubscriptionsPending: String(counts.pending),
    SubscriptionsDeleted: String(topic.subscriptionsDeleted),
    ...(topic.fifo && { FifoTopic: 'true', ContentBasedDeduplication: 'false' }),
    ...set,
    EffectiveDeliveryPolicy: effectiveTopicDeliveryPolicy(topic.attributes['DeliveryPolicy']),
  };
}
