import type { BusContext } from '../bus/bus-context.js';
import { busErrors } from '../bus/bus-errors.js';
import type { QueuesContext } from '../queues/queues-context.js';
import { sqsErrors } from '../queues/rules/sqs-errors.js';
import type { JsonService } from './json-service.js';
import { lazyJsonService } from './lazy-service.js';

// Only requests use these services' operations (the runners deliver without them), so a start imports their
// names alone; sqs-service.ts and eventbridge-service.ts type their tables by these lists, both ways.

export const SQS_OPERATION_NAMES = [
  'CreateQueue', 'GetQueueUrl', 'ListQueues', 'DeleteQueue', 'GetQueueAttributes', 'SetQueueAttributes', 'PurgeQueue',
  'TagQueue', 'UntagQueue', 'ListQueueTags', 'SendMessage', 'SendMessageBatch', 'ReceiveMessage', 'DeleteMessage',
  'DeleteMessageBatch', 'ChangeMessageVisibility', 'ChangeMessageVisibilityBatch', 'ListDeadLetterSourceQueues',
  'StartMessageMoveTask', 'ListMessageMoveTasks', 'CancelMessageMoveTask',
] as const;
export type SqsOperationName = (typeof SQS_OPERATION_NAMES)[number];

export const EVENTBRIDGE_OPERATION_NAMES = [
  'CreateEventBus', 'DescribeEventBus', 'ListEventBuses', 'UpdateEventBus', 'DeleteEventBus', 'PutPermission', 'RemovePermission',
  'PutRule', 'DescribeRule', 'ListRules', 'EnableRule', 'DisableRule', 'DeleteRule', 'ListRuleNamesByTarget', 'TestEventPattern',
  'PutTargets', 'PutEvents', 'RemoveTargets', 'ListTargetsByRule', 'TagResource', 'UntagResource', 'ListTagsForResource',
  'CreateArchive', 'DescribeArchive', 'UpdateArchive', 'DeleteArchive', 'ListArchives', 'StartReplay', 'DescribeReplay',
  'CancelReplay', 'ListReplays', 'CreateConnection', 'DescribeConnection', 'UpdateConnection', 'DeleteConnection',
  'ListConnections', 'DeauthorizeConnection', 'CreateApiDestination', 'DescribeApiDestination', 'UpdateApiDestination',
  'DeleteApiDestination', 'ListApiDestinations',
] as const;
export type EventBridgeOperationName = (typeof EVENTBRIDGE_OPERATION_NAMES)[number];

/** SQS's JSON front (sqs-service.ts), its operations imported on its first request. */
export function sqsFront(ctx: QueuesContext): JsonService {
  return lazyJsonService(
    { targetPrefix: 'AmazonSQS', signingName: 'sqs', names: SQS_OPERATION_NAMES, internalError: () => sqsErrors.internalError() },
    async () => (await import('./sqs-service.js')).sqsService(ctx),
  );
}

/** EventBridge's JSON front (eventbridge-service.ts), its operations imported on its first request. */
export function eventBridgeFront(ctx: BusContext): JsonService {
  return lazyJsonService(
    { targetPrefix: 'AWSEvents', signingName: 'events', names: EVENTBRIDGE_OPERATION_NAMES, internalError: () => busErrors.internal() },
    async () => (await import('./eventbridge-service.js')).eventBridgeService(ctx),
  );
}
