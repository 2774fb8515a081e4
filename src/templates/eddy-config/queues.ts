// AWS::SQS::Queue → `queues`. Encryption, RedriveAllowPolicy and tags change nothing locally and are not kept.
import type { QueueConfig } from '../../config/config-types.js';
import { booleanProperty, numberProperty, type ResourceMapper } from './resource-mapper.js';
import { queueNameOf } from './resource-names.js';

const NUMBERS = [
  ['VisibilityTimeout', 'visibilityTimeout'],
  ['DelaySeconds', 'delaySeconds'],
  ['MaximumMessageSize', 'maximumMessageSize'],
  ['MessageRetentionPeriod', 'messageRetentionPeriod'],
  ['ReceiveMessageWaitTimeSeconds', 'receiveMessageWaitTimeSeconds'],
] as const;

export const mapQueue: ResourceMapper = (resource, ctx) => {
  const p = resource.properties;
  const queue: QueueConfig = {};
  if (booleanProperty(resource, ctx, 'FifoQueue')) queue.fifo = true;
  for (const [key, field] of NUMBERS) {
    const value = numberProperty(resource, ctx, key);
    if (value !== undefined) queue[field] = value;
  }
  const dedup = booleanProperty(resource, ctx, 'ContentBasedDeduplication');
  if (dedup !== undefined) queue.contentBasedDeduplication = dedup;
  if (p['DeduplicationScope'] !== undefined) queue.deduplicationScope = p['DeduplicationScope'] as QueueConfig['deduplicationScope'];
  if (p['FifoThroughputLimit'] !== undefined) queue.fifoThroughputLimit = p['FifoThroughputLimit'] as QueueConfig['fifoThroughputLimit'];
  if (p['RedrivePolicy'] !== undefined) {
    // An object, or (as SetQueueAttributes takes it) its JSON text.
    let policy = p['RedrivePolicy'];
    if (typeof policy === 'string') {
      try {
        policy = JSON.parse(policy);
      } catch {
        ctx.fail(resource, ['RedrivePolicy'], 'RedrivePolicy must be an object or its JSON text');
      }
    }
    const { deadLetterTargetArn: arn, maxReceiveCount: count } = (policy ?? {}) as Record<string, unknown>;
    const target = (typeof arn === 'string' ? queueNameOf(arn) : undefined) ??
      ctx.fail(resource, ['RedrivePolicy', 'deadLetterTargetArn'], `deadLetterTargetArn must be a queue's ARN, got ${JSON.stringify(arn)}`);
    const maxReceiveCount = numberProperty(resource, ctx, 'maxReceiveCount', count, ['RedrivePolicy', 'maxReceiveCount']) ??
      ctx.fail(resource, ['RedrivePolicy', 'maxReceiveCount'], 'maxReceiveCount is required');
    queue.deadLetter = { queue: target, maxReceiveCount };
  }
  ctx.config.queues[ctx.nameOf(resource)] = queue;
};
