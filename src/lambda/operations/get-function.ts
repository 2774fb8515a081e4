import { functionArn, resolveFunctionName } from '../function-names.js';
import { functionConfiguration } from '../function-view.js';
import type { LambdaContext } from '../lambda-context.js';
import { lambdaErrors } from '../lambda-errors.js';

/** A FunctionName parameter with its Qualifier, as GetFunction and GetFunctionConfiguration take them. */
export interface FunctionRef {
  readonly functionName: string;
  readonly qualifier?: string;
}

/** ListFunctions' page: `maxItems` already within 1–10000; `marker` is the NextMarker of the page before. */
export interface ListFunctionsInput {
  readonly maxItems?: number;
  readonly marker?: string;
}

function requireFunction(ctx: LambdaContext, ref: FunctionRef) {
  const name = resolveFunctionName(ref.functionName, ref.qualifier ?? null, ctx.deployment);
  const fn = ctx.runtime.get(name);
  if (!fn) throw lambdaErrors.functionNotFound(functionArn(ctx.deployment, name));
  return fn;
}

/** GetFunction: the configuration, where the code is, and the reserved concurrency. */
export async function getFunction(ctx: LambdaContext, ref: FunctionRef): Promise<Record<string, unknown>> {
  const fn = requireFunction(ctx, ref);
  const answer: Record<string, unknown> = {
    Configuration: functionConfiguration(fn, ctx.deployment),
    Code: { RepositoryType: 'Eddy', Location: `file://${fn.spec.baseDir}/${fn.spec.handler.split('#')[0]}` },
  };
  if (fn.spec.reservedConcurrency !== undefined) answer['Concurrency'] = { ReservedConcurrentExecutions: fn.spec.reservedConcurrency };
  return answer;
}

/** GetFunctionConfiguration. */
export async function getFunctionConfiguration(ctx: LambdaContext, ref: FunctionRef): Promise<Record<string, unknown>> {
  return functionConfiguration(requireFunction(ctx, ref), ctx.deployment);
}

/** ListFunctions: by name, pages of `maxItems` (default 50) after `marker`. */
export async function listFunctions(ctx: LambdaContext, input: ListFunctionsInput): Promise<Record<string, unknown>> {
  const max = input.maxItems ?? 50;
  let after: string | undefined;
  if (input.marker !== undefined) {
    after = Buffer.from(input.marker, 'base64url').toString('utf8');
    if (after === '') throw lambdaErrors.invalidParameterValue('Invalid Marker');
  }
  const all = ctx.runtime.list().filter((fn) => after === undefined || fn.spec.name > after);
  const page = all.slice(0, max);
  const answer: Record<string, unknown> = { Functions: page.map((fn) => functionConfiguration(fn, ctx.deployment)) };
  if (all.length > page.length) answer['NextMarker'] = Buffer.from(page[page.length - 1]!.spec.name).toString('base64url');
  return answer;
}
