import { lambdaService } from '../../src/api/lambda-service.js';
import type { LambdaContext } from '../../src/lambda/lambda-context.js';
import { schedulerService } from '../../src/api/scheduler-service.js';
import type { SchedulerContext } from '../../src/scheduler/scheduler-context.js';
import { pipesService } from '../../src/api/pipes-service.js';
import type { PipesContext } from '../../src/pipes/index.js';
import type { WireRequest } from './fuzz-request.js';
import type { WireAnswer } from './wire-client.js';

/** Lambda's routes, as Eddy matches them (the route table needs no context to be listed). */
const lambdaRoutes = lambdaService({} as LambdaContext).routes;
/** Scheduler's REST routes: errors in x-amzn-errortype with a `Message` body, as Lambda's (an X-Amz-Target the request also carries changes nothing). */
const schedulerRoutes = schedulerService({} as SchedulerContext).routes;
/** Pipes' REST routes answer errors the same way (a mutated X-Amz-Target on them does not make them a JSON service). */
const pipesRoutes = pipesService({} as PipesContext).routes;

const NODE_ANSWERS = new Set([400, 408, 417, 431]);

/** The error envelopes AWS sends without a message. */
const MESSAGELESS = new Set(['com.amazon.coral.service#UnknownOperationException', 'com.amazon.coral.service#SerializationException']);

function json(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
}

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * What is wrong with an answer, or undefined: a 5xx; a 4xx without its service's error shape (AWS
 * JSON: `__type` and a message; SQS errors also `x-amzn-query-error`; Lambda: `x-amzn-errortype`;
 * the admin API: a JSON `message`); a 2xx JSON answer that is not JSON.
 */
export function answerProblem(wire: WireRequest, answer: WireAnswer): string | undefined {
  if (answer.status >= 500) return `answered ${answer.status}: ${answer.body.subarray(0, 300).toString('utf8')}`;
  if (wire.port === 'app' || wire.method === 'HEAD') return undefined;
  // node:http's own answers to what it cannot parse (bad request line or header, headers over 16 KB,
  // a request not sent in time, an Expect it does not know) come before any service sees the request,
  // as a load balancer's would.
  if (!answer.headers['x-amzn-requestid'] && NODE_ANSWERS.has(answer.status)) return undefined;
  const path = wire.path.split('?')[0]!;
  const error = answer.status >= 400;
  if (path.startsWith('/_eddy/')) {
    // The two answers under /_eddy that are not the admin API's JSON: the Prometheus scrape and the console's files.
    if (answer.status === 200 && path === '/_eddy/metrics' && wire.method === 'GET') {
      return String(answer.headers['content-type']).startsWith('text/plain') ? undefined : 'the metrics scrape answered 200 without text/plain';
    }
    if ((answer.status === 200 || answer.status === 304) && (path === '/_eddy/console' || path.startsWith('/_eddy/console/'))) return undefined;
    if (wire.feed && answer.status === 200) return answer.headers['content-type'] === 'text/event-stream' ? undefined : 'a feed answered 200 without text/event-stream';
    const body = json(answer.body);
    if (!isObject(body)) return `the admin API answered ${answer.status} without a JSON object`;
    if (error && typeof body['message'] !== 'string') return `the admin API answered ${answer.status} without a message`;
    return undefined;
  }
  // The query protocol (SNS): errors are an XML ErrorResponse with a Code and a Message (SEMANTICS E.1).
  if (answer.headers['content-type'] === 'text/xml') {
    if (!error) return answer.body.toString('utf8').includes('<ResponseMetadata><RequestId>') ? undefined : `the query protocol answered ${answer.status} without a RequestId`;
    return /^<\?xml [^>]*>\n<ErrorResponse[ >].*<Error><Type>(Sender|Receiver)<\/Type><Code>[^<]+<\/Code><Message>/s.test(answer.body.toString('utf8'))
      ? undefined
      : `the query protocol answered ${answer.status} without an ErrorResponse: ${answer.body.subarray(0, 200).toString('utf8')}`;
  }
  const lambdaRoute = lambdaRoutes.some((route) => route.method === wire.method && route.path.test(path));
  const rest = schedulerRoutes.some((route) => route.method === wire.method && route.path.test(path))
    ? 'Scheduler'
    : pipesRoutes.some((route) => route.method === wire.method && route.path.test(path)) ? 'Pipes' : undefined;
  if (rest !== undefined) {
    if (!error) return undefined;
    const body = json(answer.body);
    if (!answer.headers['x-amzn-errortype']) return `${rest} answered ${answer.status} without x-amzn-errortype`;
    // node:http's refusals (client-errors.ts) come before any service and say `message`.
    return isObject(body) && typeof (body['Message'] ?? body['message']) === 'string' ? undefined : `${rest} answered ${answer.status} without a JSON Message`;
  }
  // Lambda's errors; off its routes, only when the answer says it is one.
  if (lambdaRoute || (path.startsWith('/2015-03-31/') && answer.headers['x-amzn-errortype'])) {
    if (!error) return undefined;
    if (!answer.headers['x-amzn-errortype']) return `Lambda answered ${answer.status} without x-amzn-errortype`;
    const body = json(answer.body);
    if (!isObject(body) || typeof body['message'] !== 'string') return `Lambda answered ${answer.status} without a JSON message`;
    return undefined;
  }
  // A request addressed to an AWS JSON service; anything else (no target, other paths) only needs to stay below 500.
  if (wire.method !== 'POST' || typeof wire.headers['x-amz-target'] !== 'string' || path.startsWith('/2015-03-31/')) return undefined;
  const body = json(answer.body);
  if (!isObject(body)) return `answered ${answer.status} without a JSON object: ${answer.body.subarray(0, 200).toString('utf8')}`;
  if (!error) return undefined;
  const type = body['__type'];
  if (typeof type !== 'string' || type === '') return `answered ${answer.status} without __type`;
  const message = body['message'] ?? body['Message'];
  if (typeof message !== 'string' && !MESSAGELESS.has(type)) return `answered ${answer.status} ${type} without a message`;
  const target = wire.headers['x-amz-target'];
  const sqs = typeof target === 'string' && target.startsWith('AmazonSQS.');
  if (sqs && !type.startsWith('com.amazon.coral.service#') && !answer.headers['x-amzn-query-error']) {
    return `SQS answered ${answer.status} ${type} without x-amzn-query-error`;
  }
  return undefined;
}
