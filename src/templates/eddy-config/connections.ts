// AWS::Events::Connection → `connections`; AWS::Events::ApiDestination is no config section of its own: a
// rule target or pipe naming it becomes an `http` block ({ url, method, connection }), for which the config
// makes the API destination (docs/configuration.md § The event bus).
import type { ConnectionConfig, HttpTargetConfig } from '../../config/bus-config-types.js';
import { placeholderOf, type TemplateResource } from '../cloudformation/index.js';
import type { MappingContext } from './mapping-context.js';
import { objectProperty, stringProperty, type ResourceMapper } from './resource-mapper.js';
import { oneOfAt, textAt } from './target-arns.js';

const METHODS = ['POST', 'GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'DELETE'] as const;

export const mapConnection: ResourceMapper = (resource, ctx) => {
  const name = ctx.nameOf(resource);
  const type = oneOfAt(resource, ctx, resource.properties['AuthorizationType'], ['AuthorizationType'], ['API_KEY', 'BASIC', 'OAUTH_CLIENT_CREDENTIALS'] as const) ??
    ctx.fail(resource, ['AuthorizationType'], 'AuthorizationType is required');
  const auth = objectProperty(resource, ctx, 'AuthParameters') ?? ctx.fail(resource, ['AuthParameters'], 'AuthParameters is required');
  const text = (block: Record<string, unknown>, path: string[], key: string): string =>
    textAt(resource, ctx, block[key], [...path, key]) ?? ctx.fail(resource, [...path, key], `${key} is required`);
  const block = (key: string): [Record<string, unknown>, string[]] => {
    const path = ['AuthParameters', key];
    return [objectProperty(resource, ctx, '', auth[key], path) ?? ctx.fail(resource, path, `${key} is required with AuthorizationType ${type}`), path];
  };
  const connection: ConnectionConfig = {};
  const description = stringProperty(resource, ctx, 'Description');
  if (description !== undefined) connection.description = description;
  if (type === 'API_KEY') {
    const [b, p] = block('ApiKeyAuthParameters');
    connection.apiKey = { name: text(b, p, 'ApiKeyName'), value: text(b, p, 'ApiKeyValue') };
  } else if (type === 'BASIC') {
    const [b, p] = block('BasicAuthParameters');
    connection.basic = { username: text(b, p, 'Username'), password: text(b, p, 'Password') };
  } else {
    const [b, p] = block('OAuthParameters');
    const client = objectProperty(resource, ctx, '', b['ClientParameters'], [...p, 'ClientParameters']) ?? ctx.fail(resource, [...p, 'ClientParameters'], 'ClientParameters is required');
    const method = oneOfAt(resource, ctx, b['HttpMethod'], [...p, 'HttpMethod'], ['GET', 'POST', 'PUT'] as const);
    connection.oauth = {
      authorizationEndpoint: text(b, p, 'AuthorizationEndpoint'),
      ...(method && { method }),
      clientId: text(client, [...p, 'ClientParameters'], 'ClientID'),
      clientSecret: text(client, [...p, 'ClientParameters'], 'ClientSecret'),
    };
    if (b['OAuthHttpParameters'] !== undefined) ctx.notice(`Connection ${name}: OAuthHttpParameters (extra parameters of the token request) are not sent by Eddy`);
  }
  if (auth['InvocationHttpParameters'] !== undefined) ctx.notice(`Connection ${name}: InvocationHttpParameters (parameters added to every call) are not sent by Eddy`);
  ctx.config.connections[name] = connection;
};

/** Read where a rule or pipe names it (apiDestinationEndpoint); a rate limit of its own is not kept. */
export const mapApiDestination: ResourceMapper = (resource, ctx) => {
  if (resource.properties['InvocationRateLimitPerSecond'] !== undefined) {
    ctx.notice(`API destination ${ctx.nameOf(resource)}: InvocationRateLimitPerSecond is not kept (Eddy's API destinations made for the config use AWS's default, 300 a second)`);
  }
};

/** The template's AWS::Events::ApiDestination named `name` as an `http` block, or undefined when the template has none. */
export function apiDestinationEndpoint(ctx: MappingContext, name: string): HttpTargetConfig | undefined {
  const resource = ctx.template.resources.find((r) => r.type === 'AWS::Events::ApiDestination' && ctx.nameOf(r) === name);
  if (!resource) return undefined;
  const url = stringProperty(resource, ctx, 'InvocationEndpoint', true);
  const method = oneOfAt(resource, ctx, resource.properties['HttpMethod'], ['HttpMethod'], METHODS) ?? ctx.fail(resource, ['HttpMethod'], 'HttpMethod is required');
  const connectionArn = stringProperty(resource, ctx, 'ConnectionArn', true);
  const connection = connectionNameOf(ctx, connectionArn) ?? ctx.fail(resource, ['ConnectionArn'], `ConnectionArn must be a connection's ARN, got ${JSON.stringify(connectionArn)}`);
  return { url, method, connection };
}

/** `arn:…:events:…:connection/NAME/UUID`, or the template's Connection (whose ARN stands in as not emulated). */
function connectionNameOf(ctx: MappingContext, arn: string): string | undefined {
  const found = placeholderOf(arn);
  if (found) {
    const resource: TemplateResource | undefined = found.type === 'AWS::Events::Connection' ? ctx.resource(found.logicalId) : undefined;
    return resource && ctx.nameOf(resource);
  }
  return /^arn:[^:]+:events:[^:]*:[^:]*:connection\/([^/]+)/.exec(arn)?.[1];
}
