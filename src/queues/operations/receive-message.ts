import { optionalInteger, optionalString, optionalStringList } from '../input-fields.js';
import { messageView, SYSTEM_ATTRIBUTE_NAMES } from '../message-view.js';
import { queueByArn, queueGone, requireQueue } from '../queue-lookup.js';
import type { Queue, QueuesContext } from '../queues-context.js';
import { sqsErrors } from '../rules/sqs-errors.js';
import type { StoredMessage } from '../../storage/queue-store.js';
import { waitBudget } from '../../shared/wait-budget.js';

const SYSTEM_NAMES = new Set<string>(['All', ...SYSTEM_ATTRIBUTE_NAMES]);

/**
 * ReceiveMessage: claims up to MaxNumberOfMessages for VisibilityTimeout. With WaitTimeSeconds (or the
 * queue's ReceiveMessageWaitTimeSeconds) and nothing to receive, waits until a message may be ready — a
 * send, a redrive into the queue, the end of a delay or visibility timeout — and answers as soon as there
 * is one, or empty when the wait is over.
 *
 * Across a jump of Eddy's time (`eddy time`, docs/cli.md): the wait is over when either its time on Eddy's
 * clock or its time in real time has passed (waitBudget). A jump inside the wait does not end it (the
 * rest of the wait goes on); a jump past its end ends it, with the messages the jump made visible: when
 * the wait's end falls on a step of a jump being replayed (src/time), the poll waits for the jump to be
 * over and looks once more, rather than answering empty from a step on the way.
 */
export async function receiveMessage(ctx: QueuesContext, input: Record<string, unknown>): Promise<unknown> {
  const queue = await requireQueue(ctx, input);
  const max = optionalInteger(input, 'MaxNumberOfMessages', 1, 10, 'Must be between 1 and 10, if provided.') ?? 1;
  const visibility = optionalInteger(input, 'VisibilityTimeout', 0, 43_200, 'Must be between 0 and 43200, if provided.');
  const wait = optionalInteger(input, 'WaitTimeSeconds', 0, 20, 'Must be >= 0 and <= 20, if provided.');
  const systemNames = new Set([...(optionalStringList(input, 'AttributeNames') ?? []), ...(optionalStringList(input, 'MessageSystemAttributeNames') ?? [])]);
  for (const name of systemNames) {
    if (!SYSTEM_NAMES.has(name)) throw sqsErrors.invalidAttributeName(`Unknown Attribute ${name}.`);
  }
  const attributeNames = optionalStringList(input, 'MessageAttributeNames');
  optionalString(input, 'ReceiveRequestAttemptId');

  const waitMs = (wait ?? queue.attributes.ReceiveMessageWaitTimeSeconds) * 1000;
  const budget = waitBudget(ctx.clock, waitMs);
  let messages: StoredMessage[] = [];
  for (;;) {
    // Armed before looking, so a message sent while this receive looks wakes it rather than being missed.
    const armed = ctx.waiters.arm(queue.id);
    try {
      messages = await claim(ctx, queue, max, visibility ?? queue.attributes.VisibilityTimeout);
      const left = budget();
      if (messages.length > 0 || ctx.waiters.closed) break;
      if (left <= 0) {
        const jump = ctx.clock.jumpDone?.();
        if (jump === undefined) break;
        await jump; // then one more look, at the jump's end
        continue;
      }
      const now = ctx.clock.now();
      const next = await ctx.store.nextVisibleAt(queue.id, now);
      await armed.wait(next === undefined ? left : Math.min(left, Math.max(1, next - now)));
    } finally {
      armed.cancel();
    }
    if (!(await ctx.store.getById(queue.id))) throw sqsErrors.queueDoesNotExist();
  }
  const names = new Map<number, string | undefined>();
  for (const message of messages) {
    if (message.sourceQueueId !== undefined && !names.has(message.sourceQueueId)) {
      names.set(message.sourceQueueId, (await ctx.store.getById(message.sourceQueueId))?.name);
    }
  }
  const options = {
    queueId: queue.id,
    fifo: queue.fifo,
    deployment: ctx.deployment,
    systemNames,
    attributeNames,
    sourceName: (id: number) => names.get(id),
  };
  return messages.length === 0 ? {} : { Messages: messages.map((message) => messageView(message, options)) };
}

async function claim(ctx: QueuesContext, queue: Queue, max: number, visibilitySeconds: number): Promise<StoredMessage[]> {
  const now = ctx.clock.now();
  const policy = queue.attributes.RedrivePolicy;
  let redrive: { maxReceiveCount: number; deadLetterQueueId: number } | undefined;
  if (policy) {
    const dlq = await queueByArn(ctx, policy.deadLetterTargetArn);
    if (dlq) redrive = { maxReceiveCount: policy.maxReceiveCount, deadLetterQueueId: dlq.id };
  }
  const outcome = await ctx.store
    .receive({
      queueId: queue.id,
      fifo: queue.fifo,
      max,
      now,
      visibleUntil: now + visibilitySeconds * 1000,
      retainedSince: now - queue.attributes.MessageRetentionPeriod * 1000,
      ...(redrive && { redrive }),
    })
    .catch(queueGone);
  if (outcome.redriven > 0 && redrive) ctx.waiters.notify(redrive.deadLetterQueueId);
  return outcome.messages;
}
