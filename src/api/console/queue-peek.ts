import type { MessagePayload } from '../../queues/message-entry.js';
import { optionalInteger } from '../../queues/input-fields.js';
import { queueGone, requireQueue } from '../../queues/queue-lookup.js';
import type { QueuesContext } from '../../queues/queues-context.js';
import { sqsErrors } from '../../queues/rules/sqs-errors.js';

/** Messages a page when the request does not say. */
const DEFAULT_PAGE = 20;

/**
 * `POST /_eddy/sqs/PeekMessages` `{ QueueUrl, MaxNumberOfMessages? (1–100, 20), After? }`: a queue's messages in
 * the order they were stored, read without receiving them — a receive would count towards the redrive policy
 * and hide the message from consumers. Each with its body, attributes, sent time, receive count and state
 * (`visible`, `in flight`: received and its visibility timeout running, `delayed`: not yet received and its
 * delay running). `NextToken`, when there may be more, is the `After` of the next page. Errors are SQS's
 * (QueueDoesNotExist for an unknown queue).
 */
export async function peekMessages(ctx: QueuesContext, input: Record<string, unknown>): Promise<unknown> {
  const queue = await requireQueue(ctx, input);
  const limit = optionalInteger(input, 'MaxNumberOfMessages', 1, 100) ?? DEFAULT_PAGE;
  const token = input['After'];
  const after = token === undefined ? 0 : typeof token === 'string' && /^\d{1,15}$/.test(token) ? Number(token) : NaN;
  if (Number.isNaN(after)) {
    throw sqsErrors.invalidParameterValue('Value for parameter After is invalid: it is the NextToken of a previous page.');
  }
  const page = await ctx.store.browse(queue.id, after, limit).catch(queueGone);
  const now = ctx.clock.now();
  const messages = page.map((m) => {
    const payload = JSON.parse(m.payload) as MessagePayload;
    return {
      MessageId: m.messageId,
      Body: m.body,
      State: m.visibleAt <= now ? 'visible' : m.receiveCount > 0 ? 'in flight' : 'delayed',
      SentTimestamp: new Date(m.sentAt).toISOString(),
      ...(m.visibleAt > now && { VisibleAt: new Date(m.visibleAt).toISOString() }),
      ApproximateReceiveCount: m.receiveCount,
      ...(m.groupId !== undefined && { MessageGroupId: m.groupId }),
      ...(payload.d !== undefined && { MessageDeduplicationId: payload.d }),
      ...(payload.a && { MessageAttributes: payload.a }),
      ...(payload.s && { MessageSystemAttributes: payload.s }),
    };
  });
  return { Messages: messages, ...(page.length === limit && { NextToken: String(page[page.length - 1]!.sequence) }) };
}
