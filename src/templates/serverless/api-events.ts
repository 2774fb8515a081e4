// `http` (REST API, payload 1.0) and `httpApi` (HTTP API, payload 2.0 unless the function's or provider's
// httpApi.payload) events → SAM Api / HttpApi events on serverless's two APIs, which become routes on Eddy's
// application port (SEMANTICS.md H.3 "http", "httpApi"; serverless compile/events/http-api.js).
import { isObject, type Json, type JsonObject } from './generated-template.js';
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
  if (isObject(value)) ignoredApiSettings(event, value, ['authorizer', 'private', 'request', 'integration', 'cors']);
  addSamEvent(event, `Http${nextCount(event, 'http')}`, 'Api', { Path: withSlash(path), Method: anyMethod(method), RestApiId: { Ref: api(event, 'rest') } });
}

// serverless compile/events/http-api.js: the methods an httpApi route may name, and `METHOD /path` or `*`.
const HTTP_API_METHODS = ['ANY', 'GET', 'POST', 'PUT', 'PATCH', 'OPTIONS', 'HEAD', 'DELETE'];
const METHOD_PATH = new RegExp(`^(?:\\*|(${HTTP_API_METHODS.join('|')}) (\\/\\S*))$`, 'i');

export function httpApiEvent(event: ServiceEvent): void {
  const { value, from, out, fn } = event;
  let method: unknown;
  let path: unknown;
  if (typeof value === 'string') {
    const match = METHOD_PATH.exec(value.trim());
    if (!match) return out.fail(from, `Invalid httpApi event in function ${fn.key}: write "METHOD /path" (${HTTP_API_METHODS.join(', ')}) or "*"`);
    [method, path] = match[1] === undefined ? ['*', '*'] : [match[1], match[2]];
  } else if (isObject(value)) {
    ({ method, path } = value);
    ignoredApiSettings(event, value, ['authorizer']);
  } else {
    return out.fail(from, `Invalid httpApi event in function ${fn.key}: write "METHOD /path", "*" or { method, path }`);
  }
  // Texts of http-api.js resolveConfiguration.
  if (path === '*' && method !== undefined && method !== '*') out.fail(from, `Invalid "path" property in function ${fn.key} for httpApi event in serverless.yml`);
  if (path !== '*' && method === undefined) out.fail(from, `Missing "method" property in function ${fn.key} for httpApi event in serverless.yml`);
  const upper = String(method ?? '*').toUpperCase();
  if (typeof path !== 'string' || (upper !== '*' && !HTTP_API_METHODS.includes(upper))) {
    out.fail(from, `Invalid "${typeof path !== 'string' ? 'path' : 'method'}" property in function ${fn.key} for httpApi event in serverless.yml`);
  }
  const resolvedMethod = upper === '*' ? 'ANY' : upper;
  // `*` alone is the catch-all route: SAM's HttpApi event without Path and Method ($default, ANY).
  const properties: JsonObject = path === '*' ? {} : { Path: withSlash(path as string), Method: resolvedMethod };
  // compileIntegration: the function's httpApi.payload, else the provider's, else 2.0.
  const own = isObject(fn.config['httpApi']) ? fn.config['httpApi']['payload'] : undefined;
  const provider = isObject(event.settings.provider['httpApi']) ? event.settings.provider['httpApi']['payload'] : undefined;
  properties['PayloadFormatVersion'] = String(own ?? provider ?? '2.0');
  properties['ApiId'] = { Ref: api(event, 'http') };
  fillCorsMethods(event, resolvedMethod);
  addSamEvent(event, `HttpApi${nextCount(event, 'httpApi')}`, 'HttpApi', properties);
}

const DEFAULT_CORS_HEADERS = ['Content-Type', 'X-Amz-Date', 'Authorization', 'X-Api-Key', 'X-Amz-Security-Token', 'X-Amz-User-Agent'];

/**
 * provider.httpApi.cors → the HTTP API's CorsConfiguration (http-api.js): `true` is every origin, serverless's
 * default headers, and OPTIONS plus the methods of the routes (filled in as routes are read), as is a map
 * without allowedMethods.
 */
function corsConfiguration(provider: JsonObject): JsonObject | undefined {
  const cors = isObject(provider['httpApi']) ? provider['httpApi']['cors'] : undefined;
  if (cors === undefined || cors === null || cors === false) return undefined;
  const given = isObject(cors) ? cors : {};
  const list = (value: Json | undefined, fallback: string[]): Json[] => (value === undefined ? fallback : Array.isArray(value) ? value : [value]);
  const configuration: JsonObject = {
    AllowOrigins: list(given['allowedOrigins'], ['*']),
    AllowHeaders: list(given['allowedHeaders'], DEFAULT_CORS_HEADERS),
    AllowMethods: list(given['allowedMethods'], ['OPTIONS']),
  };
  if (given['allowCredentials'] === true) configuration['AllowCredentials'] = true;
  if (given['exposedResponseHeaders'] !== undefined) configuration['ExposeHeaders'] = list(given['exposedResponseHeaders'], []);
  if (given['maxAge'] !== undefined) configuration['MaxAge'] = given['maxAge']!;
  return configuration;
}

function fillCorsMethods(event: ServiceEvent, method: string): void {
  const cors = isObject(event.settings.provider['httpApi']) ? event.settings.provider['httpApi']['cors'] : undefined;
  if (cors !== true && !(isObject(cors) && cors['allowedMethods'] === undefined)) return;
  const properties = event.out.resources['HttpApi']?.['Properties'];
  const configuration = isObject(properties) ? properties['CorsConfiguration'] : undefined;
  if (!isObject(configuration) || !Array.isArray(configuration['AllowMethods'])) return;
  const methods = configuration['AllowMethods'];
  for (const added of method === 'ANY' ? HTTP_API_METHODS.filter((m) => m !== 'ANY') : [method]) if (!methods.includes(added)) methods.push(added);
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
    const cors = kind === 'http' ? corsConfiguration(event.settings.provider) : undefined;
    if (cors) properties['CorsConfiguration'] = cors;
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
