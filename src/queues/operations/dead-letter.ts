import { decodeNextToken, encodeNextToken, optionalInteger, optionalString, requiredString } from '../input-fields.js';
import type { MoveTask } from '../message-move-tasks.js';
import { queueByArn, requireQueue } from '../queue-lookup.js';
import { queueArn, queueUrl } from '../queue-url.js';
import type { Queue, QueuesContext } from '../queues-context.js';
import { sqsErrors } from '../rules/sqs-errors.js';

/** The queues whose RedrivePolicy targets `dlq`, by name. */
async function sourcesOf(ctx: QueuesContext, dlq: Queue): Promise<Queue[]> {
  const arn = queueArn(ctx.deployment, dlq.name);
  return (await ctx.store.list<Queue['attributes']>()).filter((q) => q.attributes.RedrivePolicy?.deadLetterTargetArn === arn);
}

/** ListDeadLetterSourceQueues. */
export async function listDeadLetterSourceQueues(ctx: QueuesContext, input: Record<string, unknown>): Promise<unknown> {
  const dlq = await requireQueue(ctx, input);
  const max = optionalInteger(input, 'MaxResults', 1, 1000, 'MaxResults must be an integer between 1 and 1000.');
  const after = decodeNextToken(optionalString(input, 'NextToken'));
  const sources = (await sourcesOf(ctx, dlq)).filter((q) => after === undefined || Buffer.compare(Buffer.from(q.name), Buffer.from(after)) > 0);
  const page = sources.slice(0, max ?? 1000);
  const out: Record<string, unknown> = { queueUrls: page.map((q) => queueUrl(ctx.endpoint(), ctx.deployment, q.name)) };
  if (max !== undefined && sources.length > page.length) out['NextToken'] = encodeNextToken(page[page.length - 1]!.name);
  return out;
}

/** StartMessageMoveTask: moves a dead-letter queue's messages back to their sources, or to DestinationArn. */
export async function startMessageMoveTask(ctx: QueuesContext, input: Record<string, unknown>): Promise<unknown> {
  const sourceArn = requiredString(input, 'SourceArn');
  const source = await queueByArn(ctx, sourceArn);
  if (!source) throw sqsErrors.resourceNotFound('The resource that you specified for the SourceArn parameter doesn\'t exist.');
  if ((await sourcesOf(ctx, source)).length === 0) {
    // Unconfirmed wording.
    throw sqsErrors.invalidParameterValue('Source queue must be configured as a Dead Letter Queue.');
  }
  const destinationArn = optionalString(input, 'DestinationArn');
  let destination: Queue | undefined;
  if (destinationArn !== undefined) {
    destination = await queueByArn(ctx, destinationArn);
    if (!destination) throw sqsErrors.resourceNotFound('The resource that you specified for the DestinationArn parameter doesn\'t exist.');
  }
  const rate = optionalInteger(input, 'MaxNumberOfMessagesPerSecond', 1, 500, 'Must be between 1 and 500, if provided.');
  if (ctx.moveTasks.running(source.id)) {
    // Unconfirmed wording: SQS allows one active move task per queue.
    throw sqsErrors.unsupportedOperation('There is already a task running. Only one active task is allowed for each source queue.');
  }
  const now = ctx.clock.now();
  const stats = await ctx.store.stats(source.id, now, now - source.attributes.MessageRetentionPeriod * 1000);
  const task = await ctx.moveTasks.start({
    sourceQueueId: source.id,
    sourceArn,
    ...(destination && { destinationQueueId: destination.id, destinationArn }),
    ...(rate !== undefined && { maxPerSecond: rate }),
    toMove: stats.visible + stats.inFlight + stats.delayed,
  });
  return { TaskHandle: task.taskHandle };
}

/** ListMessageMoveTasks: the source queue's most recent tasks (MaxResults 1–10, default 1). */
export async function listMessageMoveTasks(ctx: QueuesContext, input: Record<string, unknown>): Promise<unknown> {
  const sourceArn = requiredString(input, 'SourceArn');
  const source = await queueByArn(ctx, sourceArn);
  if (!source) throw sqsErrors.resourceNotFound('The resource that you specified for the SourceArn parameter doesn\'t exist.');
  const max = optionalInteger(input, 'MaxResults', 1, 10, 'Must be between 1 and 10, if provided.') ?? 1;
  return { Results: ctx.moveTasks.list(source.id).slice(0, max).map(taskView) };
}

/** CancelMessageMoveTask: stops a running task; messages moved so far stay moved. */
export async function cancelMessageMoveTask(ctx: QueuesContext, input: Record<string, unknown>): Promise<unknown> {
  const handle = requiredString(input, 'TaskHandle');
  const task = ctx.moveTasks.find(handle);
  if (!task) throw sqsErrors.resourceNotFound('Task does not exist.');
  if (task.status !== 'RUNNING') throw sqsErrors.unsupportedOperation('Only active tasks can be cancelled.');
  await ctx.moveTasks.cancel(task);
  return { ApproximateNumberOfMessagesMoved: task.moved };
}

function taskView(task: MoveTask): Record<string, unknown> {
  return {
    ...(task.status === 'RUNNING' && { TaskHandle: task.taskHandle }),
    Status: task.status,
    SourceArn: task.sourceArn,
    ...(task.destinationArn !== undefined && { DestinationArn: task.destinationArn }),
    ...(task.maxPerSecond !== undefined && { MaxNumberOfMessagesPerSecond: task.maxPerSecond }),
    ApproximateNumberOfMessagesMoved: task.moved,
    ApproximateNumberOfMessagesToMove: task.toMove,
    ...(task.failureReason !== undefined && { FailureReason: task.failureReason }),
    StartedTimestamp: task.startedAt,
  };
}
