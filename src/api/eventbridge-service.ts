import type { BusContext, BusOperation } from '../bus/bus-context.js';
import { busErrors } from '../bus/bus-errors.js';
import { createEventBus } from '../bus/operations/create-event-bus.js';
import { deleteEventBus } from '../bus/operations/delete-event-bus.js';
import { deleteRule } from '../bus/operations/delete-rule.js';
import { describeEventBus } from '../bus/operations/describe-event-bus.js';
import { describeRule } from '../bus/operations/describe-rule.js';
import { disableRule } from '../bus/operations/disable-rule.js';
import { enableRule } from '../bus/operations/enable-rule.js';
import { listEventBuses } from '../bus/operations/list-event-buses.js';
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
import { tagResource } from '../bus/operations/tag-resource.js';
import { testEventPattern } from '../bus/operations/test-event-pattern.js';
import { untagResource } from '../bus/operations/untag-resource.js';
import { updateEventBus } from '../bus/operations/update-event-bus.js';
import type { JsonService } from './json-service.js';

/** AWSEvents.* operations by name; the others (archives, replays, …) answer UnknownOperationException until they land. */
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
};

/** EventBridge's AWS JSON 1.1 front on the same port: `X-Amz-Target: AWSEvents.<Operation>`. */
export function eventBridgeService(ctx: BusContext): JsonService {
  const operations = new Map<string, (input: Record<string, unknown>) => Promise<unknown>>();
  for (const [name, operation] of Object.entries(eventBridgeOperations)) {
    operations.set(name, (input) => operation(ctx, input));
  }
  return { targetPrefix: 'AWSEvents', operations, internalError: () => busErrors.internal() };
}
