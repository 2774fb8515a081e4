import type { RestRequest, RestResponse } from '../../api/rest-service.js';
import { functionArn, resolveFunctionName } from '../function-names.js';
import { functionConfiguration } from '../function-view.js';
import type { LambdaContext } from '../lambda-context.js';
import { lambdaErrors } from '../lambda-errors.js';

function requireFunction(ctx: LambdaContext, req: RestRequest) {
  const name = resolveFunctionName(req.params[0]!, req.query.get('Qualifier'), ctx.deployment);
  const fn = ctx.runtime.get(name);
  if (!fn) throw lambdaErrors.functionNotFound(functionArn(ctx.deployment, name));
  return fn;
}

/** GetFunction: `GET /2015-03-31/functions/{FunctionName}`. */
export async function getFunction(ctx: LambdaContext, req: RestRequest): Promise<RestResponse> {
  const fn = requireFunction(ctx, req);
  const answer: Record<string, unknown> = {
    Configuration: functionConfiguration(fn, ctx.deployment),
    Code: { RepositoryType: 'Eddy', Location: `file://${fn.spec.baseDir}/${fn.spec.handler.split('#')[0]}` },
  };
  if (fn.spec.reservedConcurrency !== undefined) answer['Concurrency'] = { ReservedConcurrentExecutions: fn.spec.reservedConcurrency };
  return { status: 200, body: JSON.stringify(answer) };
}

/** GetFunctionConfiguration: `GET /2015-03-31/functions/{FunctionName}/configuration`. */
export async function getFunctionConfiguration(ctx: LambdaContext, req: RestRequest): Promise<RestResponse> {
  return { status: 200, body: JSON.stringify(functionConfiguration(requireFunction(ctx, req), ctx.deployment)) };
}

/** ListFunctions: `GET /2015-03-31/functions/`, by name, MaxItems (1–10000, default 50) and Marker. */
export async function listFunctions(ctx: LambdaContext, req: RestRequest): Promise<RestResponse> {
  const maxText = req.query.get('MaxItems');
  const max = maxText === null ? 50 : Number(maxText);
  if (!Number.isInteger(max) || max < 1 || max > 10_000) {
    throw lambdaErrors.validation(
      `1 validation error detected: Value '${maxText}' at 'maxItems' failed to satisfy constraint: Member must have value less than or equal to 10000`,
    );
  }
  const marker = req.query.get('Marker');
  let after: string | undefined;
  if (marker !== null) {
    after = Buffer.from(marker, 'base64url').toString('utf8');
    if (after === '') throw lambdaErrors.invalidParameterValue('Invalid Marker');
  }
  const all = ctx.runtime.list().filter((fn) => after === undefined || fn.spec.name > after);
  const page = all.slice(0, max);
  const answer: Record<string, unknown> = { Functions: page.map((fn) => functionConfiguration(fn, ctx.deployment)) };
  if (all.length > page.length) answer['NextMarker'] = Buffer.from(page[page.length - 1]!.spec.name).toString('base64url');
  return { status: 200, body: JSON.stringify(answer) };
}
