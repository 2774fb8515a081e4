import type { IncomingMessage, ServerResponse } from 'node:http';
import { AMZ_JSON_1_0, errorBody, sendJson } from '../api/aws-json-response.js';
import { encodeQueryError } from '../api/query-protocol/query-encoder.js';
import { requestIdFor } from '../api/request-id.js';
import { requestTarget } from '../api/request-target.js';
import { signingService } from '../api/unserved.js';
import { lambdaErrors } from '../lambda/lambda-errors.js';
import { pipesErrors } from '../pipes/pipe-errors.js';
import { schedulerErrors } from '../scheduler/scheduler-errors.js';
import { ServiceError } from '../shared/service-error.js';
import { topicsErrors } from '../topics/topics-errors.js';

const MESSAGE = 'The Eddy process that serves this request is not reachable';

/** The REST-JSON services a request process passes on over HTTP, by signing name: each one's internal error. */
const REST_JSON: Readonly<Record<string, () => ServiceError>> = {
  lambda: () => lambdaErrors.service(),
  scheduler: () => schedulerErrors.internal(),
  pipes: () => pipesErrors.internal(),
};

/**
 * The query-protocol services, by signing name: their XML namespace and internal error. SQS's old protocol is
 * not served (the main process answers InvalidAction), but its clients parse this shape only.
 */
const QUERY: Readonly<Record<string, { readonly namespace: string; readonly error: () => ServiceError }>> = {
  sns: { namespace: 'http://sns.amazonaws.com/doc/2010-03-31/', error: () => topicsErrors.internal() },
  sqs: { namespace: 'http://queue.amazonaws.com/doc/2012-11-05/', error: () => new ServiceError('InternalError', MESSAGE, 500) },
};

/**
 * Answers a request passed on over HTTP that the main process could not be reached for (it went away, or cut
 * the connection): its service's internal error, in the protocol the request speaks, as the main process
 * would answer a failure (http-server.ts), so the SDK raises that service's 5xx (which it may retry) instead of
 * failing to parse. The service is told by the request as HttpServer routes it: X-Amz-Target for the JSON
 * protocols, a form or `?Action=` for the query protocol (SNS when unsigned: its SubscribeURL), else the
 * signing name (header or presigned URL). Plain text when nothing names one (the console, /_eddy/ routes).
 */
export function sendUnreachable(req: IncomingMessage, res: ServerResponse): void {
  const requestId = requestIdFor(req.headers['x-amz-target']);
  const target = requestTarget(req.url);
  const scope = signingService(req);
  const contentType = req.headers['content-type'] ?? '';
  const form = req.method === 'POST' && contentType.startsWith('application/x-www-form-urlencoded');
  if (typeof req.headers['x-amz-target'] === 'string' || target.query.has('X-Amz-Target') || contentType.startsWith('application/x-amz-json')) {
    const error = new ServiceError('InternalFailure', MESSAGE, 500); // every JSON service's (AWS's common errors)
    return sendJson(res, error.statusCode, errorBody(error), requestId, contentType.startsWith('application/x-amz-json-1.1') ? 'application/x-amz-json-1.1' : AMZ_JSON_1_0);
  }
  const query = (form || target.query.has('Action')) && QUERY[scope ?? 'sns'];
  if (query) {
    const { code, statusCode } = query.error();
    const body = encodeQueryError(query.namespace, { code, message: MESSAGE, statusCode }, requestId);
    return send(res, statusCode, body, { 'content-type': 'text/xml', 'x-amzn-requestid': requestId });
  }
  const rest = scope === undefined ? undefined : REST_JSON[scope];
  if (rest) {
    const { code, statusCode } = rest();
    // The message in `message`, which the SDKs read for each of them (Lambda adds whose fault it was).
    const body = JSON.stringify({ ...(scope === 'lambda' && { Type: 'Service' }), message: MESSAGE });
    return send(res, statusCode, body, { 'content-type': 'application/json', 'x-amzn-requestid': requestId, 'x-amzn-errortype': code });
  }
  send(res, 502, `${MESSAGE}\n`, { 'content-type': 'text/plain' });
}

function send(res: ServerResponse, status: number, body: string, headers: Record<string, string>): void {
  res.writeHead(status, { ...headers, 'content-length': Buffer.byteLength(body) });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}
