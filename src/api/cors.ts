import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * DynamoDB's list (as ScyllaDB's Alternator copied it from AWS's answers; the coral front ends of
 * ACM and CodeBuild send the same), plus the headers a browser client of Eddy's other services on
 * this port needs: x-amz-crc32, and Lambda's Invoke answers.
 */
const EXPOSE_HEADERS =
  'x-amzn-RequestId,x-amzn-ErrorType,x-amzn-ErrorMessage,Date,x-amz-crc32,x-amz-function-error,x-amz-log-result,x-amz-executed-version';

/** Two days, as AWS's coral front ends and dynalite answer preflights. */
const MAX_AGE_SECONDS = '172800';

/**
 * CORS as DynamoDB answers browsers: any origin may call (`*`, no credentials: the SDK signs every
 * request itself). Set on every answer to a request that carries an Origin, before it is written.
 */
export function allowOrigin(res: ServerResponse): void {
  res.setHeader('access-control-allow-origin', '*');
  res.setHeader('access-control-expose-headers', EXPOSE_HEADERS);
}

/**
 * A preflight (OPTIONS): 200 with no body, allowing what it asks for — the requested method and
 * headers are echoed back, as DynamoDB does (dynalite and Alternator record the same), and the
 * answer may be cached. Without an Origin it is a plain empty 200.
 */
export function answerPreflight(req: IncomingMessage, res: ServerResponse, requestId: string): void {
  req.resume();
  const headers: Record<string, string> = { 'content-length': '0', 'x-amzn-requestid': requestId };
  if (req.headers.origin !== undefined) {
    const method = req.headers['access-control-request-method'];
    const requested = req.headers['access-control-request-headers'];
    if (method) headers['access-control-allow-methods'] = method;
    if (requested) headers['access-control-allow-headers'] = requested;
    headers['access-control-max-age'] = MAX_AGE_SECONDS;
  }
  res.writeHead(200, headers);
  res.end();
}
