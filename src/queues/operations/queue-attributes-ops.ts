import { optionalStringList, optionalStringMap } from '../input-fields.js';
import { queueGone, requireQueue } from '../queue-lookup.js';
import { queueArn } from '../queue-url.js';
import type { QueuesContext } from '../queues-context.js';
import { checkRedriveTarget } from '../redrive-target.js';
import { applyAttributes, settingsAsAttributes } from '../rules/queue-attributes.js';
import { sqsErrors } from '../rules/sqs-errors.js';

/** Attributes SQS computes rather than stores. */
const COMPUTED = [
  'ApproximateNumberOfMessages',
  'ApproximateNumberOfMessagesNotVisible',
  'ApproximateNumberOfMessagesDelayed',
  'CreatedTimestamp',
  'LastModifiedTimestamp',
  'QueueArn',
] as const;

/** GetQueueAttributes: the named attributes (or `All`); without AttributeNames, none. */
export async function getQueueAttributes(ctx: QueuesContext, input: Record<string, unknown>): Promise<unknown> {
  const queue = await requireQueue(ctx, input);
  const names = optionalStringList(input, 'AttributeNames') ?? [];
  if (names.length === 0) return {};
  const now = ctx.clock.now();
  const stats = await ctx.store.stats(queue.id, now, now - queue.attributes.MessageRetentionPeriod * 1000);
  const all: Record<string, string> = {
    QueueArn: queueArn(ctx.deployment, queue.name),
    ApproximateNumberOfMessages: String(stats.visible),
    ApproximateNumberOfMessagesNotVisible: String(stats.inFlight),
    ApproximateNumberOfMessagesDelayed: String(stats.delayed),
    CreatedTimestamp: String(Math.floor(queue.createdAt / 1000)),
    LastModifiedTimestamp: String(Math.floor(queue.modifiedAt / 1000)),
    ...settingsAsAttributes(queue.attributes),
  };
  if (names.includes('All')) return { Attributes: all };
  const known = new Set<string>([...COMPUTED, ...Object.keys(all), ...KNOWN_SETTINGS]);
  const out: Record<string, string> = {};
  for (const name of names) {
    if (!known.has(name)) throw sqsErrors.invalidAttributeName(`Unknown Attribute ${name}.`);
    if (all[name] !== undefined) out[name] = all[name]!;
  }
  return Object.keys(out).length === 0 ? {} : { Attributes: out };
}

/** Settable attributes that may be absent from a queue's answer (unset optional policies). */
const KNOWN_SETTINGS = [
  'DelaySeconds',
  'MaximumMessageSize',
  'MessageRetentionPeriod',
  'ReceiveMessageWaitTimeSeconds',
  'VisibilityTimeout',
  'RedrivePolicy',
  'RedriveAllowPolicy',
  'Policy',
  'FifoQueue',
  'ContentBasedDeduplication',
  'DeduplicationScope',
  'FifoThroughputLimit',
  'KmsMasterKeyId',
  'KmsDataKeyReusePeriodSeconds',
  'SqsManagedSseEnabled',
];

/** SetQueueAttributes: validated as a whole, then applied at once. */
export async function setQueueAttributes(ctx: QueuesContext, input: Record<string, unknown>): Promise<unknown> {
  const queue = await requireQueue(ctx, input);
  const attributes = optionalStringMap(input, 'Attributes');
  if (attributes === undefined) throw sqsErrors.missingParameter('The request must contain the parameter Attributes.');
  const next = applyAttributes(queue.attributes, attributes, 'set', queue.name);
  await checkRedriveTarget(ctx, next, queue.fifo, queue.name);
  const updated = await ctx.store.update<typeof next>(queue.name, ctx.clock.now(), (current) => ({
    attributes: applyAttributes(current.attributes, attributes, 'set', queue.name),
    tags: current.tags,
  }));
  if (!updated) throw sqsErrors.queueDoesNotExist();
  return {};
}

/** How long after a PurgeQueue SQS refuses another on the same queue. */
const PURGE_INTERVAL_MS = 60_000;

/**
 * PurgeQueue: deletes every message; a second purge within 60 seconds is refused, as SQS does. The time of
 * the last purge is the queue's (stored), so a purge through another node counts too.
 */
export async function purgeQueue(ctx: QueuesContext, input: Record<string, unknown>): Promise<unknown> {
  const queue = await requireQueue(ctx, input);
  const claimed = await ctx.store.claimPurge(queue.id, ctx.clock.now(), PURGE_INTERVAL_MS).catch(queueGone);
  if (!claimed) throw sqsErrors.purgeQueueInProgress(queue.name);
  await ctx.store.purge(queue.id).catch(queueGone);
  return {};
}
