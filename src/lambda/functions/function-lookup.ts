import { FunctionNotFoundError } from '../../functions/errors.js';
import type { Deployment } from '../../shared/arns.js';
import { ServiceError } from '../../shared/service-error.js';
import type { CodeDirectory } from '../code/code-directory.js';
import type { FunctionStore, StoredFunction } from '../../storage/function-store.js';
import { functionArn } from '../function-names.js';
import type { LambdaContext } from '../lambda-context.js';
import { lambdaErrors } from '../lambda-errors.js';
import { parseQualifiedFunctionName } from '../qualified-function-name.js';
import type { FunctionAlias, FunctionDocument, FunctionVersion } from './function-document.js';
import type { FunctionFollower } from './function-follower.js';

/** What the function management operations need beyond the runtime: the store, where code goes, this node's follower. */
export interface ApiFunctions {
  readonly store: FunctionStore;
  readonly code: CodeDirectory;
  readonly follower: FunctionFollower;
}

/** A function a request names: one of eddy.config.ts (run by the runtime as it is) or one of the store. */
export type FunctionTarget =
  | { readonly kind: 'config'; readonly name: string; readonly qualifier: string }
  | { readonly kind: 'stored'; readonly name: string; readonly qualifier: string; readonly stored: StoredFunction<FunctionDocument> };

/**
 * Finds the function a FunctionName (name, ARN or `name:qualifier`) and Qualifier name, after bringing
 * this node up to the store. A config function wins a name it shares with a stored one. Missing:
 * ResourceNotFoundException `Function not found: <arn>`.
 */
export async function findFunction(ctx: LambdaContext, raw: string, qualifierParam: string | undefined): Promise<FunctionTarget> {
  const { name, qualifier, foreign } = parseQualifiedFunctionName(raw, qualifierParam, ctx.deployment);
  if (foreign) throw lambdaErrors.functionNotFound(raw);
  const { follower, store } = ctx.functions;
  await follower.sync();
  if (ctx.runtime.get(name) !== undefined && follower.isForeign(name)) return { kind: 'config', name, qualifier };
  const stored = await store.get<FunctionDocument>(name);
  if (stored === undefined) throw lambdaErrors.functionNotFound(functionArn(ctx.deployment, name));
  return { kind: 'stored', name, qualifier, stored };
}

/** The stored function a management operation changes; a config function is changed in eddy.config.ts. */
export async function findStored(ctx: LambdaContext, raw: string, qualifierParam?: string): Promise<Extract<FunctionTarget, { kind: 'stored' }>> {
  const target = await findFunction(ctx, raw, qualifierParam);
  if (target.kind === 'config') {
    throw lambdaErrors.invalidParameterValue(`Function ${target.name} is defined in eddy.config.ts: change it there (the Lambda API changes functions it created)`);
  }
  return target;
}

/** What a qualifier names on a stored function: $LATEST (version undefined), a version, or an alias. */
export function resolveQualifier(
  ctx: LambdaContext,
  name: string,
  doc: FunctionDocument,
  qualifier: string,
): { version: FunctionVersion | undefined; alias: FunctionAlias | undefined } {
  if (qualifier === '$LATEST') return { version: undefined, alias: undefined };
  const version = doc.versions.find((v) => v.version === qualifier);
  if (version) return { version, alias: undefined };
  const alias = doc.aliases.find((a) => a.name === qualifier);
  if (alias === undefined) throw lambdaErrors.functionNotFound(`${functionArn(ctx.deployment, name)}:${qualifier}`);
  return { version: versionOf(doc, alias.functionVersion), alias };
}

export const versionOf = (doc: FunctionDocument, version: string): FunctionVersion | undefined =>
  version === '$LATEST' ? undefined : doc.versions.find((v) => v.version === version);

/** The version an invocation through an alias runs: the additional version by its weight, else the alias's own. */
export function pickAliasVersion(alias: FunctionAlias, random: () => number = Math.random): string {
  const [extra] = Object.entries(alias.weights ?? {});
  return extra !== undefined && random() < extra[1] ? extra[0] : alias.functionVersion;
}

/**
 * Brings this node up to the store and waits for its deploy of the function a FunctionName names, so
 * operations that ask the runtime whether a function exists see one created on another node a moment
 * ago. A name that does not parse is left for the operation to refuse in its own order.
 */
export async function catchUp(ctx: LambdaContext, raw: string): Promise<void> {
  let name: string;
  try {
    name = parseQualifiedFunctionName(raw, undefined, ctx.deployment).name;
  } catch (error) {
    if (error instanceof ServiceError) return;
    throw error;
  }
  await ctx.functions.follower.sync();
  await ctx.functions.follower.ready(name);
}

/**
 * The runtime name that runs what a qualifier of a function names now (an async event's attempt): $LATEST
 * the function's own name, a version or an alias (which picks its version, by weight) that version's
 * deployment on this node. FunctionNotFoundError when the function or the qualifier is gone.
 */
export async function qualifiedRuntimeName(functions: ApiFunctions, d: Deployment, name: string, qualifier: string): Promise<string> {
  if (qualifier === '$LATEST') return name;
  const stored = await functions.store.get<FunctionDocument>(name);
  const doc = stored?.document;
  const alias = doc?.aliases.find((a) => a.name === qualifier);
  const version = doc && versionOf(doc, alias ? pickAliasVersion(alias) : qualifier);
  if (stored === undefined || (version === undefined && alias?.functionVersion !== '$LATEST')) {
    throw new FunctionNotFoundError(name, `${functionArn(d, name)}:${qualifier}`);
  }
  return functions.follower.runtimeName(stored, version);
}

/**
 * Whether a qualifier names something of a function created through the Lambda API now: `$LATEST`
 * always, else one of its versions or aliases. Reads the store only (nothing is deployed).
 */
export async function hasQualifier(functions: ApiFunctions, name: string, qualifier: string): Promise<boolean> {
  if (qualifier === '$LATEST') return true;
  const doc = (await functions.store.get<FunctionDocument>(name))?.document;
  return doc !== undefined && (doc.versions.some((v) => v.version === qualifier) || doc.aliases.some((a) => a.name === qualifier));
}
