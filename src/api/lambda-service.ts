import { lambdaErrors } from '../lambda/lambda-errors.js';
import type { LambdaContext } from '../lambda/lambda-context.js';
import { getFunction, getFunctionConfiguration, listFunctions } from '../lambda/operations/get-function.js';
import { invoke } from '../lambda/operations/invoke.js';
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
  return {
    routes: [
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
