import { lambdaErrors } from '../lambda/lambda-errors.js';
import type { LambdaContext } from '../lambda/lambda-context.js';
import { getFunction, getFunctionConfiguration, listFunctions } from '../lambda/operations/get-function.js';
import { invoke } from '../lambda/operations/invoke.js';
import {
  createEventSourceMapping,
  deleteEventSourceMapping,
  getEventSourceMapping,
  listEventSourceMappings,
  updateEventSourceMapping,
} from '../lambda/operations/event-source-mappings.js';
import type { MappingsContext } from '../triggers/mappings-context.js';
import type { ServiceError } from '../shared/service-error.js';
import type { RestRequest, RestResponse, RestService } from './rest-service.js';

const FUNCTION = '([^/]+)';

/** Lambda's REST-JSON API on the same port (`/2015-03-31/functions/...`), as @aws-sdk/client-lambda calls it. */
export function lambdaService(ctx: LambdaContext): RestService {
  const route = (method: string, path: string, op: (ctx: LambdaContext, req: RestRequest) => Promise<RestResponse>) => ({
    method,
    path: new RegExp(`^/2015-03-31/functions${path}$`),
    handle: (req: RestRequest) => op(ctx, req),
  });
  const esm = (method: string, path: string, op: (ctx: MappingsContext, req: RestRequest) => Promise<RestResponse>) => ({
    method,
    path: new RegExp(`^/2015-03-31/event-source-mappings${path}$`),
    handle: (req: RestRequest) => op(ctx.mappings, req),
  });
  return {
    routes: [
      esm('POST', '/?', createEventSourceMapping),
      esm('GET', '/?', listEventSourceMappings),
      esm('GET', '/([^/]+)/?', getEventSourceMapping),
      esm('PUT', '/([^/]+)/?', updateEventSourceMapping),
      esm('DELETE', '/([^/]+)/?', deleteEventSourceMapping),
      route('POST', `/${FUNCTION}/invocations/?`, invoke),
      route('GET', `/${FUNCTION}/configuration/?`, getFunctionConfiguration),
      route('GET', `/${FUNCTION}/?`, getFunction),
      route('GET', '/?', listFunctions),
    ],
    errorResponse: (error: ServiceError): RestResponse => ({
      status: error.statusCode,
      headers: { 'x-amzn-errortype': error.code },
      body: JSON.stringify({ Type: error.statusCode >= 500 ? 'Service' : 'User', message: error.message, ...error.fields }),
    }),
    internalError: () => lambdaErrors.service(),
  };
}
