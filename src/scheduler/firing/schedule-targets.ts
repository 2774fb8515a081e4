import type { BusContext } from '../../bus/bus-context.js';
import { deliveryFailures, DeliveryFailure } from '../../bus/delivery/delivery-failure.js';
import type { AsyncFunctions } from '../../bus/delivery/function-target.js';
import { sendQueueMessage } from '../../bus/delivery/queue-target.js';
import { EntryRefusedError, putOnBus } from '../../bus/routing/put-on-bus.js';
import type { QueuesContext } from '../../queues/queues-context.js';
import type { Deployment } from '../../shared/arns.js';
import { ServiceError } from '../../shared/service-error.js';
import type { ScheduleTarget } from '../schedule-definition.js';

/** Where a schedule's targets are reached: Lambda's asynchronous invocation, the queues' and the bus's own entry points. */
export interface ScheduleTargetDeps {
  readonly functions: AsyncFunctions;
  readonly queues: QueuesContext;
  readonly bus: BusContext;
  readonly deployment: Deployment;
}

const FUNCTION_ARN = /^arn:aws[\w-]*:lambda:([a-z0-9-]+):(\d{12}):function:([A-Za-z0-9_-]+)(?::([\w$-]+))?$/;
const QUEUE_ARN = /^arn:aws[\w-]*:sqs:/;
const BUS_ARN = /^arn:aws[\w-]*:events:[^:]*:[^:]*:event-bus\//;

/**
 * Runs a templated target once with `payload` (SEMANTICS F.3); resolves once the target took it, throws a
 * DeliveryFailure otherwise (the bus's vocabulary; not retried when retrying cannot help):
 * - Lambda Invoke, asynchronously (the invocation's own retries are Lambda's): the payload is the event.
 * - SQS SendMessage: the payload is the body; SqsParameters.MessageGroupId for a FIFO queue (which must have
 *   content-based deduplication).
 * - EventBridge PutEvents: the payload is the Detail, with EventBridgeParameters' Source and DetailType and
 *   the schedule's ARN in `resources` (unconfirmed); a bus that does not exist drops it, as PutEvents does.
 * Other targets (Step Functions, Kinesis, universal targets…) are stored but not run here: NO_RESOURCE.
 */
export async function runTarget(deps: ScheduleTargetDeps, target: ScheduleTarget, payload: string, scheduleArn: string): Promise<void> {
  const arn = target.Arn;
  const fn = FUNCTION_ARN.exec(arn);
  if (fn) {
    const ours = fn[1] === deps.deployment.region && fn[2] === deps.deployment.account;
    const qualifier = fn[4];
    if (!ours || !(await deps.functions.exists(fn[3]!, qualifier ?? '$LATEST'))) throw deliveryFailures.noResource(`Function not found: ${arn}`);
    if (!isJson(payload)) throw deliveryFailures.invalidJson(`The input for function ${fn[3]} is not JSON.`);
    await deps.functions.enqueue(fn[3]!, payload, qualifier === '$LATEST' ? undefined : qualifier);
    return;
  }
  if (QUEUE_ARN.test(arn)) {
    const groupId = target.SqsParameters?.MessageGroupId;
    await sendQueueMessage(deps.queues, arn, { body: payload, ...(groupId !== undefined && { groupId }) });
    return;
  }
  if (BUS_ARN.test(arn)) {
    const params = target.EventBridgeParameters;
    if (params === undefined) throw deliveryFailures.invalidParameter('EventBridgeParameters is required for an EventBridge target.');
    try {
      await putOnBus(deps.bus, { bus: arn, source: params.Source, detailType: params.DetailType, detail: payload, resources: [scheduleArn] });
    } catch (error) {
      if (error instanceof EntryRefusedError) throw new DeliveryFailure(error.errorCode, error.errorMessage, false);
      if (error instanceof ServiceError) throw deliveryFailures.invalidParameter(error.message); // the request PutEvents would refuse
      throw error;
    }
    return;
  }
  throw deliveryFailures.noResource(`Eddy does not run targets of this kind: ${arn}`);
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
