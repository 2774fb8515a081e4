// AWS::Serverless::Api / HttpApi (explicit, and the implicit ServerlessRestApi / ServerlessHttpApi) → the API
// resource alone: AWS::ApiGateway::RestApi / AWS::ApiGatewayV2::Api. Routes travel in the transform's `routes`;
// the deployment, stage and OpenAPI body SAM writes are not generated (Eddy serves the routes itself).
import { passThroughAttributes } from './function.js';
import { type Globals, withGlobals } from './globals.js';
import { IMPLICIT_HTTP_API, IMPLICIT_REST_API } from './events/api-events.js';
import { pick, type TransformContext } from './transform-context.js';
import type { TemplateObject, TemplateResource } from './types.js';

export function expandApi(logicalId: string, resource: TemplateResource, globals: Globals, context: TransformContext): void {
  const rest = resource.Type === 'AWS::Serverless::Api';
  const properties = withGlobals(globals, rest ? 'Api' : 'HttpApi', resource.Properties ?? {}, resource.IgnoreGlobals);
  context.add(logicalId, {
    ...passThroughAttributes(resource),
    Type: rest ? 'AWS::ApiGateway::RestApi' : 'AWS::ApiGatewayV2::Api',
    Properties: apiProperties(rest, properties),
  }, ['Resources', logicalId]);
}

/** The implicit APIs, when some function's event uses them (implicit_{rest,http}_api_plugin.py). */
export function addImplicitApis(globals: Globals, context: TransformContext): void {
  for (const [id, rest] of [[IMPLICIT_REST_API, true], [IMPLICIT_HTTP_API, false]] as const) {
    const first = context.routes.find((route) => route.api === id);
    if (!first || id in context.resources) continue;
    const properties = withGlobals(globals, rest ? 'Api' : 'HttpApi', {}, undefined);
    context.resources[id] = { Type: rest ? 'AWS::ApiGateway::RestApi' : 'AWS::ApiGatewayV2::Api', Properties: apiProperties(rest, properties) };
    context.origins.set(id, first.origin);
  }
}

function apiProperties(rest: boolean, properties: TemplateObject): TemplateObject {
  // A REST API's Cors goes on for Eddy's application port (SAM writes it as OPTIONS methods in the OpenAPI body instead).
  if (rest) return pick(properties, ['Name', 'Description', 'BinaryMediaTypes', 'Cors']);
  const api: TemplateObject = { ProtocolType: 'HTTP', ...pick(properties, ['Name', 'Description', 'CorsConfiguration', 'Tags']) };
  return api;
}
