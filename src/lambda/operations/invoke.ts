import { FunctionNotFoundError, FunctionThrottledError } from '../../functions/function-runtime.js';
import { functionArn } from '../function-names.js';
import type { FunctionVersion } from '../functions/function-document.js';
import { findFunction, pickAliasVersion, resolveQualifier, versionOf } from '../functions/function-lookup.js';
import type { LambdaContext } from '../lambda-context.js';
import { lambdaErrors } from '../lambda-errors.js';

/** Lambda's payload limits: 6 MB for a synchronous invocation, 256 KB for an event (unconfirmed: raised to 1 MB in 2025?). */
const MAX_SYNC_PAYLOAD = 6 * 1024 * 1024;
const MAX_EVENT_PAYLOAD = 256 * 1024;
/** LogResult carries the last 4 KB of the invocation's log. */
const LOG_TAIL_BYTES = 4096;

const INVOCATION_TYPES = new Set(['RequestResponse', 'Event', 'DryRun']);

/** Invoke's request members, unchecked: the enum members are checked here, in Lambda's order. */
export interface InvokeInput {
  /** A name, a full or a partial ARN, possibly with a qualifier. */
  readonly functionName: string;
  readonly qualifier?: string;
  /** RequestResponse (the default), Event or DryRun. */
  readonly invocationType?: string;
  /** None (the default) or Tail. */
  readonly logType?: string;
  /** Base64 JSON handed to the handler as `context.clientContext`. */
  readonly clientContext?: string;
  /** The event, as sent: JSON text or nothing. */
  readonly payload: Buffer;
}

/** Invoke's answer, by Lambda's StatusCode: 200 ran, 202 queued, 204 a dry run that checked the request. */
export type InvokeResult =
  | { readonly statusCode: 204 }
  | { readonly statusCode: 202; readonly requestId: string }
  | {
      readonly statusCode: 200;
      readonly requestId: string;
      /** JSON text of the handler's result, or of Lambda's error object when `functionError` is set. */
      readonly payload: string;
      readonly functionError?: string;
      /** LogType Tail: the last 4 KB of the invocation's log, base64. */
      readonly logResult?: string;
      readonly executedVersion: string;
    };

/** Invoke: runs the function now (RequestResponse), queues the event (Event), or only checks (DryRun). */
export async function invoke(ctx: LambdaContext, input: InvokeInput): Promise<InvokeResult> {
  const target = await findFunction(ctx, input.functionName, input.qualifier);
  const name = target.name;
  if (target.kind === 'config' && (!ctx.runtime.get(name) || target.qualifier !== '$LATEST')) {
    throw lambdaErrors.functionNotFound(`${functionArn(ctx.deployment, name)}${target.qualifier === '$LATEST' ? '' : `:${target.qualifier}`}`);
  }
  // A stored function's qualifier: $LATEST, a version, or an alias (whose routing picks the version).
  let executedVersion = '$LATEST';
  let version: FunctionVersion | undefined;
  if (target.kind === 'stored') {
    const doc = target.stored.document;
    const resolved = resolveQualifier(ctx, name, doc, target.qualifier);
    version = resolved.version;
    if (resolved.alias) {
      executedVersion = pickAliasVersion(resolved.alias);
      version = versionOf(doc, executedVersion);
    } else if (version) executedVersion = version.version;
  }
  const type = input.invocationType ?? 'RequestResponse';
  if (!INVOCATION_TYPES.has(type)) {
    throw lambdaErrors.validation(
      `1 validation error detected: Value '${type}' at 'invocationType' failed to satisfy constraint: Member must satisfy enum value set: [Event, RequestResponse, DryRun]`,
    );
  }
  const logType = input.logType ?? 'None';
  if (logType !== 'None' && logType !== 'Tail') {
    throw lambdaErrors.validation(
      `1 validation error detected: Value '${logType}' at 'logType' failed to satisfy constraint: Member must satisfy enum value set: [Tail, None]`,
    );
  }
  const limit = type === 'Event' ? MAX_EVENT_PAYLOAD : MAX_SYNC_PAYLOAD;
  if (input.payload.length > limit) {
    throw lambdaErrors.requestTooLarge(`Request must be smaller than ${limit} bytes for the InvokeFunction operation`);
  }
  const payload = input.payload.toString('utf8');
  if (payload.trim() !== '') {
    try {
      JSON.parse(payload);
    } catch (error) {
      throw lambdaErrors.invalidRequestContent(`Could not parse request body into json: ${(error as Error).message}`);
    }
  }
  if (type === 'DryRun') return { statusCode: 204 };
  // Invoking a function this node is still deploying waits for the deploy (milliseconds) rather than
  // failing as Lambda does while Pending. An event keeps the qualifier it names: each attempt runs
  // what the qualifier names then (an alias may have moved).
  const runtimeName = target.kind === 'stored' ? await ctx.functions.follower.runtimeName(target.stored, type === 'Event' ? undefined : version) : name;
  if (type === 'Event') {
    const qualifier = named(input, target.qualifier) ? target.qualifier : undefined;
    return { statusCode: 202, requestId: await ctx.events.enqueue(name, payload, qualifier) };
  }
  let result;
  try {
    result = await ctx.runtime.invoke(runtimeName, {
      payload,
      invokedFunctionArn: invokedArn(ctx, input, name, target.qualifier),
      ...(input.clientContext !== undefined && { clientContext: input.clientContext }),
    });
  } catch (error) {
    if (error instanceof FunctionThrottledError) throw lambdaErrors.tooManyRequests();
    if (error instanceof FunctionNotFoundError) throw lambdaErrors.functionNotFound(functionArn(ctx.deployment, name));
    throw error;
  }
  let logResult: string | undefined;
  if (logType === 'Tail') {
    const log = Buffer.from(result.logs, 'utf8');
    logResult = log.subarray(Math.max(0, log.length - LOG_TAIL_BYTES)).toString('base64');
  }
  return {
    statusCode: 200,
    requestId: result.requestId,
    payload: result.payload,
    ...(result.functionError !== undefined && { functionError: result.functionError }),
    ...(logResult !== undefined && { logResult }),
    executedVersion,
  };
}

/**
 * The ARN the handler's context shows: the one the caller invoked, qualified when it named a version
 * or an alias (`$LATEST` too, when named), whichever version an alias picked.
 */
function invokedArn(ctx: LambdaContext, input: InvokeInput, name: string, qualifier: string): string {
  return named(input, qualifier) ? `${functionArn(ctx.deployment, name)}:${qualifier}` : functionArn(ctx.deployment, name);
}

/** Whether the caller named a qualifier: the parsed one is $LATEST both when none was given and when $LATEST was. */
const named = (input: InvokeInput, qualifier: string): boolean =>
  input.qualifier !== undefined || qualifier !== '$LATEST' || input.functionName.endsWith(':$LATEST');
