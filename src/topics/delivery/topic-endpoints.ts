import type { AsyncFunctions } from '../../bus/delivery/function-target.js';
import { callEndpoint, HttpCallError, type HttpClient } from '../../bus/connections/http-client.js';
import type { Deployment } from '../../shared/arns.js';
import type { Logger } from '../../shared/logger.js';
import { ServiceError } from '../../shared/service-error.js';
import { sendToQueue } from '../../queues/send-to-queue.js';
import type { QueuesContext } from '../../queues/queues-context.js';
import { queueMessageOf } from './delivery-document.js';
import type { SqsDelivery } from '../messages/index.js';

/** How one attempt ended: delivered, worth retrying, or a client error (not retried, §E.6). */
export type SendResult = { readonly ok: true } | { readonly ok: false; readonly retryable: boolean; readonly error: string };

export const DELIVERED: SendResult = { ok: true };
export const clientError = (error: string): SendResult => ({ ok: false, retryable: false, error });
export const retryable = (error: string): SendResult => ({ ok: false, retryable: true, error });

/** Where topic deliveries go: Eddy's queues and functions, and HTTP endpoints. */
export interface TopicEndpoints {
  readonly queues: QueuesContext;
  readonly functions: AsyncFunctions;
  readonly http: HttpClient;
  readonly deployment: Deployment;
  readonly logger: Logger;
}

/** An SQS copy through the queues domain: a queue that does not exist or refuses the message is a client error. */
export async function sendToSqs(endpoints: TopicEndpoints, queueArn: string, copy: SqsDelivery): Promise<SendResult> {
  try {
    await sendToQueue(endpoints.queues, { queueArn, ...queueMessageOf(copy) });
    return DELIVERED;
  } catch (error) {
    if (error instanceof ServiceError) return clientError(`${error.type}: ${error.message}`);
    return retryable(String(error)); // storage: tried again
  }
}

const FUNCTION_ARN = /^arn:aws[\w-]*:lambda:([a-z0-9-]+):(\d{12}):function:([A-Za-z0-9_-]+)(?::([\w$-]+))?$/;

/**
 * A lambda subscription: an asynchronous invocation (§E.6: Lambda queues and retries on its side, with the
 * function's async retry configuration); a function, version or alias that does not exist is a client error.
 */
export async function invokeFunction(endpoints: TopicEndpoints, arn: string, event: string): Promise<SendResult> {
  const parts = FUNCTION_ARN.exec(arn);
  const d = endpoints.deployment;
  const name = parts && parts[1] === d.region && parts[2] === d.account ? parts[3]! : undefined;
  const qualifier = parts?.[4];
  try {
    if (name === undefined || !(await endpoints.functions.exists(name, qualifier ?? '$LATEST'))) return clientError(`Function not found: ${arn}`);
    await endpoints.functions.enqueue(name, event, qualifier === '$LATEST' ? undefined : qualifier);
    return DELIVERED;
  } catch (error) {
    return retryable(String(error));
  }
}

/**
 * An http/s POST. 2xx is success; 5xx, 429, timeouts and connection errors are retried; other answers
 * (4xx, 3xx — redirects are not followed) are client errors, not retried (§E.6: which statuses count as
 * failures is unconfirmed). A host name that does not resolve is retried too: it may come up.
 */
export async function postTo(endpoints: TopicEndpoints, url: string, headers: Record<string, string>, body: string): Promise<SendResult> {
  try {
    const answer = await callEndpoint(endpoints.http, url, { method: 'POST', headers, body }, false);
    if (answer.status >= 200 && answer.status < 300) return DELIVERED;
    const error = `HTTP ${answer.status} ${answer.statusText}`.trim();
    return answer.status >= 500 || answer.status === 429 ? retryable(error) : clientError(error);
  } catch (error) {
    return retryable(error instanceof HttpCallError ? `${error.kind}: ${error.message}` : String(error));
  }
}
