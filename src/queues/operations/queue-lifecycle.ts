import { decodeNextToken, encodeNextToken, optionalInteger, optionalString, optionalStringMap, requiredString } from '../input-fields.js';
import { requireQueue } from '../queue-lookup.js';
import { queueUrl } from '../queue-url.js';
import type { Queue, QueuesContext } from '../queues-context.js';
import { checkRedriveTarget } from '../redrive-target.js';
import { applyAttributes, checkQueueName, checkTags, defaultSettings, differingCreateAttribute } from '../rules/queue-attributes.js';
import { sqsErrors } from '../rules/sqs-errors.js';

const urlOf = (ctx: QueuesContext, name: string) => queueUrl(ctx.endpoint(), ctx.deployment, name);

/** CreateQueue: creates the queue, or returns the URL of an existing one with the same attributes. */
export async function createQueue(ctx: QueuesContext, input: Record<string, unknown>): Promise<unknown> {
  const name = requiredString(input, 'QueueName');
  const attributes = optionalStringMap(input, 'Attributes') ?? {};
  const settings = applyAttributes(defaultSettings(false), attributes, 'create', name);
  const fifo = settings.FifoQueue;
  checkQueueName(name, fifo);
  const tags = checkTags(optionalStringMap(input, 'tags') ?? {});
  await checkRedriveTarget(ctx, settings, fifo, name);
  const { queue, created } = await ctx.store.create({ name, fifo, attributes: settings, tags, now: ctx.clock.now() });
  if (!created) {
    // As SQS: only the attributes this request gives must match the existing queue's.
    const differing = differingCreateAttribute((queue as Queue).attributes, attributes, name);
    if (differing !== undefined) throw sqsErrors.queueNameExists(name, differing);
  }
  return { QueueUrl: urlOf(ctx, name) };
}

/** GetQueueUrl. */
export async function getQueueUrl(ctx: QueuesContext, input: Record<string, unknown>): Promise<unknown> {
  const name = requiredString(input, 'QueueName');
  const owner = optionalString(input, 'QueueOwnerAWSAccountId');
  if (owner !== undefined && owner !== ctx.deployment.account) throw sqsErrors.queueDoesNotExist();
  const queue = await ctx.store.get(name);
  if (!queue) throw sqsErrors.queueDoesNotExist();
  return { QueueUrl: urlOf(ctx, name) };
}

/** ListQueues: by name, optionally by prefix; pages of MaxResults (1–1000) with NextToken when asked for. */
export async function listQueues(ctx: QueuesContext, input: Record<string, unknown>): Promise<unknown> {
  const prefix = optionalString(input, 'QueueNamePrefix');
  const max = optionalInteger(input, 'MaxResults', 1, 1000, 'MaxResults must be an integer between 1 and 1000.');
  const after = decodeNextToken(optionalString(input, 'NextToken'));
  if (after !== undefined && max === undefined) {
    throw sqsErrors.invalidParameterValue('MaxResults is a mandatory parameter when you provide a value for NextToken.');
  }
  const queues = (await ctx.store.list(prefix)).filter((q) => after === undefined || Buffer.compare(Buffer.from(q.name), Buffer.from(after)) > 0);
  const page = queues.slice(0, max ?? 1000);
  const out: Record<string, unknown> = { QueueUrls: page.map((q) => urlOf(ctx, q.name)) };
  if (max !== undefined && queues.length > page.length) out['NextToken'] = encodeNextToken(page[page.length - 1]!.name);
  return out;
}

/** DeleteQueue: the queue and its messages go at once; waiting receives end. */
export async function deleteQueue(ctx: QueuesContext, input: Record<string, unknown>): Promise<unknown> {
  const queue = await requireQueue(ctx, input);
  await ctx.store.delete(queue.name);
  ctx.moveTasks.forgetQueue(queue.id);
  ctx.waiters.notify(queue.id);
  return {};
}
