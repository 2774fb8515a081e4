import { MissingQueueError } from '../storage/queue-store.js';
import { sqsErrors } from './rules/sqs-errors.js';
import { queueNameOfArn, queueNameOfUrl } from './queue-url.js';
import type { Queue, QueuesContext } from './queues-context.js';

/** The queue a request's QueueUrl names; MissingParameter without one, QueueDoesNotExist when there is none. */
export async function requireQueue(ctx: QueuesContext, input: Record<string, unknown>): Promise<Queue> {
  const url = input['QueueUrl'];
  if (url === undefined || url === null) throw sqsErrors.missingParameter('The request must contain the parameter QueueUrl.');
  if (typeof url !== 'string') throw sqsErrors.invalidParameterValue('Value for parameter QueueUrl is invalid.');
  const name = queueNameOfUrl(url, ctx.deployment);
  const queue = name === undefined ? undefined : await ctx.store.get<Queue['attributes']>(name);
  if (!queue) throw sqsErrors.queueDoesNotExist();
  return queue;
}

/** The queue an ARN names, or undefined (not an ARN of this deployment, or no such queue). */
export async function queueByArn(ctx: QueuesContext, arn: string): Promise<Queue | undefined> {
  const name = queueNameOfArn(arn, ctx.deployment);
  return name === undefined ? undefined : ctx.store.get<Queue['attributes']>(name);
}

/** For `.catch` on store calls: a queue deleted since it was looked up is QueueDoesNotExist. */
export function queueGone(error: unknown): never {
  if (error instanceof MissingQueueError) throw sqsErrors.queueDoesNotExist();
  throw error;
}
