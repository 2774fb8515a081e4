import type { HttpAnswer, HttpCallError } from '../connections/http-client.js';
import { DeliveryFailure } from './delivery-failure.js';

/** The statuses EventBridge retries besides 5xx: "Retries events associated with error codes 401, 407, 409, 429, and 5xx" (user guide, API destinations). */
const RETRIED = new Set([401, 407, 409, 429]);

/** Observed at the start of every API destination ERROR_MESSAGE. */
const PREFIX = 'Unable to invoke ApiDestination endpoint:';

/**
 * What an API destination's answer means for the delivery: undefined for a 2xx (delivered), else the
 * failure. 401, 407, 409, 429 and 5xx are retried; 1xx, 3xx and other 4xx are not. A `Retry-After`
 * of whole seconds asks for at least that wait before the retry; a negative one stops the retries
 * ("If Retry-After value is negative, EventBridge stops retrying delivery for that event"); an
 * HTTP-date is not read (Eddy's time is its injected clock, not the endpoint's). ERROR_CODE is
 * THROTTLING for a 429 and SDK_CLIENT_ERROR for the others (EventBridge's vocabulary; which code AWS
 * writes for each status is unconfirmed).
 */
export function failureOfAnswer(answer: HttpAnswer): DeliveryFailure | undefined {
  const { status } = answer;
  if (status >= 200 && status <= 299) return undefined;
  const retryAfter = retryAfterSeconds(answer.headers.get('retry-after'));
  const retriable = (RETRIED.has(status) || status >= 500) && !(retryAfter !== undefined && retryAfter < 0);
  const message = `${PREFIX} The endpoint answered ${status}${answer.statusText ? ` ${answer.statusText}` : ''}.`;
  const wait = retryAfter !== undefined && retryAfter > 0 ? retryAfter * 1000 : undefined;
  return new DeliveryFailure(status === 429 ? 'THROTTLING' : 'SDK_CLIENT_ERROR', message, retriable, wait);
}

/**
 * A call that got no answer: a timeout is TIMEOUT, retried (user guide: "EventBridge retries timed out
 * requests"); an endpoint that refused or dropped the connection is retried; a host name that does not
 * resolve is an invalid address, not retried ("errors … because the target could not be found due to
 * an invalid address or DNS lookup failure", user guide, dead-letter queues). The messages are the
 * observed ones, with Eddy's reason after them.
 */
export function failureOfCall(error: HttpCallError): DeliveryFailure {
  if (error.kind === 'timeout') return new DeliveryFailure('TIMEOUT', `${PREFIX} Timeout calling endpoint for API Destination: ${error.message}.`, true);
  const retriable = error.kind !== 'unresolved';
  return new DeliveryFailure('SDK_CLIENT_ERROR', `${PREFIX} API destination endpoint cannot be reached: ${error.message}.`, retriable);
}

function retryAfterSeconds(header: string | null): number | undefined {
  if (header === null || !/^\s*-?\d+\s*$/.test(header)) return undefined;
  return Number(header.trim());
}
