import type { BusContext, BusOperation } from '../bus/bus-context.js';
import { busErrors } from '../bus/bus-errors.js';
import { cancelReplay } from '../bus/operations/cancel-replay.js';
import { createApiDestination } from '../bus/operations/create-api-destination.js';
import { createArchive } from '../bus/operations/create-archive.js';
import { createConnection } from '../bus/operations/create-connection.js';
import { createEventBus } from '../bus/operations/create-event-bus.js';
import { deauthorizeConnection } from '../bus/operations/deauthorize-connection.js';
import { deleteApiDestination } from '../bus/operations/delete-api-destination.js';
import { deleteArchive } from '../bus/operations/delete-archive.js';
import { deleteConnection } from '../bus/operations/delete-connection.js';
import { deleteEventBus } from '../bus/operations/delete-event-bus.js';
import { deleteRule } from '../bus/operations/delete-rule.js';
import { describeApiDestination } from '../bus/operations/describe-api-destination.js';
import { describeArchive } from '../bus/operations/describe-archive.js';
import { describeConnection } from '../bus/operations/describe-connection.js';
import { describeEventBus } from '../bus/operations/describe-event-bus.js';
import { describeReplay } from '../bus/operations/describe-replay.js';
import { describeRule } from '../bus/operations/describe-rule.js';
import { disableRule } from '../bus/operations/disable-rule.js';
import { enableRule } from '../bus/operations/enable-rule.js';
import { listApiDestinations } from '../bus/operations/list-api-destinations.js';
import { listArchives } from '../bus/operations/list-archives.js';
import { listConnections } from '../bus/operations/list-connections.js';
import { listEventBuses } from '../bus/operations/list-event-buses.js';
import { listReplays } from '../bus/operations/list-replays.js';
import { listRuleNamesByTarget } from '../bus/operations/list-rule-names-by-target.js';
import { listRules } from '../bus/operations/list-rules.js';
import { listTagsForResource } from '../bus/operations/list-tags-for-resource.js';
import { listTargetsByRule } from '../bus/operations/list-targets-by-rule.js';
import { putEvents } from '../bus/operations/put-events.js';
import { putPermission } from '../bus/operations/put-permission.js';
import { putRule } from '../bus/operations/put-rule.js';
import { putTargets } from '../bus/operations/put-targets.js';
import { removePermission } from '../bus/operations/remove-permission.js';
import { removeTargets } from '../bus/operations/remove-targets.js';
import { startReplay } from '../bus/operations/start-replay.js';
import { tagResource } from '../bus/operations/tag-resource.js';
import { testEventPattern } from '../bus/operations/test-event-pattern.js';
import { untagResource } from '../bus/operations/untag-resource.js';
import { updateApiDestination } from '../bus/operations/update-api-destination.js';
import { updateArchive } from '../bus/operations/update-archive.js';
import { updateConnection } from '../bus/operations/update-connection.js';
import { updateEventBus } from '../bus/operations/update-event-bus.js';
import type { JsonService } from './json-service.js';
import type { EventBridgeOperationName } from './service-fronts.js';

/** AWSEvents.* operations by name; the others (connections, API destinations, …) answer UnknownOperationException until they land. */
export const eventBridgeOperations: Record<string, BusOperation> = {
  CreateEventBus: createEventBus,
  DescribeEventBus: describeEventBus,
  ListEventBuses: listEventBuses,
  UpdateEventBus: updateEventBus,
  DeleteEventBus: deleteEventBus,
  PutPermission: putPermission,
  RemovePermission: removePermission,
  PutRule: putRule,
  DescribeRule: describeRule,
  ListRules: listRules,
  EnableRule: enableRule,
  DisableRule: disableRule,
  DeleteRule: deleteRule,
  ListRuleNamesByTarget: listRuleNamesByTarget,
  TestEventPattern: testEventPattern,
  PutTargets: putTargets,
  PutEvents: putEvents,
  RemoveTargets: removeTargets,
  ListTargetsByRule: listTargetsByRule,
  TagResource: tagResource,
  UntagResource: untagResource,
  ListTagsForResource: listTagsForResource,
  CreateArchive: createArchive,
  DescribeArchive: describeArchive,
  UpdateArchive: updateArchive,
  DeleteArchive: deleteArchive,
  ListArchives: listArchives,
  StartReplay: startReplay,
  DescribeReplay: describeReplay,
  CancelReplay: cancelReplay,
  ListReplays: listReplays,
  CreateConnection: createConnection,
  DescribeConnection: describeConnection,
  UpdateConnection: updateConnection,
  DeleteConnection: deleteConnection,
  ListConnections: listConnections,
  DeauthorizeConnection: deauthorizeConnection,
  CreateApiDestination: createApiDestination,
  DescribeApiDestination: describeApiDestination,
  UpdateApiDestination: updateApiDestination,
  DeleteApiDestination: deleteApiDestination,
  ListApiDestinations: listApiDestinations,
} satisfies Record<EventBridgeOperationName, BusOperation>;

/** EventBridge's AWS JSON 1.1 front on the same port: `X-Amz-Target: AWSEvents.<Operation>`. */
export function eventBridgeService(ctx: BusContext): JsonService {
  const operations = new Map<string, (input: Record<string, unknown>) => Promise<unknown>>();
  for (const [name, operation] of Object.entries(eventBridgeOperations)) {
    operations.set(name, (input) => operation(ctx, input));
  }
  return { targetPrefix: 'AWSEvents', signingName: 'events', operations, internalError: () => busErrors.internal() };
}
