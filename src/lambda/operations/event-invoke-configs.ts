import type { StoredEventInvokeConfig } from '../../storage/event-invoke-config-store.js';
import { destinationTarget } from '../destinations/destination-arn.js';
import { eventInvokeConfigView, type EventInvokeConfig } from '../event-invoke-config.js';
import { functionArn } from '../function-names.js';
import type { FunctionDocument } from '../functions/function-document.js';
import { catchUp } from '../functions/function-lookup.js';
import type { LambdaContext } from '../lambda-context.js';
import { lambdaErrors } from '../lambda-errors.js';
import { parseQualifiedFunctionName, type QualifiedFunctionName } from '../qualified-function-name.js';
import { readEventInvokeConfigInput, requireSomeSetting, type EventInvokeConfigInput } from '../validation/event-invoke-config-input.js';

/** The FunctionName path parameter and the Qualifier query parameter. */
export interface EventInvokeConfigRef {
  readonly functionName: string;
  readonly qualifier?: string;
}

type Stored = StoredEventInvokeConfig<EventInvokeConfig>;

const noFunction = () => lambdaErrors.resourceNotFound("The function doesn't exist.");
const noConfig = (ctx: LambdaContext, fn: QualifiedFunctionName) =>
  lambdaErrors.resourceNotFound(`The function ${functionArn(ctx.deployment, fn.name)}:${fn.qualifier} doesn't have an EventInvokeConfig`);

/**
 * The function and qualifier exist here: $LATEST of any function, or a version or an alias of one
 * created through the Lambda API (those of eddy.config.ts have none).
 */
async function exists(ctx: LambdaContext, fn: QualifiedFunctionName): Promise<boolean> {
  if (fn.foreign || ctx.runtime.get(fn.name) === undefined) return false;
  if (fn.qualifier === '$LATEST') return true;
  if (ctx.functions.follower.isForeign(fn.name)) return false;
  const doc = (await ctx.functions.store.get<FunctionDocument>(fn.name))?.document;
  return doc !== undefined && (doc.versions.some((v) => v.version === fn.qualifier) || doc.aliases.some((a) => a.name === fn.qualifier));
}

/** Put and Update: the request's settings checked, then the function, then the destinations (AWS's order, as observed). */
async function settingsFor(ctx: LambdaContext, ref: EventInvokeConfigRef, body: Record<string, unknown>) {
  const input = readEventInvokeConfigInput(body);
  const fn = parseQualifiedFunctionName(ref.functionName, ref.qualifier, ctx.deployment);
  requireSomeSetting(input);
  if (!(await exists(ctx, fn))) throw noFunction();
  checkDestinations(ctx, fn.name, input.destinationConfig);
  return { fn, input };
}

/**
 * Destinations Lambda can deliver to: a function that exists and is not this one, a standard queue, an
 * event bus. A destination Eddy cannot serve (an SNS topic, an S3 bucket, another account or region) is
 * refused with Lambda's wording and the reason, rather than stored to fail at every event. Failure's
 * destination is checked first, as LocalStack (validated against AWS) does.
 */
function checkDestinations(ctx: LambdaContext, self: string, config: EventInvokeConfigInput['destinationConfig']): void {
  if (!config) return;
  let unsupported = false;
  for (const arn of [config.onFailure, config.onSuccess]) {
    if (arn === undefined) continue;
    const target = destinationTarget(arn, ctx.deployment);
    if (target.kind === 'unsupported') unsupported = true;
    else if (target.kind === 'unserved') throw lambdaErrors.invalidParameterValue(`The destination ARN ${arn} is invalid. ${target.reason[0]!.toUpperCase()}${target.reason.slice(1)}.`);
    else if (target.kind === 'function' && !ctx.runtime.get(target.name)) throw lambdaErrors.invalidParameterValue(`The destination ARN ${arn} is invalid.`);
    else if (target.kind === 'function' && target.name === self) throw lambdaErrors.invalidParameterValue("You can't specify the function as a destination for itself.");
  }
  if (unsupported) {
    const success = config.onSuccess === undefined ? 'null' : `OnSuccess(destination=${config.onSuccess})`;
    const failure = config.onFailure === undefined ? 'null' : `OnFailure(destination=${config.onFailure})`;
    throw lambdaErrors.invalidParameterValue(`The provided destination config DestinationConfig(onSuccess=${success}, onFailure=${failure}) is invalid.`);
  }
}

function documentOf(input: EventInvokeConfigInput): EventInvokeConfig {
  const destinations = input.destinationConfig;
  return {
    ...(input.maximumRetryAttempts !== undefined && { MaximumRetryAttempts: input.maximumRetryAttempts }),
    ...(input.maximumEventAgeInSeconds !== undefined && { MaximumEventAgeInSeconds: input.maximumEventAgeInSeconds }),
    DestinationConfig: {
      OnSuccess: destinations?.onSuccess === undefined ? {} : { Destination: destinations.onSuccess },
      OnFailure: destinations?.onFailure === undefined ? {} : { Destination: destinations.onFailure },
    },
  };
}

/** PutFunctionEventInvokeConfig: the config replaced whole (a setting left out is removed). */
export async function putFunctionEventInvokeConfig(ctx: LambdaContext, ref: EventInvokeConfigRef, body: Record<string, unknown>): Promise<Record<string, unknown>> {
  await catchUp(ctx, ref.functionName);
  const { fn, input } = await settingsFor(ctx, ref, body);
  const stored = await ctx.eventInvokeConfigs.write<EventInvokeConfig>(fn.name, fn.qualifier, ctx.clock.now(), () => documentOf(input));
  return eventInvokeConfigView(stored, ctx.deployment);
}

/**
 * UpdateFunctionEventInvokeConfig: the settings given replace theirs, the others stay. A DestinationConfig
 * replaces the destinations whole, as LocalStack does (whether AWS merges OnSuccess and OnFailure
 * separately is unconfirmed). The merge is decided inside the store's transaction.
 */
export async function updateFunctionEventInvokeConfig(ctx: LambdaContext, ref: EventInvokeConfigRef, body: Record<string, unknown>): Promise<Record<string, unknown>> {
  await catchUp(ctx, ref.functionName);
  const { fn, input } = await settingsFor(ctx, ref, body);
  const stored = await ctx.eventInvokeConfigs.write<EventInvokeConfig>(fn.name, fn.qualifier, ctx.clock.now(), (current) => {
    if (!current) throw noConfig(ctx, fn);
    const old = current.config;
    const oldSuccess = old.DestinationConfig.OnSuccess.Destination;
    const oldFailure = old.DestinationConfig.OnFailure.Destination;
    const maximumRetryAttempts = input.maximumRetryAttempts ?? old.MaximumRetryAttempts;
    const maximumEventAgeInSeconds = input.maximumEventAgeInSeconds ?? old.MaximumEventAgeInSeconds;
    return documentOf({
      ...(maximumRetryAttempts !== undefined && { maximumRetryAttempts }),
      ...(maximumEventAgeInSeconds !== undefined && { maximumEventAgeInSeconds }),
      destinationConfig: input.destinationConfig ?? { ...(oldSuccess !== undefined && { onSuccess: oldSuccess }), ...(oldFailure !== undefined && { onFailure: oldFailure }) },
    });
  });
  return eventInvokeConfigView(stored, ctx.deployment);
}

/** GetFunctionEventInvokeConfig: a missing function and a missing config get the same answer, as on AWS. */
export async function getFunctionEventInvokeConfig(ctx: LambdaContext, ref: EventInvokeConfigRef): Promise<Record<string, unknown>> {
  await catchUp(ctx, ref.functionName);
  const fn = parseQualifiedFunctionName(ref.functionName, ref.qualifier, ctx.deployment);
  const stored = (await exists(ctx, fn)) ? await ctx.eventInvokeConfigs.get<EventInvokeConfig>(fn.name, fn.qualifier) : undefined;
  if (!stored) throw noConfig(ctx, fn);
  return eventInvokeConfigView(stored, ctx.deployment);
}

/** DeleteFunctionEventInvokeConfig (204, no body). */
export async function deleteFunctionEventInvokeConfig(ctx: LambdaContext, ref: EventInvokeConfigRef): Promise<void> {
  await catchUp(ctx, ref.functionName);
  const fn = parseQualifiedFunctionName(ref.functionName, ref.qualifier, ctx.deployment);
  if (!(await exists(ctx, fn)) || !(await ctx.eventInvokeConfigs.delete(fn.name, fn.qualifier))) throw noConfig(ctx, fn);
}

/** ListFunctionEventInvokeConfigs: `maxItems` already within 1–50; `marker` a NextMarker (the last qualifier shown). */
export async function listFunctionEventInvokeConfigs(
  ctx: LambdaContext,
  input: { readonly functionName: string; readonly maxItems?: number; readonly marker?: string },
): Promise<Record<string, unknown>> {
  await catchUp(ctx, input.functionName);
  const fn = parseQualifiedFunctionName(input.functionName, undefined, ctx.deployment);
  if (fn.foreign || ctx.runtime.get(fn.name) === undefined) throw noFunction();
  let after: string | undefined;
  if (input.marker !== undefined) {
    after = Buffer.from(input.marker, 'base64url').toString('utf8');
    if (after === '') throw lambdaErrors.invalidParameterValue('Invalid Marker');
  }
  const all: Stored[] = (await ctx.eventInvokeConfigs.list<EventInvokeConfig>(fn.name)).filter((c) => after === undefined || c.qualifier > after);
  const page = all.slice(0, input.maxItems ?? 50);
  return {
    FunctionEventInvokeConfigs: page.map((stored) => eventInvokeConfigView(stored, ctx.deployment)),
    ...(all.length > page.length && { NextMarker: Buffer.from(page[page.length - 1]!.qualifier).toString('base64url') }),
  };
}
