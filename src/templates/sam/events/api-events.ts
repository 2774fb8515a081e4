// Api / HttpApi events → routes on the implicit `ServerlessRestApi` / `ServerlessHttpApi` or on the explicit API their
// RestApiId / ApiId names (SEMANTICS.md H.1 "Api", "HttpApi"; samtranslator plugins/api/implicit_{rest,http}_api_plugin.py).
// Eddy records each route (method, path, function) for the application port instead of writing an OpenAPI body;
// the Lambda::Permission SAM adds is not generated.
import { isObject } from '../transform-context.js';
import type { TemplateValue } from '../types.js';
import { failEvent, type FunctionEvent, requireProperty } from './event-context.js';

export const IMPLICIT_REST_API = 'ServerlessRestApi';
export const IMPLICIT_HTTP_API = 'ServerlessHttpApi';

export function apiEvent(type: 'Api' | 'HttpApi', event: FunctionEvent): void {
  const { properties, context } = event;
  const rest = type === 'Api';
  if (rest) {
    requireProperty(event, 'Path');
    requireProperty(event, 'Method');
  }
  const reference = rest ? properties.RestApiId : properties.ApiId;
  let api: string;
  if (reference === undefined) {
    api = rest ? IMPLICIT_REST_API : IMPLICIT_HTTP_API;
  } else if (typeof reference === 'string' || (isObject(reference) && typeof reference.Ref === 'string')) {
    // SAM takes a Ref or the logical id itself (implicit_api_plugin._get_api_id).
    api = typeof reference === 'string' ? reference : reference.Ref as string;
    const declared = context.input[api]?.Type;
    const expected = rest ? 'AWS::Serverless::Api' : 'AWS::Serverless::HttpApi';
    if (declared !== expected) {
      failEvent(event, `${rest ? 'RestApiId' : 'ApiId'} must be a valid reference to an '${expected}' resource in same template.`,
        [...event.path, 'Properties', rest ? 'RestApiId' : 'ApiId']);
    }
  } else {
    return failEvent(event, `${rest ? 'RestApiId' : 'ApiId'} must be a Ref to an API of this template.`, [...event.path, 'Properties']);
  }
  const method = properties.Method === undefined ? 'ANY' : String(properties.Method).toUpperCase();
  context.routes.push({
    api,
    kind: rest ? 'rest' : 'http',
    method: method === 'X-AMAZON-APIGATEWAY-ANY-METHOD' ? 'ANY' : method,
    path: properties.Path === undefined ? '$default' : String(properties.Path),
    function: event.target.logicalId,
    ...(event.target.alias ? { alias: event.target.alias.name } : {}),
    payloadFormatVersion: rest ? '1.0' : String(properties.PayloadFormatVersion ?? '2.0'),
    stage: stageOf(api, rest, event),
    origin: context.origin(event.path),
  });
}

/** An explicit API's StageName; `Prod` for the implicit REST API, `$default` for HTTP APIs. */
function stageOf(api: string, rest: boolean, event: FunctionEvent): TemplateValue {
  const declared = event.context.input[api]?.Properties?.StageName;
  if (declared !== undefined && api !== IMPLICIT_REST_API && api !== IMPLICIT_HTTP_API) return declared;
  return rest ? 'Prod' : '$default';
}
