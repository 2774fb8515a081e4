import type { RestRequest, RestResponse } from '../../api/rest-service.js';
import { FunctionNotFoundError, FunctionThrottledError } from '../../functions/function-runtime.js';
import { functionArn, resolveFunctionName } from '../function-names.js';
import type { LambdaContext } from '../lambda-context.js';
import { lambdaErrors } from '../lambda-errors.js';

/** Lambda's payload limits: 6 MB for a synchronous invocation, 256 KB for an event (unconfirmed: raised to 1 MB in 2025?). */
const MAX_SYNC_PAYLOAD = 6 * 1024 * 1024;
const MAX_EVENT_PAYLOAD = 256 * 1024;
/** X-Amz-Log-Result carries the last 4 KB of the invocation's log. */
const LOG_TAIL_BYTES = 4096;

const INVOCATION_TYPES = new Set(['RequestResponse', 'Event', 'DryRun']);

/** Invoke: `POST /2015-03-31/functions/{FunctionName}/invocations`. */
export async function invoke(ctx: LambdaContext, req: RestRequest): Promise<RestResponse> {
  const name = resolveFunctionName(req.params[0]!, req.query.get('Qualifier'), ctx.deployment);
  if (!ctx.runtime.get(name)) throw lambdaErrors.functionNotFound(functionArn(ctx.deployment, name));
  const type = req.headers['x-amz-invocation-type'] ?? 'RequestResponse';
  if (!INVOCATION_TYPES.has(type)) {
    throw lambdaErrors.validation(
      `1 validation error detected: Value '${type}' at 'invocationType' failed to satisfy constraint: Member must satisfy enum value set: [Event, RequestResponse, DryRun]`,
    );
  }
  const logType = req.headers['x-amz-log-type'] ?? 'None';
  if (logType !== 'None' && logType !== 'Tail') {
    throw lambdaErrors.validation(
      `1 validation error detected: Value '${logType}' at 'logType' failed to satisfy constraint: Member must satisfy enum value set: [Tail, None]`,
    );
  }
  const limit = type === 'Event' ? MAX_EVENT_PAYLOAD : MAX_SYNC_PAYLOAD;
  if (req.body.length > limit) {
    throw lambdaErrors.requestTooLarge(`Request must be smaller than ${limit} bytes for the InvokeFunction operation`);
  }
  const payload = req.body.toString('utf8');
  if (payload.trim() !== '') {
    try {
      JSON.parse(payload);
    } catch (error) {
      throw lambdaErrors.invalidRequestContent(`Could not parse request body into json: ${(error as Error).message}`);
    }
  }
  if (type === 'DryRun') return { status: 204 };
  if (type === 'Event') {
    const requestId = await ctx.events.enqueue(name, payload);
    return { status: 202, headers: { 'x-amzn-requestid': requestId } };
  }
  const clientContext = req.headers['x-amz-client-context'];
  let result;
  try {
    result = await ctx.runtime.invoke(name, { payload, ...(clientContext !== undefined && { clientContext }) });
  } catch (error) {
    if (error instanceof FunctionThrottledError) throw lambdaErrors.tooManyRequests();
    if (error instanceof FunctionNotFoundError) throw lambdaErrors.functionNotFound(functionArn(ctx.deployment, name));
    throw error;
  }
  const headers: Record<string, string> = { 'x-amzn-requestid': result.requestId, 'x-amz-executed-version': '$LATEST' };
  if (result.functionError !== undefined) headers['x-amz-function-error'] = result.functionError;
  if (logType === 'Tail') {
    const log = Buffer.from(result.logs, 'utf8');
    headers['x-amz-log-result'] = log.subarray(Math.max(0, log.length - LOG_TAIL_BYTES)).toString('base64');
  }
  return { status: 200, headers, body: result.payload };
}
