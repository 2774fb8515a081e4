import { lambdaErrors } from '../lambda/lambda-errors.js';
import type { LambdaContext } from '../lambda/lambda-context.js';
import type { InvokeResult } from '../lambda/operations/invoke.js';
import type { ServiceError } from '../shared/service-error.js';
import { jsonBody, maxItems } from './lambda-request.js';
import type { RestRequest, RestResponse, RestService } from './rest-service.js';
import { SignatureError } from './sigv4/sigv4-errors.js';
import { memoised } from './lazy-service.js';
import type * as LambdaOperations from './lambda-operations.js';

const FUNCTION = '([^/]+)';

/** The operations and their validation: only requests need them, so they are imported (and evaluated) on the first one. */
const operations = memoised(() => import('./lambda-operations.js'));
type Handler = (req: RestRequest, op: typeof LambdaOperations) => Promise<RestResponse>;
const withOperations = (handle: Handler) => async (req: RestRequest) => handle(req, await operations());

const json = (status: number, value: unknown): RestResponse => ({ status, body: JSON.stringify(value) });
const noContent = (): RestResponse => ({ status: 204 });
/** A 50 MB zip travels base64 in JSON: about 70 MB (past that, the request itself is too large). */
const CODE_BODY_BYTES = 72 * 1024 * 1024;

/** Invoke's answer: Lambda's StatusCode is the HTTP status, the other members travel in headers around the payload. */
function invokeResponse(result: InvokeResult): RestResponse {
  if (result.statusCode === 204) return { status: 204 };
  if (result.statusCode === 202) return { status: 202, headers: { 'x-amzn-requestid': result.requestId } };
  const headers: Record<string, string> = { 'x-amzn-requestid': result.requestId, 'x-amz-executed-version': result.executedVersion };
  if (result.functionError !== undefined) headers['x-amz-function-error'] = result.functionError;
  if (result.logResult !== undefined) headers['x-amz-log-result'] = result.logResult;
  return { status: 200, headers, body: result.payload };
}

/** Lambda's REST-JSON API on the same port (`/2015-03-31/functions/...`), as @aws-sdk/client-lambda calls it. */
export function lambdaService(ctx: LambdaContext): RestService {
  const route = (method: string, path: string, handle: Handler, maxBodyBytes?: number) => ({
    method,
    path: new RegExp(`^/2015-03-31/functions${path}$`),
    handle: withOperations(handle),
    ...(maxBodyBytes !== undefined && { maxBodyBytes }),
  });
  const tags = (method: string, handle: Handler) => ({ method, path: /^\/2017-03-31\/tags\/([^/]+)\/?$/, handle: withOperations(handle) });
  const page = (req: RestRequest) => ({ maxItems: maxItems(req.query), marker: req.query.get('Marker') ?? undefined });
  const esm = (method: string, path: string, handle: Handler) => ({
    method,
    path: new RegExp(`^/2015-03-31/event-source-mappings${path}$`),
    handle: withOperations(handle),
  });
  // The event invoke config operations live under their own API version date.
  const invokeConfig = (method: string, path: string, handle: Handler) => ({
    method,
    path: new RegExp(`^/2019-09-25/functions/${FUNCTION}/event-invoke-config${path}$`),
    handle: withOperations(handle),
  });
  const functionRef = (req: RestRequest) => ({ functionName: req.params[0]!, qualifier: req.query.get('Qualifier') ?? undefined });
  const mappings = ctx.mappings;
  return {
    signingName: 'lambda',
    routes: [
      esm('POST', '/?', async (req, op) => json(202, await op.createEventSourceMapping(mappings, jsonBody(req.body)))),
      esm('GET', '/?', async (req, op) =>
        json(
          200,
          await op.listEventSourceMappings(mappings, {
            maxItems: maxItems(req.query),
            eventSourceArn: req.query.get('EventSourceArn') ?? undefined,
            functionName: req.query.get('FunctionName') ?? undefined,
            marker: req.query.get('Marker') ?? undefined,
          }),
        ),
      ),
      esm('GET', '/([^/]+)/?', async (req, op) => json(200, await op.getEventSourceMapping(mappings, req.params[0]!))),
      esm('PUT', '/([^/]+)/?', async (req, op) => {
        const input = jsonBody(req.body);
        return json(202, await op.updateEventSourceMapping(mappings, req.params[0]!, input));
      }),
      esm('DELETE', '/([^/]+)/?', async (req, op) => json(202, await op.deleteEventSourceMapping(mappings, req.params[0]!))),
      route('POST', `/${FUNCTION}/invocations/?`, async (req, op) =>
        invokeResponse(
          await op.invoke(ctx, {
            ...functionRef(req),
            invocationType: req.headers['x-amz-invocation-type'],
            logType: req.headers['x-amz-log-type'],
            clientContext: req.headers['x-amz-client-context'],
            payload: req.body,
          }),
        ),
      ),
      invokeConfig('PUT', '/?', async (req, op) => json(200, await op.putFunctionEventInvokeConfig(ctx, functionRef(req), jsonBody(req.body)))),
      invokeConfig('POST', '/?', async (req, op) => json(200, await op.updateFunctionEventInvokeConfig(ctx, functionRef(req), jsonBody(req.body)))),
      invokeConfig('GET', '/?', async (req, op) => json(200, await op.getFunctionEventInvokeConfig(ctx, functionRef(req)))),
      invokeConfig('DELETE', '/?', async (req, op) => {
        await op.deleteFunctionEventInvokeConfig(ctx, functionRef(req));
        return { status: 204 };
      }),
      invokeConfig('GET', '/list/?', async (req, op) =>
        json(
          200,
          await op.listFunctionEventInvokeConfigs(ctx, {
            functionName: req.params[0]!,
            maxItems: maxItems(req.query, 50),
            marker: req.query.get('Marker') ?? undefined,
          }),
        ),
      ),
      route('GET', `/${FUNCTION}/configuration/?`, async (req, op) => json(200, await op.getFunctionConfiguration(ctx, functionRef(req)))),
      route('PUT', `/${FUNCTION}/configuration/?`, async (req, op) => json(200, await op.updateFunctionConfiguration(ctx, req.params[0]!, jsonBody(req.body)))),
      route('PUT', `/${FUNCTION}/code/?`, async (req, op) => json(200, await op.updateFunctionCode(ctx, req.params[0]!, jsonBody(req.body))), CODE_BODY_BYTES),
      route('POST', `/${FUNCTION}/versions/?`, async (req, op) => json(201, await op.publishVersion(ctx, req.params[0]!, jsonBody(req.body)))),
      route('GET', `/${FUNCTION}/versions/?`, async (req, op) => json(200, await op.listVersionsByFunction(ctx, req.params[0]!, page(req)))),
      route('POST', `/${FUNCTION}/aliases/?`, async (req, op) => json(201, await op.createAlias(ctx, req.params[0]!, jsonBody(req.body)))),
      route('GET', `/${FUNCTION}/aliases/?`, async (req, op) =>
        json(200, await op.listAliases(ctx, req.params[0]!, { ...page(req), functionVersion: req.query.get('FunctionVersion') ?? undefined })),
      ),
      route('GET', `/${FUNCTION}/aliases/${FUNCTION}/?`, async (req, op) => json(200, await op.getAlias(ctx, req.params[0]!, req.params[1]!))),
      route('PUT', `/${FUNCTION}/aliases/${FUNCTION}/?`, async (req, op) => json(200, await op.updateAlias(ctx, req.params[0]!, req.params[1]!, jsonBody(req.body)))),
      route('DELETE', `/${FUNCTION}/aliases/${FUNCTION}/?`, async (req, op) => {
        await op.deleteAlias(ctx, req.params[0]!, req.params[1]!);
        return noContent();
      }),
      route('POST', `/${FUNCTION}/policy/?`, async (req, op) => json(201, await op.addPermission(ctx, req.params[0]!, req.query.get('Qualifier') ?? undefined, jsonBody(req.body)))),
      route('GET', `/${FUNCTION}/policy/?`, async (req, op) => json(200, await op.getPolicy(ctx, req.params[0]!, req.query.get('Qualifier') ?? undefined))),
      route('DELETE', `/${FUNCTION}/policy/${FUNCTION}/?`, async (req, op) => {
        await op.removePermission(ctx, req.params[0]!, req.query.get('Qualifier') ?? undefined, req.params[1]!);
        return noContent();
      }),
      route('GET', `/${FUNCTION}/?`, async (req, op) => json(200, await op.getFunction(ctx, functionRef(req)))),
      route('DELETE', `/${FUNCTION}/?`, async (req, op) => {
        await op.deleteFunction(ctx, req.params[0]!, req.query.get('Qualifier') ?? undefined);
        return noContent();
      }),
      route('GET', '/?', async (req, op) =>
        json(200, await op.listFunctions(ctx, { ...page(req), functionVersion: req.query.get('FunctionVersion') ?? undefined })),
      ),
      route('POST', '/?', async (req, op) => json(201, await op.createFunction(ctx, jsonBody(req.body))), CODE_BODY_BYTES),
      {
        method: 'GET',
        path: new RegExp(`^/2020-06-30/functions/${FUNCTION}/code-signing-config/?$`),
        handle: withOperations(async (req, op) => json(200, await op.getFunctionCodeSigningConfig(ctx, req.params[0]!))),
      },
      {
        method: 'GET',
        path: new RegExp(`^/2019-09-30/functions/${FUNCTION}/concurrency/?$`),
        handle: withOperations(async (req, op) => json(200, await op.getFunctionConcurrency(ctx, req.params[0]!))),
      },
      tags('GET', async (req, op) => json(200, await op.listTags(ctx, req.params[0]!))),
      tags('POST', async (req, op) => {
        await op.tagResource(ctx, req.params[0]!, jsonBody(req.body));
        return noContent();
      }),
      tags('DELETE', async (req, op) => {
        await op.untagResource(ctx, req.params[0]!, req.query.getAll('tagKeys'));
        return noContent();
      }),
    ],
    errorResponse: (error: ServiceError): RestResponse => ({
      status: error.statusCode,
      headers: { 'x-amzn-errortype': error.code },
      body: JSON.stringify(
        // A signature refusal comes from the front end in front of Lambda and carries its message only:
        // recorded for InvalidSignatureException (erlcloud issue 690: 403, a 192-byte body that is
        // exactly {"message":"The request signature we calculated …"}), and API Gateway's front end answers
        // {"message":"Missing Authentication Token"} alike (chalice issue 12); Missing…, Unrecognized… and
        // IncompleteSignatureException assumed to take the same shape (unconfirmed).
        error instanceof SignatureError
          ? { message: error.message }
          : { Type: error.statusCode >= 500 ? 'Service' : 'User', message: error.message, ...error.fields },
      ),
    }),
    internalError: () => lambdaErrors.service(),
  };
}
