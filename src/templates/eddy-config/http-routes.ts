// SAM's Api and HttpApi events → `http.routes` of the application port, and an HTTP API's CorsConfiguration →
// `http.cors` (SEMANTICS.md H.1; samtranslator plugins/api/implicit_{rest,http}_api_plugin.py). Every API's routes
// are served at the root of the one application port: stage prefixes (`/Prod`) are not part of the path.
// AWS::ApiGateway::RestApi and AWS::ApiGatewayV2::Api are mapped here (their routes arrive as the SAM transform's
// `routes`); routes written as Route/Integration or Resource/Method resources are api-gateway-routes.ts's.
import type { CorsConfig, PayloadFormat } from '../../config/config-types.js';
import { pointerOf, TemplateError, type TemplateResource } from '../cloudformation/index.js';
import type { SamRoute } from '../sam/index.js';
import type { MappingContext } from './mapping-context.js';
import { booleanProperty, listProperty, numberProperty, objectProperty, type ResourceMapper } from './resource-mapper.js';
import { arnTarget } from './target-arns.js';

/** Who routed each route key so far, per mapping: a second API on the same key is refused. */
const routed = new WeakMap<MappingContext, Map<string, string>>();

export const mapRestApi: ResourceMapper = (resource, ctx) => {
  definitionNotice(resource, ctx);
  addCors(resource, ctx, restCorsOf(resource, ctx), 'Cors');
};

export const mapHttpApi: ResourceMapper = (resource, ctx) => {
  const protocol = resource.properties['ProtocolType'];
  if (protocol !== undefined && protocol !== 'HTTP') {
    ctx.notice(`API ${resource.logicalId}: ProtocolType ${String(protocol)} is not emulated, the API is left out`);
    return;
  }
  definitionNotice(resource, ctx);
  addCors(resource, ctx, corsOf(resource, ctx), 'CorsConfiguration');
  // Quick create (Target and RouteKey on the API itself): one route to a function.
  const target = resource.properties['Target'];
  if (target !== undefined) {
    const fn = arnTarget(target, ctx);
    if (fn?.kind !== 'function') {
      ctx.notice(`API ${resource.logicalId}: its Target ${fn?.kind === 'unsupported' ? fn.what : JSON.stringify(target)} is not a function; only functions are served on the application port, the route is left out`);
      return;
    }
    const routeKey = typeof resource.properties['RouteKey'] === 'string' ? resource.properties['RouteKey'] : '$default';
    addRoute(ctx, routeKey, fn.name, '2.0', resource.logicalId, () => ctx.fail(resource, ['RouteKey'], conflict(ctx, routeKey, resource.logicalId)));
  }
};

/** The SAM transform's routes → `http.routes`; called once every resource is mapped. */
export function mapRoutes(routes: readonly SamRoute[], ctx: MappingContext): void {
  const stages = new Set<string>();
  for (const route of routes) {
    const fn = ctx.resource(route.function);
    if (!fn) continue; // its Condition is false: no function, no route
    const routeKey = route.path === '$default' ? '$default' : `${route.method} ${route.path}`;
    const fail = () => {
      const pointer = pointerOf(route.origin.path);
      throw new TemplateError(conflict(ctx, routeKey, route.api), pointer, route.origin.location ?? fn.location);
    };
    addRoute(ctx, routeKey, ctx.nameOf(fn), route.payloadFormatVersion as PayloadFormat, route.api, fail);
    if (route.stage !== '$default' && !stages.has(route.api)) {
      stages.add(route.api);
      const stage = typeof route.stage === 'string' ? ` /${route.stage}` : '';
      ctx.notice(`API ${route.api}: its routes are served at the root of the application port, without the stage prefix${stage}`);
    }
  }
}

/** Adds `routeKey` → `fn` to `http.routes`; `fail` throws when some API routed the key already. */
export function addRoute(ctx: MappingContext, routeKey: string, fn: string, payloadFormat: PayloadFormat, api: string, fail: () => never): void {
  const seen = routed.get(ctx) ?? new Map<string, string>();
  routed.set(ctx, seen);
  if (seen.has(routeKey)) fail();
  seen.set(routeKey, api);
  const http = (ctx.config.http ??= {});
  http.routes = { ...http.routes, [routeKey]: { function: fn, payloadFormat } };
}

/** The message of a route key declared twice (for `fail` of addRoute). */
export function conflict(ctx: MappingContext, routeKey: string, api: string): string {
  const first = routed.get(ctx)?.get(routeKey);
  const where = first === api ? `twice on API ${api}` : `on both API ${first} and API ${api}`;
  return `route ${routeKey} is declared ${where}; Eddy serves every API's routes at the root of one application port, so a route may be declared once`;
}

/** An OpenAPI definition is not read: only the routes of SAM events, quick create and Route / Method resources are served. */
function definitionNotice(resource: TemplateResource, ctx: MappingContext): void {
  if (resource.properties['Body'] !== undefined || resource.properties['BodyS3Location'] !== undefined) {
    ctx.notice(`API ${resource.logicalId}: its OpenAPI definition (Body) is not read; Eddy serves the routes of SAM Api and HttpApi events and of Route and Method resources only`);
  }
}

/** The application port has one CORS configuration: the first API's, with a notice for another that differs. */
function addCors(resource: TemplateResource, ctx: MappingContext, cors: CorsConfig | undefined, property: string): void {
  if (!cors) return;
  const http = (ctx.config.http ??= {});
  if (!http.cors) http.cors = cors;
  else if (JSON.stringify(http.cors) !== JSON.stringify(cors)) {
    ctx.notice(`API ${resource.logicalId}: its ${property} differs from another API's; Eddy has one CORS configuration for the application port and keeps the first`);
  }
}

/**
 * A SAM REST API's Cors: an origin (`"'*'"`), or AllowOrigin (required), AllowMethods, AllowHeaders, MaxAge —
 * each an API Gateway header value in single quotes, lists comma-separated — and AllowCredentials (boolean).
 */
function restCorsOf(resource: TemplateResource, ctx: MappingContext): CorsConfig | undefined {
  const raw = resource.properties['Cors'];
  if (raw === undefined) return undefined;
  const quoted = (value: unknown, path: (string | number)[]): string => {
    const match = typeof value === 'string' ? /^'(.*)'$/s.exec(value.trim()) : null;
    return match ? match[1]! : ctx.fail(resource, path, `${String(path.at(-1))} must be a value in single quotes, as API Gateway takes header values ("'*'"), got ${JSON.stringify(value)}`);
  };
  const list = (value: unknown, path: (string | number)[]) => quoted(value, path).split(',').map((item) => item.trim()).filter((item) => item !== '');
  if (typeof raw === 'string') return { allowOrigins: list(raw, ['Cors']) };
  const c = objectProperty(resource, ctx, 'Cors')!;
  if (c['AllowOrigin'] === undefined) return ctx.fail(resource, ['Cors', 'AllowOrigin'], 'AllowOrigin is required');
  const cors: CorsConfig = { allowOrigins: list(c['AllowOrigin'], ['Cors', 'AllowOrigin']) };
  if (c['AllowMethods'] !== undefined) cors.allowMethods = list(c['AllowMethods'], ['Cors', 'AllowMethods']);
  if (c['AllowHeaders'] !== undefined) cors.allowHeaders = list(c['AllowHeaders'], ['Cors', 'AllowHeaders']);
  if (c['MaxAge'] !== undefined) cors.maxAge = Number(quoted(c['MaxAge'], ['Cors', 'MaxAge']));
  const credentials = booleanProperty(resource, ctx, 'AllowCredentials', c['AllowCredentials'], ['Cors', 'AllowCredentials']);
  if (credentials !== undefined) cors.allowCredentials = credentials;
  return cors;
}

/**
 * CorsConfiguration (AWS::ApiGatewayV2::Api Cors) → CorsConfig. SAM's HttpApi also takes `true` (every origin)
 * and an origin as a string; SAM writes those into the OpenAPI body (unconfirmed: read as AllowOrigins ['*'] / [text]).
 */
function corsOf(resource: TemplateResource, ctx: MappingContext): CorsConfig | undefined {
  const raw = resource.properties['CorsConfiguration'];
  if (raw === undefined || raw === false || raw === 'false') return undefined;
  if (raw === true || raw === 'true') return { allowOrigins: ['*'] };
  if (typeof raw === 'string') return { allowOrigins: [raw] };
  const c = objectProperty(resource, ctx, 'CorsConfiguration')!;
  const list = (key: string) => {
    const value = listProperty(resource, ctx, key, c[key], ['CorsConfiguration', key]);
    return value?.map((v, i) => (typeof v === 'string' ? v : ctx.fail(resource, ['CorsConfiguration', key, i], `${key} must be a list of strings`)));
  };
  const cors: CorsConfig = { allowOrigins: list('AllowOrigins') ?? [] };
  const methods = list('AllowMethods');
  if (methods) cors.allowMethods = methods;
  const headers = list('AllowHeaders');
  if (headers) cors.allowHeaders = headers;
  const expose = list('ExposeHeaders');
  if (expose) cors.exposeHeaders = expose;
  const credentials = booleanProperty(resource, ctx, 'AllowCredentials', c['AllowCredentials'], ['CorsConfiguration', 'AllowCredentials']);
  if (credentials !== undefined) cors.allowCredentials = credentials;
  const maxAge = numberProperty(resource, ctx, 'MaxAge', c['MaxAge'], ['CorsConfiguration', 'MaxAge']);
  if (maxAge !== undefined) cors.maxAge = maxAge;
  return cors;
}
