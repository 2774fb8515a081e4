import { MAX_JSON_DEPTH, jsonDepthExceeds, mayExceedDepth } from '../shared/json-depth.js';
import { coralErrors, type ServiceError } from '../shared/service-error.js';
import { pipesErrors, type PipesContext } from '../pipes/index.js';
import type { RestRequest, RestResponse, RestRoute, RestService } from './rest-service.js';
import { memoised } from './lazy-service.js';
import type * as PipesOperations from './pipes-operations.js';

/** The operations and their validation: only requests need them, so they are imported (and evaluated) on the first one. */
const operations = memoised(() => import('./pipes-operations.js'));
type Handler = (req: RestRequest, op: typeof PipesOperations) => Promise<RestResponse>;
const withOperations = (handle: Handler) => async (req: RestRequest) => handle(req, await operations());

const json = (value: unknown): RestResponse => ({ status: 200, body: JSON.stringify(value) });

/** A request body as a JSON object: none is `{}`; anything else is a SerializationException. */
function body(req: RestRequest): Record<string, unknown> {
  if (req.body.length === 0) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(req.body.toString('utf8'));
  } catch {
    throw coralErrors.serialization('The request body is not valid JSON');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw coralErrors.serialization('Start of structure or map found where not expected');
  if (mayExceedDepth(req.body.length) && jsonDepthExceeds(parsed)) throw coralErrors.serialization(`The request nests objects and arrays deeper than ${MAX_JSON_DEPTH} levels`);
  return parsed as Record<string, unknown>;
}

/**
 * The tags routes take only pipe ARNs (`arn:aws:pipes:…`, its colons escaped or not): EventBridge
 * Scheduler tags by `/tags/{ResourceArn}` too, and its ARNs must reach its own routes.
 */
const TAGS = /^\/tags\/(arn(?::|%3[Aa])aws(?::|%3[Aa])pipes(?::|%3[Aa])[^/]*)$/;

/** EventBridge Pipes' REST-JSON API (`/v1/pipes/...`, `/tags/<pipe ARN>`), as @aws-sdk/client-pipes calls it. */
export function pipesService(ctx: PipesContext): RestService {
  const route = (method: string, path: string, handle: Handler): RestRoute => ({
    method,
    path: new RegExp(`^/v1/pipes${path}$`),
    handle: withOperations(handle),
  });
  const name = (req: RestRequest) => req.params[0]!;
  return {
    signingName: 'pipes',
    routes: [
      route('GET', '/?', async (req, op) => json(await op.listPipes(ctx, req.query))),
      route('POST', '/([^/]+)/start', async (req, op) => json(await op.setPipeState(ctx, name(req), 'RUNNING'))),
      route('POST', '/([^/]+)/stop', async (req, op) => json(await op.setPipeState(ctx, name(req), 'STOPPED'))),
      route('POST', '/([^/]+)', async (req, op) => json(await op.createPipe(ctx, name(req), body(req)))),
      route('GET', '/([^/]+)', async (req, op) => json(await op.describePipe(ctx, name(req)))),
      route('PUT', '/([^/]+)', async (req, op) => json(await op.updatePipe(ctx, name(req), body(req)))),
      route('DELETE', '/([^/]+)', async (req, op) => json(await op.deletePipe(ctx, name(req)))),
      { method: 'GET', path: TAGS, handle: withOperations(async (req, op) => json(await op.listTagsForResource(ctx, req.params[0]!))) },
      {
        method: 'POST',
        path: TAGS,
        handle: withOperations(async (req, op) => {
          await op.tagResource(ctx, req.params[0]!, body(req));
          return json({});
        }),
      },
      {
        method: 'DELETE',
        path: TAGS,
        handle: withOperations(async (req, op) => {
          await op.untagResource(ctx, req.params[0]!, req.query.getAll('tagKeys'));
          return json({});
        }),
      },
    ],
    // Smithy REST-JSON errors: the type in X-Amzn-ErrorType, the members in the body.
    errorResponse: (error: ServiceError): RestResponse => ({
      status: error.statusCode,
      headers: { 'x-amzn-errortype': error.code },
      body: JSON.stringify({ message: error.message, ...error.fields }),
    }),
    internalError: () => pipesErrors.internal(),
  };
}
