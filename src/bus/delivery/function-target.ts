import type { Deployment } from '../../shared/arns.js';
import type { StoredDelivery } from '../../storage/bus-store.js';
import type { DeliveryTarget } from './delivery-target.js';
import { deliveryFailures } from './delivery-failure.js';
import type { TargetKind } from './target-kind.js';

/** What a function target needs of Lambda: whether a function (a version or alias of it) exists, and its asynchronous invocation. */
export interface AsyncFunctions {
  exists(name: string, qualifier: string): Promise<boolean>;
  /** InvocationType=Event with the target ARN's qualifier: resolves once the event is stored for the function (Lambda's 202). */
  enqueue(name: string, payload: string, qualifier?: string): Promise<unknown>;
}

const FUNCTION_ARN = /^arn:aws[\w-]*:lambda:([a-z0-9-]+):(\d{12}):function:([A-Za-z0-9_-]+)(?::([\w$-]+))?$/;

/**
 * Lambda function targets, invoked asynchronously as EventBridge does (SEMANTICS C.7.3): the delivery
 * succeeds once Lambda has accepted the event, and what the handler then does — its errors and
 * retries — is Lambda's asynchronous invocation's business (its retry policy, not the target's).
 * A target ARN qualified by a version or an alias invokes that version (the alias's, at each attempt of the
 * invocation). A function, version or alias that does not exist (in this account and region) is
 * NO_RESOURCE, not retried. A payload that is not JSON (a text input template) cannot be
 * an event: INVALID_JSON, not retried (Lambda refuses it as InvalidRequestContentException).
 */
export function functionTarget(functions: AsyncFunctions, deployment: Deployment): TargetKind {
  return {
    name: 'function',
    accepts: (arn) => /^arn:aws[\w-]*:lambda:/.test(arn),
    async deliver(delivery: StoredDelivery, target: DeliveryTarget): Promise<void> {
      const arn = target.target.Arn;
      const parts = FUNCTION_ARN.exec(arn);
      const name = parts && parts[1] === deployment.region && parts[2] === deployment.account ? parts[3]! : undefined;
      const qualifier = parts?.[4];
      if (name === undefined || !(await functions.exists(name, qualifier ?? '$LATEST'))) throw deliveryFailures.noResource(`Function not found: ${arn}`);
      if (target.payloadNotJson) throw deliveryFailures.invalidJson(`The input for function ${name} is not JSON.`);
      await functions.enqueue(name, delivery.payload, qualifier === '$LATEST' ? undefined : qualifier);
    },
  };
}
