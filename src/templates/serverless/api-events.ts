// `http` (REST API, payload 1.0) and `httpApi` (HTTP API, payload 2.0 unless provider.httpApi.payload) events → SAM
// Api / HttpApi events, which become routes on Eddy's application port (SEMANTICS.md H.3 "http", "httpApi").
import { isObject, type JsonObject } from './generated-template.js';
import { addSamEvent, nextCount, type ServiceEvent } from './service-function.js';

export function httpEvent(event: ServiceEvent): void {
  const { value, from, out } = event;
  let method: unknown;
  let path: unknown;
  if (typeof value === 'string') [method, path] = value.trim().split(/\s+/, 2);
  else if (isObject(value)) ({ method, path } = value);
  if (typeof method !== 'string' || typeof path !== 'string') {
    return out.fail(from, `http event of function "${event.fn.key}" needs a method and a path: "GET users/{id}" or { method: get, path: users/{id} }`);
  }
  if (isObject(value)) ignoredApiSettings(event, value, ['authorizer', 'private', 'request', 'integration']);
  addSamEvent(event, `Http${nextCount(event, 'http')}`, 'Api', { Path: withSlash(path), Method: anyMethod(method), RestApiId: { Ref: api(event, 'rest') } });
}

export function httpApiEvent(event: ServiceEvent): void {
  const { value, from, out } = event;
  let method: unknown;
  let path: unknown;
  if (value === '*') [method, path] = ['*', '*'];
  else if (typeof value === 'string') [method, path] = value.trim().split(/\s+/, 2);
  else if (isObject(value)) ({ method, path } = value);
  if (method === undefined) method = '*';
  if (typeof method !== 'string' || typeof path !== 'string') {
    return out.fail(from, `httpApi event of function "${event.fn.key}" needs a method and a path: "GET /users/{id}", "*" or { method: GET, path: /users/{id} }`);
  }
  if (isObject(value)) ignoredApiSettings(event, value, ['authorizer']);
  const httpApi = event.settings.provider['httpApi'];
  const payload = isObject(httpApi) && httpApi['payload'] !== undefined ? String(httpApi['payload']) : '2.0';
  // `*` alone is the catch-all route: SAM's HttpApi event without Path and Method ($default, ANY).
  const properties: JsonObject = path === '*' ? {} : { Path: withSlash(path), Method: anyMethod(method) };
  properties['PayloadFormatVersion'] = payload;
  properties['ApiId'] = { Ref: api(event, 'http') };
  addSamEvent(event, `HttpApi${nextCount(event, 'httpApi')}`, 'HttpApi', properties);
}

/**
 * The service's API, made on first use with serverless's ids and names (naming.js): `ApiGatewayRestApi` named
 * `<stage>-<service>` whose stage is the stage, and `HttpApi` (stage `$default`), so resources and outputs can Ref them.
 */
function api(event: ServiceEvent, kind: 'rest' | 'http'): string {
  const logicalId = kind === 'rest' ? 'ApiGatewayRestApi' : 'HttpApi';
  if (!event.out.resources[logicalId]) {
    const { stage, service } = event.settings;
    const properties: JsonObject = kind === 'rest' ? { Name: `${stage}-${service}`, StageName: stage } : { Name: `${stage}-${service}` };
    event.out.add(logicalId, { Type: kind === 'rest' ? 'AWS::Serverless::Api' : 'AWS::Serverless::HttpApi', Properties: properties }, event.from);
  }
  return logicalId;
}

function anyMethod(method: string): string {
  return method === '*' || method.toLowerCase() === 'any' ? 'ANY' : method.toUpperCase();
}

function withSlash(path: string): string {
  return path.startsWith('/') ? path : `/${path}`;
}

/** Settings of a route that change what AWS does but that Eddy's application port does not do. */
function ignoredApiSettings(event: ServiceEvent, value: JsonObject, keys: string[]): void {
  for (const key of keys) {
    if (value[key] !== undefined) event.out.notice(`functions.${event.fn.key}: the route's ${key} is not emulated (requests reach the function without it)`);
  }
}
