import type { BusContext } from '../../bus/bus-context.js';
import type { AsyncFunctions } from '../../bus/delivery/function-target.js';
import { EntryRefusedError, putOnBus } from '../../bus/routing/put-on-bus.js';
import type { QueuesContext } from '../../queues/queues-context.js';
import { sendToQueue } from '../../queues/send-to-queue.js';
import type { Deployment } from '../../shared/arns.js';
import { ServiceError } from '../../shared/service-error.js';
import type { ScheduleTarget } from '../schedule-definition.js';
import { asTargetFailure, targetFailure } from './target-failure.js';
import { runUniversalTarget, universalTargetOf, type ServiceOperations } from './universal-targets.js';
import type { UnservedTargets } from './unserved-targets.js';
import type { TopicPublisher } from '../../topics/publish-to-topic.js';

/** Where a schedule's targets are reached: Lambda's asynchronous invocation, the queues' and the bus's own entry points, Eddy's other operations. */
export interface ScheduleTargetDeps {
  readonly functions: AsyncFunctions;
  readonly queues: QueuesContext;
  readonly bus: BusContext;
  readonly deployment: Deployment;
  /** Universal targets' operations (main.ts injects Eddy's JSON services'). */
  readonly operations: ServiceOperations;
  readonly unserved: UnservedTargets;
  /** SNS Publish (src/topics); without it, a topic target fails as a topic that does not exist. */
  readonly topics?: TopicPublisher;
}

const FUNCTION_ARN = /^arn:aws[\w-]*:lambda:([a-z0-9-]+):(\d{12}):function:([A-Za-z0-9_-]+)(?::([\w$-]+))?$/;
const QUEUE_ARN = /^arn:aws[\w-]*:sqs:/;
const BUS_ARN = /^arn:aws[\w-]*:events:[^:]*:[^:]*:event-bus\//;
const TOPIC_ARN = /^arn:aws[\w-]*:sns:/;

/**
 * Runs a target once with `payload` (SEMANTICS F.3); resolves once the target took it, throws a
 * DeliveryFailure in Scheduler's vocabulary otherwise (target-failure.ts: the target API's own error code):
 * - Lambda Invoke, asynchronously (the invocation's own retries are Lambda's): the payload is the event.
 * - SQS SendMessage: the payload is the body; SqsParameters.MessageGroupId for a FIFO queue (which must have
 *   content-based deduplication).
 * - EventBridge PutEvents: the payload is the Detail, with EventBridgeParameters' Source and DetailType and
 *   the schedule's ARN in `resources` (unconfirmed); a bus that does not exist drops it, as PutEvents does.
 * - SNS Publish: the payload is the Message (managing-targets-templated); a FIFO topic takes
 *   SqsParameters.MessageGroupId as its MessageGroupId (unconfirmed: Scheduler documents it for FIFO queues)
 *   and needs content-based deduplication; Publish's errors (NotFound, InvalidParameter) are the target's.
 * - Universal targets (`arn:aws:scheduler:::aws-sdk:<service>:<apiAction>`): universal-targets.ts.
 * - Templated targets of services Eddy does not serve (Step Functions, Kinesis, …): their API's not-found
 *   error (unserved-targets.ts), logged once per service.
 */
export async function runTarget(deps: ScheduleTargetDeps, target: ScheduleTarget, payload: string, scheduleArn: string): Promise<void> {
  const arn = target.Arn;
  const fn = FUNCTION_ARN.exec(arn);
  if (fn) {
    const ours = fn[1] === deps.deployment.region && fn[2] === deps.deployment.account;
    const qualifier = fn[4];
    // Lambda's Invoke errors (its model): a missing function, version or alias; an event that is not JSON.
    if (!ours || !(await deps.functions.exists(fn[3]!, qualifier ?? '$LATEST'))) throw targetFailure('ResourceNotFoundException', `Function not found: ${arn}`);
    if (!isJson(payload)) throw targetFailure('InvalidRequestContentException', 'Could not parse request body into json');
    await deps.functions.enqueue(fn[3]!, payload, qualifier === '$LATEST' ? undefined : qualifier);
    return;
  }
  if (QUEUE_ARN.test(arn)) {
    const groupId = target.SqsParameters?.MessageGroupId;
    try {
      await sendToQueue(deps.queues, { queueArn: arn, body: payload, ...(groupId !== undefined && { groupId }) });
    } catch (error) {
      throw asTargetFailure(error);
    }
    return;
  }
  if (BUS_ARN.test(arn)) {
    const params = target.EventBridgeParameters;
    if (params === undefined) throw targetFailure('ValidationException', 'EventBridgeParameters is required for an EventBridge target.');
    try {
      await putOnBus(deps.bus, { bus: arn, source: params.Source, detailType: params.DetailType, detail: payload, resources: [scheduleArn] });
    } catch (error) {
      // PutEvents' entry error codes (InvalidArgument, MalformedDetail…) and its request errors, as the API answers them.
      if (error instanceof EntryRefusedError) throw targetFailure(error.errorCode, error.errorMessage);
      if (error instanceof ServiceError) throw asTargetFailure(error);
      throw error;
    }
    return;
  }
  if (TOPIC_ARN.test(arn) && deps.topics) {
    const groupId = target.SqsParameters?.MessageGroupId;
    try {
      await deps.topics(arn, { Message: payload, ...(groupId !== undefined && { MessageGroupId: groupId }) });
    } catch (error) {
      throw asTargetFailure(error);
    }
    return;
  }
  const universal = universalTargetOf(arn);
  if (universal !== undefined) {
    try {
      await runUniversalTarget(deps, universal, payload);
    } catch (error) {
      throw asTargetFailure(error);
    }
    return;
  }
  throw deps.unserved.failureFor(arn) ?? targetFailure('ResourceNotFoundException', `Eddy does not run targets of this kind: ${arn}`);
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
