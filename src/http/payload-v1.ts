import type { MatchedRoute } from './route-table.js';
import { clfTime, isTextBody, queryValues, type AppRequest } from './app-request.js';
import type { ApiIdentity } from './event-context.js';
import { decodePath } from './payload-v2.js';

/**
 * The proxy event format 1.0 (REST API's, also HTTP API's `payloadFormatVersion: '1.0'`): headers as
 * sent with the last value winning, beside `multiValueHeaders`; query strings likewise; `null` where
 * there is nothing (no query, no path parameters, no body).
 */
export function payloadV1(request: AppRequest, matched: MatchedRoute, api: ApiIdentity): Record<string, unknown> {
  const headers: Record<string, string> = {};
  const multiValueHeaders: Record<string, string[]> = {};
  for (const [name, value] of request.headers) {
    headers[name] = value;
    (multiValueHeaders[name] ??= []).push(value);
  }
  const query = queryValues(request.rawQueryString);
  const text = isTextBody(request.headers, request.body);
  const path = decodePath(request.rawPath);
  const userAgent = request.headers.find(([name]) => name.toLowerCase() === 'user-agent')?.[1] ?? '';
  const hasParams = Object.keys(matched.pathParameters).length > 0;
  return {
    version: '1.0',
    resource: matched.resource,
    path,
    httpMethod: request.method,
    headers,
    multiValueHeaders,
    queryStringParameters: query.size > 0 ? Object.fromEntries([...query].map(([k, v]) => [k, v[v.length - 1]!])) : null,
    multiValueQueryStringParameters: query.size > 0 ? Object.fromEntries(query) : null,
    requestContext: {
      accountId: api.accountId,
      apiId: api.apiId,
      domainName: api.domainName,
      domainPrefix: api.apiId,
      extendedRequestId: request.requestId,
      httpMethod: request.method,
      identity: {
        accessKey: null,
        accountId: null,
        caller: null,
        cognitoAuthenticationProvider: null,
        cognitoAuthenticationType: null,
        cognitoIdentityId: null,
        cognitoIdentityPoolId: null,
        principalOrgId: null,
        sourceIp: request.sourceIp,
        user: null,
        userAgent,
        userArn: null,
      },
      path,
      protocol: request.protocol,
      requestId: request.requestId,
      requestTime: clfTime(request.time),
      requestTimeEpoch: request.time.getTime(),
      resourceId: matched.route.routeKey,
      resourcePath: matched.resource,
      stage: '$default',
    },
    pathParameters: hasParams ? matched.pathParameters : null,
    stageVariables: null,
    body: request.body.length === 0 ? null : text ? request.body.toString('utf8') : request.body.toString('base64'),
    isBase64Encoded: request.body.length > 0 && !text,
  };
}
