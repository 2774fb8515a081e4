import { changeMessageVisibility, changeMessageVisibilityBatch } from '../queues/operations/change-message-visibility.js';
import {
  cancelMessageMoveTask,
  listDeadLetterSourceQueues,
  listMessageMoveTasks,
  startMessageMoveTask,
} from '../queues/operations/dead-letter.js';
import { deleteMessage, deleteMessageBatch } from '../queues/operations/delete-message.js';
import { getQueueAttributes, purgeQueue, setQueueAttributes } from '../queues/operations/queue-attributes-ops.js';
import { createQueue, deleteQueue, getQueueUrl, listQueues } from '../queues/operations/queue-lifecycle.js';
import { listQueueTags, tagQueue, untagQueue } from '../queues/operations/queue-tags.js';
import { receiveMessage } from '../queues/operations/receive-message.js';
import { sendMessage, sendMessageBatch } from '../queues/operations/send-message.js';
import type { QueuesContext, QueuesOperation } from '../queues/queues-context.js';
import { sqsErrors } from '../queues/rules/sqs-errors.js';
import type { JsonService } from './json-service.js';
import type { SqsOperationName } from './service-fronts.js';

/** AmazonSQS.* operations by name. */
export const sqsOperations: Record<string, QueuesOperation> = {
  CreateQueue: createQueue,
  GetQueueUrl: getQueueUrl,
  ListQueues: listQueues,
  DeleteQueue: deleteQueue,
  GetQueueAttributes: getQueueAttributes,
  SetQueueAttributes: setQueueAttributes,
  PurgeQueue: purgeQueue,
  TagQueue: tagQueue,
  UntagQueue: untagQueue,
  ListQueueTags: listQueueTags,
  SendMessage: sendMessage,
  SendMessageBatch: sendMessageBatch,
  ReceiveMessage: receiveMessage,
  DeleteMessage: deleteMessage,
  DeleteMessageBatch: deleteMessageBatch,
  ChangeMessageVisibility: changeMessageVisibility,
  ChangeMessageVisibilityBatch: changeMessageVisibilityBatch,
  ListDeadLetterSourceQueues: listDeadLetterSourceQueues,
  StartMessageMoveTask: startMessageMoveTask,
  ListMessageMoveTasks: listMessageMoveTasks,
  CancelMessageMoveTask: cancelMessageMoveTask,
} satisfies Record<SqsOperationName, QueuesOperation>;

/** SQS's JSON 1.0 front on the same port: `X-Amz-Target: AmazonSQS.<Operation>`. */
export function sqsService(ctx: QueuesContext): JsonService {
  const operations = new Map<string, (input: Record<string, unknown>) => Promise<unknown>>();
  for (const [name, operation] of Object.entries(sqsOperations)) {
    operations.set(name, (input) => operation(ctx, input));
  }
  return { targetPrefix: 'AmazonSQS', signingName: 'sqs', operations, internalError: () => sqsErrors.internalError() };
}
