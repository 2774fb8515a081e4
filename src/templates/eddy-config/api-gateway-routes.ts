// API Gateway routes written as resources, the shapes CDK synthesizes (HttpApi + HttpLambdaIntegration,
// LambdaRestApi / RestApi + LambdaIntegration) → `http.routes` of the application port, beside SAM's (http-routes.ts).
// - HTTP APIs: AWS::ApiGatewayV2::Route (RouteKey, Target `integrations/<IntegrationId>`) → its
//   AWS::ApiGatewayV2::Integration (IntegrationType AWS_PROXY, IntegrationUri a function ARN or its invocations URI,
//   PayloadFormatVersion, default 2.0 — unconfirmed default; CloudFormation's page calls it required for HTTP APIs).
// - REST APIs: AWS::ApiGateway::Method (HttpMethod, ResourceId, Integration { Type: AWS_PROXY, Uri }) at the path its
//   AWS::ApiGateway::Resource chain spells (PathPart under ParentId, up to the RestApi's RootResourceId): payload 1.0.
// Other integrations (HTTP, MOCK, AWS service) are left out with a notice. Stages are not part of the path: every API's
// routes are served at the root of the one application port, as for SAM (SEMANTICS.md H.1).
// Ref of a Resource or an Integration is its logical id (placeholderValues), which is how they are found again here.
import type { HttpMethod, PayloadFormat } from '../../config/config-types.js';
import { METHODS } from '../../config/validate-events.js';
import type { TemplateResource } from '../cloudformation/index.js';
import { addRoute, conflict } from './http-routes.js';
import type { MappingContext } from './mapping-context.js';
import { booleanProperty, objectProperty, stringProperty, type ResourceMapper } from './resource-mapper.js';
import { arnTarget, textAt } from './target-arns.js';

type Path = (string | number)[];

/** AWS::ApiGatewayV2::Route → a route to the function of its integration. */
export const mapHttpRoute: ResourceMapper = (resource, ctx) => {
  const api = apiOf(resource, ctx, 'AWS::ApiGatewayV2::Api', 'ApiId');
  if (api.resource && !isHttpApi(api.resource)) {
    // The same words as mapHttpApi's, so the API is noticed once.
    ctx.notice(`API ${api.name}: ProtocolType ${String(api.resource.properties['ProtocolType'])} is not emulated, the API is left out`);
    return;
  }
  const routeKey = stringProperty(resource, ctx, 'RouteKey', true);
  checkRouteKey(resource, ctx, routeKey);
  const left = (why: string) => ctx.notice(`Route ${resource.logicalId} (${routeKey}): ${why}; the route is left out`);
  const target = stringProperty(resource, ctx, 'Target');
  if (target === undefined) return left('it has no Target (integration)');
  const id = /^integrations\/(.+)$/.exec(target)?.[1];
  const integration = id === undefined ? undefined : ctx.resource(id);
  if (integration?.type !== 'AWS::ApiGatewayV2::Integration') {
    return ctx.fail(resource, ['Target'], `Target ${JSON.stringify(target)} must be integrations/<IntegrationId> of an AWS::ApiGatewayV2::Integration of this template`);
  }
  const type = stringProperty(integration, ctx, 'IntegrationType', true);
  if (type !== 'AWS_PROXY') return left(`its integration ${integration.logicalId} is of type ${type}, which Eddy does not emulate (only AWS_PROXY integrations with a function)`);
  const subtype = integration.properties['IntegrationSubtype'];
  if (subtype !== undefined) return left(`its integration ${integration.logicalId} is the AWS service integration ${String(subtype)}, which Eddy does not emulate`);
  const fn = functionOf(integration, ctx, stringProperty(integration, ctx, 'IntegrationUri', true), ['IntegrationUri']);
  const payloadFormat = payloadFormatOf(integration, ctx) ?? '2.0';
  authorizationNotice(ctx, api.name, resource.properties['AuthorizationType']);
  addRoute(ctx, routeKey, fn, payloadFormat, api.name, () => ctx.fail(resource, ['RouteKey'], conflict(ctx, routeKey, api.name)));
};

/** AWS::ApiGateway::Method → a route (payload 1.0) at the path of its resource. */
export const mapRestMethod: ResourceMapper = (resource, ctx) => {
  const api = apiOf(resource, ctx, 'AWS::ApiGateway::RestApi', 'RestApiId');
  const method = stringProperty(resource, ctx, 'HttpMethod', true).toUpperCase();
  if (!METHODS.includes(method as HttpMethod)) ctx.fail(resource, ['HttpMethod'], `HttpMethod must be one of ${METHODS.join(', ')}, got ${JSON.stringify(resource.properties['HttpMethod'])}`);
  const routeKey = `${method} ${restPath(resource, ctx)}`;
  const left = (why: string) => ctx.notice(`Method ${resource.logicalId} (${routeKey}): ${why}; the route is left out`);
  const integration = objectProperty(resource, ctx, 'Integration');
  if (integration === undefined) return left('it has no Integration');
  const type = textAt(resource, ctx, integration['Type'], ['Integration', 'Type']) ?? ctx.fail(resource, ['Integration'], 'Integration.Type is required');
  if (type === 'MOCK' && method === 'OPTIONS') {
    // What CDK writes on every resource for defaultCorsPreflightOptions: one notice for the API, not one per path.
    return ctx.notice(`API ${api.name}: its OPTIONS methods with a MOCK integration (CORS preflight answers) are not served; Eddy answers preflights from an HTTP API's CorsConfiguration (http.cors) only`);
  }
  if (type !== 'AWS_PROXY') return left(`its integration type ${type} is not emulated (only AWS_PROXY integrations with a function)`);
  const uri = textAt(resource, ctx, integration['Uri'], ['Integration', 'Uri']) ?? ctx.fail(resource, ['Integration'], 'Integration.Uri is required');
  const fn = functionOf(resource, ctx, uri, ['Integration', 'Uri']);
  authorizationNotice(ctx, api.name, resource.properties['AuthorizationType']);
  if (booleanProperty(resource, ctx, 'ApiKeyRequired')) ctx.notice(`API ${api.name}: API keys are not checked; every request reaches the function`);
  addRoute(ctx, routeKey, fn, '1.0', api.name, () => ctx.fail(resource, ['HttpMethod'], conflict(ctx, routeKey, api.name)));
};

/** AWS::ApiGatewayV2::Stage: noticed when named, since the routes are served without the stage prefix. */
export const mapHttpStage: ResourceMapper = (resource, ctx) => {
  const api = apiOf(resource, ctx, 'AWS::ApiGatewayV2::Api', 'ApiId');
  if (api.resource && !isHttpApi(api.resource)) return;
  stageNotice(ctx, api.name, stringProperty(resource, ctx, 'StageName', true));
};

/** AWS::ApiGateway::Stage, and AWS::ApiGateway::Deployment with a StageName: noticed like an HTTP API's. */
export const mapRestStage: ResourceMapper = (resource, ctx) => {
  const stage = resource.type === 'AWS::ApiGateway::Stage' ? stringProperty(resource, ctx, 'StageName', true) : stringProperty(resource, ctx, 'StageName');
  if (stage !== undefined) stageNotice(ctx, apiOf(resource, ctx, 'AWS::ApiGateway::RestApi', 'RestApiId').name, stage);
};

/** The API a resource belongs to (by its ApiId / RestApiId, the API's Ref), named by its logical id when in the template. */
function apiOf(resource: TemplateResource, ctx: MappingContext, type: string, key: string): { name: string; resource?: TemplateResource } {
  const id = stringProperty(resource, ctx, key, true);
  const api = ctx.template.resources.find((r) => r.type === type && r.values.ref === id);
  return api ? { name: api.logicalId, resource: api } : { name: id };
}

function isHttpApi(api: TemplateResource): boolean {
  const protocol = api.properties['ProtocolType'];
  return protocol === undefined || protocol === 'HTTP';
}

function stageNotice(ctx: MappingContext, api: string, stage: string): void {
  // The words of http-routes.ts's mapRoutes, so an API is noticed once.
  if (stage !== '$default') ctx.notice(`API ${api}: its routes are served at the root of the application port, without the stage prefix /${stage}`);
}

function authorizationNotice(ctx: MappingContext, api: string, type: unknown): void {
  if (type !== undefined && type !== 'NONE') ctx.notice(`API ${api}: authorization (${String(type)}) is not applied; every request reaches the function`);
}

/** `$default`, or `METHOD /path` with `{param}` segments and a final `{proxy+}` (as the config's routes take). */
function checkRouteKey(resource: TemplateResource, ctx: MappingContext, routeKey: string): void {
  if (routeKey === '$default') return;
  const [method, path, extra] = routeKey.split(' ');
  const ok = extra === undefined && METHODS.includes(method as HttpMethod) && path !== undefined && /^\/[^\s?#]*$/.test(path) && path.split('/').slice(1).every((s, i, all) => segmentOk(s, i === all.length - 1));
  if (!ok) ctx.fail(resource, ['RouteKey'], `RouteKey must be $default or "METHOD /path" (METHOD one of ${METHODS.join(', ')}; segments text, {param} or a final {proxy+}), got ${JSON.stringify(routeKey)}`);
}

function segmentOk(segment: string, last: boolean): boolean {
  return /^[^{}/]*$/.test(segment) || /^\{[A-Za-z0-9_]+\}$/.test(segment) || (last && /^\{[A-Za-z0-9_]+\+\}$/.test(segment));
}

/**
 * The path a Method's ResourceId spells: each AWS::ApiGateway::Resource's PathPart under its ParentId, up to a
 * RestApi's RootResourceId (`/`).
 */
function restPath(method: TemplateResource, ctx: MappingContext): string {
  const parts: string[] = [];
  const seen = new Set<string>();
  let holder = method;
  let key = 'ResourceId';
  let id: unknown = method.properties['ResourceId'];
  for (;;) {
    const at: Path = [key];
    const value = textAt(holder, ctx, id, at) ?? ctx.fail(holder, at, `${key} is required`);
    if (ctx.template.resources.some((r) => r.type === 'AWS::ApiGateway::RestApi' && r.values.attributes['RootResourceId'] === value)) {
      return `/${parts.reverse().join('/')}`;
    }
    const resource = ctx.resource(value);
    if (resource?.type !== 'AWS::ApiGateway::Resource') {
      return ctx.fail(holder, at, `${key} ${JSON.stringify(value)} must be a RestApi's RootResourceId (!GetAtt Api.RootResourceId) or the Ref of an AWS::ApiGateway::Resource of this template`);
    }
    if (seen.has(resource.logicalId)) return ctx.fail(resource, ['ParentId'], `its ParentId chain comes back to ${resource.logicalId}`);
    seen.add(resource.logicalId);
    const part = stringProperty(resource, ctx, 'PathPart', true);
    if (!segmentOk(part, parts.length === 0) || part === '') {
      const why = /\+\}$/.test(part) && parts.length > 0 ? ` (a greedy ${part} has no resources under it)` : '';
      ctx.fail(resource, ['PathPart'], `PathPart must be text, {param} or {proxy+}, got ${JSON.stringify(part)}${why}`);
    }
    parts.push(part);
    holder = resource;
    key = 'ParentId';
    id = resource.properties['ParentId'];
  }
}

/** The function an AWS_PROXY integration invokes: its ARN (qualified or not) or `arn:…:apigateway:…:lambda:path/2015-03-31/functions/<ARN>/invocations`. */
function functionOf(resource: TemplateResource, ctx: MappingContext, uri: string, path: Path): string {
  const inner = /^arn:[^:]+:apigateway:[^:]*:lambda:path\/[^/]+\/functions\/(.+)\/invocations$/.exec(uri)?.[1] ?? uri;
  const target = arnTarget(inner, ctx);
  if (target?.kind === 'function') return target.name;
  const what = target?.kind === 'unsupported' ? target.what : target ? `the ${target.kind} ${target.name}` : JSON.stringify(uri);
  return ctx.fail(resource, path, `an AWS_PROXY integration must invoke a function (its ARN, or arn:aws:apigateway:REGION:lambda:path/2015-03-31/functions/<ARN>/invocations), got ${what}`);
}

/** PayloadFormatVersion `1.0` / `2.0` (YAML may read them as the numbers 1 and 2). */
function payloadFormatOf(resource: TemplateResource, ctx: MappingContext): PayloadFormat | undefined {
  const raw = resource.properties['PayloadFormatVersion'];
  if (raw === undefined) return undefined;
  const text = typeof raw === 'number' ? raw.toFixed(1) : raw;
  if (text === '1.0' || text === '2.0') return text;
  return ctx.fail(resource, ['PayloadFormatVersion'], `PayloadFormatVersion must be 1.0 or 2.0, got ${JSON.stringify(raw)}`);
}
