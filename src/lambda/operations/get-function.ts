import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runtimeKind } from '../../functions/function-spec.js';
import { functionArn } from '../function-names.js';
import { functionConfiguration } from '../function-view.js';
import { storedConfiguration, type FunctionDocument } from '../functions/function-document.js';
import { findFunction, resolveQualifier, type FunctionTarget } from '../functions/function-lookup.js';
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
  /** ALL: every published version too. */
  readonly functionVersion?: string;
}

/** A config function has only $LATEST; any other qualifier is a version it does not have. */
function configFunction(ctx: LambdaContext, target: Extract<FunctionTarget, { kind: 'config' }>) {
  const fn = ctx.runtime.get(target.name);
  if (!fn || target.qualifier !== '$LATEST') {
    throw lambdaErrors.functionNotFound(`${functionArn(ctx.deployment, target.name)}${target.qualifier === '$LATEST' ? '' : `:${target.qualifier}`}`);
  }
  return fn;
}

/** The configuration a qualifier names: $LATEST, a version, or an alias's version (its FunctionArn carrying the alias). */
function configurationOf(ctx: LambdaContext, target: Extract<FunctionTarget, { kind: 'stored' }>) {
  const doc = target.stored.document;
  const { version, alias } = resolveQualifier(ctx, target.name, doc, target.qualifier);
  const state = ctx.functions.follower.state(target.name, doc.revisionId);
  return { configuration: storedConfiguration(target.name, doc, ctx.deployment, state, version, alias?.name), code: version?.code ?? doc.code };
}

/** GetFunction: the configuration, where the code is, tags, and the reserved concurrency. */
export async function getFunction(ctx: LambdaContext, ref: FunctionRef): Promise<Record<string, unknown>> {
  const target = await findFunction(ctx, ref.functionName, ref.qualifier);
  if (target.kind === 'stored') {
    const { configuration, code } = configurationOf(ctx, target);
    const tags = target.stored.document.tags;
    // This node's copy (the document names the uploading node's); a package it cannot get shows where it was put.
    const local = await ctx.functions.code.local(ctx.functions.store, target.name, code).catch(() => code);
    return {
      Configuration: configuration,
      Code: { RepositoryType: 'S3', Location: pathToFileURL(local.dir).href },
      ...(Object.keys(tags).length > 0 && { Tags: { ...tags } }),
    };
  }
  const fn = configFunction(ctx, target);
  const answer: Record<string, unknown> = {
    Configuration: functionConfiguration(fn, ctx.deployment),
    // A Node handler names its file (`src/users.ts#handler`); a Python or custom runtime's code is its directory.
    Code: { RepositoryType: 'Eddy', Location: pathToFileURL(runtimeKind(fn.spec.runtime) === 'node' ? join(fn.spec.baseDir, fn.spec.handler.split('#')[0]!) : fn.spec.baseDir).href },
  };
  if (fn.spec.reservedConcurrency !== undefined) answer['Concurrency'] = { ReservedConcurrentExecutions: fn.spec.reservedConcurrency };
  return answer;
}

/** GetFunctionConfiguration. */
export async function getFunctionConfiguration(ctx: LambdaContext, ref: FunctionRef): Promise<Record<string, unknown>> {
  const target = await findFunction(ctx, ref.functionName, ref.qualifier);
  if (target.kind === 'stored') return configurationOf(ctx, target).configuration;
  return functionConfiguration(configFunction(ctx, target), ctx.deployment);
}

/** ListFunction's members leave the state out (SEMANTICS G.3). */
function listed(configuration: Record<string, unknown>): Record<string, unknown> {
  const { State: _s, StateReason: _r, StateReasonCode: _c, LastUpdateStatus: _u, LastUpdateStatusReason: _ur, LastUpdateStatusReasonCode: _uc, ...rest } = configuration;
  return rest;
}

/** ListFunctions: config and API functions by name (with FunctionVersion ALL, each followed by its versions), pages of `maxItems` (default 50). */
export async function listFunctions(ctx: LambdaContext, input: ListFunctionsInput): Promise<Record<string, unknown>> {
  if (input.functionVersion !== undefined && input.functionVersion !== 'ALL') {
    throw lambdaErrors.validation(
      `1 validation error detected: Value '${input.functionVersion}' at 'functionVersion' failed to satisfy constraint: Member must satisfy enum value set: [ALL]`,
    );
  }
  const max = Math.min(input.maxItems ?? 50, 50); // MaxItems may say up to 10000; a page holds 50 at most
  let after: string | undefined;
  if (input.marker !== undefined) {
    after = Buffer.from(input.marker, 'base64url').toString('utf8');
    if (after === '') throw lambdaErrors.invalidParameterValue('Invalid Marker');
  }
  const { follower, store } = ctx.functions;
  await follower.sync();
  const entries: { key: string; configuration: Record<string, unknown> }[] = [];
  for (const fn of ctx.runtime.list()) {
    if (follower.isForeign(fn.spec.name)) entries.push({ key: fn.spec.name, configuration: functionConfiguration(fn, ctx.deployment) });
  }
  const taken = new Set(entries.map((e) => e.key));
  for (const stored of await store.list<FunctionDocument>()) {
    if (taken.has(stored.name)) continue;
    const doc = stored.document;
    const state = follower.state(stored.name, doc.revisionId);
    entries.push({ key: stored.name, configuration: storedConfiguration(stored.name, doc, ctx.deployment, state) });
    if (input.functionVersion === 'ALL') {
      for (const v of doc.versions) entries.push({ key: `${stored.name}:${v.version.padStart(10, '0')}`, configuration: storedConfiguration(stored.name, doc, ctx.deployment, state, v) });
    }
  }
  entries.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const all = entries.filter((e) => after === undefined || e.key > after);
  const pageItems = all.slice(0, max);
  const answer: Record<string, unknown> = { Functions: pageItems.map((e) => listed(e.configuration)) };
  if (all.length > pageItems.length) answer['NextMarker'] = Buffer.from(pageItems[pageItems.length - 1]!.key).toString('base64url');
  return answer;
}

/** GetFunctionCodeSigningConfig: Eddy signs nothing, so no function has one (Terraform reads it after every create). */
export async function getFunctionCodeSigningConfig(ctx: LambdaContext, functionName: string): Promise<Record<string, unknown>> {
  const target = await findFunction(ctx, functionName, undefined);
  if (target.kind === 'config') configFunction(ctx, target);
  return { CodeSigningConfigArn: '', FunctionName: target.name };
}

/** GetFunctionConcurrency: a config function's reservedConcurrency; API functions reserve none. */
export async function getFunctionConcurrency(ctx: LambdaContext, functionName: string): Promise<Record<string, unknown>> {
  const target = await findFunction(ctx, functionName, undefined);
  if (target.kind === 'stored') return {};
  const reserved = configFunction(ctx, target).spec.reservedConcurrency;
  return reserved === undefined ? {} : { ReservedConcurrentExecutions: reserved };
}
