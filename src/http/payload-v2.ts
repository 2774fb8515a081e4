import type { MatchedRoute } from './route-table.js';
import { clfTime, isTextBody, queryValues, type AppRequest } from './app-request.js';
import type { ApiIdentity } from './event-context.js';

/**
 * The HTTP API payload format 2.0 event. Header names lowercased, repeated headers and query values
 * joined with commas; the Cookie header becomes `cookies` (one entry per cookie). Fields with nothing
 * to say (`queryStringParameters`, `pathParameters`, `cookies`, `body`) are left out, as API Gateway does.
 */
export function payloadV2(request: AppRequest, matched: MatchedRoute, api: ApiIdentity): Record<string, unknown> {
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  for (const [rawName, value] of request.headers) {
    const name = rawName.toLowerCase();
    if (name === 'cookie') {
      cookies.push(...value.split(';').map((c) => c.trim()).filter((c) => c !== ''));
      continue;
    }
    headers[name] = headers[name] === undefined ? value : `${headers[name]},${value}`;
  }
  const query = queryValues(request.rawQueryString);
  const text = isTextBody(request.headers, request.body);
  const event: Record<string, unknown> = {
    version: '2.0',
    routeKey: matched.route.routeKey,
    rawPath: request.rawPath,
    rawQueryString: request.rawQueryString,
    ...(cookies.length > 0 && { cookies }),
    headers,
    ...(query.size > 0 && { queryStringParameters: Object.fromEntries([...query].map(([k, v]) => [k, v.join(',')])) }),
    requestContext: {
      accountId: api.accountId,
      apiId: api.apiId,
      domainName: api.domainName,
      domainPrefix: api.apiId,
      http: {
        method: request.method,
        path: decodePath(request.rawPath),
        protocol: request.protocol,
        sourceIp: request.sourceIp,
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: request.requestId,
      routeKey: matched.route.routeKey,
      stage: '$default',
      time: clfTime(request.time),
      timeEpoch: request.time.getTime(),
    },
    ...(Object.keys(matched.pathParameters).length > 0 && { pathParameters: matched.pathParameters }),
    isBase64Encoded: request.body.length > 0 && !text,
  };
  if (request.body.length > 0) event['body'] = text ? request.body.toString('utf8') : request.body.toString('base64');
  return event;
}

export function decodePath(rawPath: string): string {
  try {
    return decodeURI(rawPath);
  } catch {
    return rawPath;
  }
}
