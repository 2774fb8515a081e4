import type { SchedulerContext } from '../scheduler/scheduler-context.js';
import { schedulerErrors } from '../scheduler/scheduler-errors.js';
import { MAX_JSON_DEPTH, jsonDepthExceeds, mayExceedDepth } from '../shared/json-depth.js';
import type { ServiceError } from '../shared/service-error.js';
import { SignatureError } from './sigv4/sigv4-errors.js';
import type { RestRequest, RestResponse, RestRoute, RestService } from './rest-service.js';
import { memoised } from './lazy-service.js';
import type * as SchedulerOperations from './scheduler-operations.js';

/** The operations and their validation: only requests need them, so they are imported (and evaluated) on the first one. */
const operations = memoised(() => import('./scheduler-operations.js'));

const NAME = '([^/]+)';
/**
 * Tags routes take only Scheduler's ARNs (`arn:aws:scheduler:…`, its colons percent-encoded or not):
 * `/tags/{ResourceArn}` is Pipes' path too, and the first route matching a request takes it.
 */
const SCHEDULER_ARN = /^\/tags\/(arn(?::|%3[aA])aws(?:-[a-z]+)?(?::|%3[aA])scheduler(?::|%3[aA]).*)$/;

const ok = (value: unknown): RestResponse => ({ status: 200, body: JSON.stringify(value) });

/** A request's JSON body as an object (none is `{}`); anything else is a ValidationException (wording ours). */
function jsonBody(body: Buffer): Record<string, unknown> {
  if (body.length === 0) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    throw schedulerErrors.validation('The request body is not valid JSON.');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw schedulerErrors.validation('The request body is not a JSON object.');
  if (mayExceedDepth(body.length) && jsonDepthExceeds(parsed)) throw schedulerErrors.validation(`The request body nests deeper than ${MAX_JSON_DEPTH} levels.`);
  return parsed as Record<string, unknown>;
}

/** Query parameters as members (model names); MaxResults read as a number when it is one. */
function queryMembers(query: URLSearchParams, names: Readonly<Record<string, string>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [param, member] of Object.entries(names)) {
    const value = query.get(param);
    if (value === null) continue;
    out[member] = member === 'MaxResults' && /^-?[0-9]{1,10}$/.test(value) ? Number(value) : value;
  }
  return out;
}

const optional = (query: URLSearchParams, name: string): string | undefined => query.get(name) ?? undefined;

/**
 * EventBridge Scheduler's REST-JSON API (`/schedules`, `/schedule-groups`, `/tags`), signing name
 * `scheduler`, as @aws-sdk/client-scheduler and boto3 call it. Every success is 200 (the model's).
 */
export function schedulerService(ctx: SchedulerContext): RestService {
  const route = (method: string, path: RegExp, handle: (req: RestRequest, op: typeof SchedulerOperations) => Promise<RestResponse>): RestRoute => ({
    method,
    path,
    handle: async (req) => handle(req, await operations()),
  });
  const schedule = new RegExp(`^/schedules/${NAME}$`);
  const group = new RegExp(`^/schedule-groups/${NAME}$`);
  return {
    signingName: 'scheduler',
    routes: [
      route('GET', /^\/schedules\/?$/, async (req, op) =>
        ok(await op.listSchedules(ctx, queryMembers(req.query, { ScheduleGroup: 'GroupName', NamePrefix: 'NamePrefix', State: 'State', NextToken: 'NextToken', MaxResults: 'MaxResults' }))),
      ),
      route('POST', schedule, async (req, op) => ok(await op.writeSchedule(ctx, req.params[0]!, jsonBody(req.body), true))),
      route('PUT', schedule, async (req, op) => ok(await op.writeSchedule(ctx, req.params[0]!, jsonBody(req.body), false))),
      route('GET', schedule, async (req, op) => ok(await op.getSchedule(ctx, req.params[0]!, optional(req.query, 'groupName')))),
      route('DELETE', schedule, async (req, op) =>
        ok(await op.deleteSchedule(ctx, req.params[0]!, optional(req.query, 'groupName'), optional(req.query, 'clientToken'))),
      ),
      route('GET', /^\/schedule-groups\/?$/, async (req, op) =>
        ok(await op.listScheduleGroups(ctx, queryMembers(req.query, { NamePrefix: 'NamePrefix', NextToken: 'NextToken', MaxResults: 'MaxResults' }))),
      ),
      route('POST', group, async (req, op) => ok(await op.createScheduleGroup(ctx, req.params[0]!, jsonBody(req.body)))),
      route('GET', group, async (req, op) => ok(await op.getScheduleGroup(ctx, req.params[0]!))),
      route('DELETE', group, async (req, op) => ok(await op.deleteScheduleGroup(ctx, req.params[0]!, optional(req.query, 'clientToken')))),
      route('GET', SCHEDULER_ARN, async (req, op) => ok(await op.listTagsForResource(ctx, req.params[0]!))),
      route('POST', SCHEDULER_ARN, async (req, op) => ok(await op.tagResource(ctx, req.params[0]!, jsonBody(req.body)))),
      route('DELETE', SCHEDULER_ARN, async (req, op) => ok(await op.untagResource(ctx, req.params[0]!, req.query.getAll('TagKeys')))),
    ],
    // REST JSON errors: the type in X-Amzn-ErrorType, the body `{"Message": …}` (SEMANTICS F.1).
    errorResponse: (error: ServiceError): RestResponse => ({
      status: error.statusCode,
      headers: { 'x-amzn-errortype': error.code },
      // A signature refusal comes from the front end: `{"message": …}` as Lambda's (sigv4-errors.ts, unconfirmed).
      body: JSON.stringify(error instanceof SignatureError ? { message: error.message } : { Message: error.message, ...error.fields }),
    }),
    internalError: () => schedulerErrors.internal(),
  };
}
