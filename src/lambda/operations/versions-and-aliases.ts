import { randomUUID } from 'node:crypto';
import { functionArn } from '../function-names.js';
import { sameContent, storedConfiguration, type FunctionAlias, type FunctionDocument } from '../functions/function-document.js';
import { findStored } from '../functions/function-lookup.js';
import type { LambdaContext } from '../lambda-context.js';
import { lambdaErrors } from '../lambda-errors.js';
import { optionalObject, optionalString, Violations } from '../validation/function-input.js';
import { newVersion } from './manage-functions.js';

/** A page of a list operation: `marker` is the NextMarker of the page before (an offset). */
export interface PageInput {
  readonly maxItems?: number;
  readonly marker?: string;
}

function page<T>(items: readonly T[], input: PageInput, max = 50): { items: T[]; nextMarker?: string } {
  const start = input.marker === undefined ? 0 : Number(Buffer.from(input.marker, 'base64url').toString('utf8'));
  if (!Number.isInteger(start) || start < 0) throw lambdaErrors.invalidParameterValue('Invalid Marker');
  const end = start + Math.min(input.maxItems ?? max, max);
  return { items: items.slice(start, end), ...(end < items.length && { nextMarker: Buffer.from(String(end)).toString('base64url') }) };
}

/** PublishVersion: $LATEST as it is now, numbered; an unchanged $LATEST answers the newest version (SEMANTICS G.3). */
export async function publishVersion(ctx: LambdaContext, rawName: string, input: Record<string, unknown>): Promise<Record<string, unknown>> {
  const { name } = await findStored(ctx, rawName);
  const codeSha = optionalString(input, 'CodeSha256');
  const description = optionalString(input, 'Description');
  const revisionId = optionalString(input, 'RevisionId');
  const now = ctx.clock.now();
  let published: FunctionDocument['versions'][number] | undefined;
  const stored = await ctx.functions.store.write<FunctionDocument>(name, (current) => {
    if (current === undefined) throw lambdaErrors.functionNotFound(functionArn(ctx.deployment, name));
    const doc = current.document;
    if (revisionId !== undefined && revisionId !== doc.revisionId) throw lambdaErrors.preconditionFailed();
    if (codeSha !== undefined && codeSha !== doc.code.sha256) {
      throw lambdaErrors.invalidParameterValue(`CodeSHA256 (${codeSha}) is different from current CodeSHA256 in $LATEST (${doc.code.sha256}). Please try again with the CodeSHA256 in $LATEST.`);
    }
    const newest = doc.versions.at(-1);
    if (newest !== undefined && sameContent(newest, doc)) {
      published = newest;
      return { revision: current.revision, document: doc };
    }
    published = newVersion(doc, now, description);
    return { revision: randomUUID(), document: { ...doc, versions: [...doc.versions, published], nextVersion: doc.nextVersion + 1 } };
  });
  return storedConfiguration(name, stored!.document, ctx.deployment, 'deployed', published);
}

/** ListVersionsByFunction: $LATEST, then the versions by number. */
export async function listVersionsByFunction(ctx: LambdaContext, rawName: string, input: PageInput): Promise<Record<string, unknown>> {
  const { name, stored } = await findStored(ctx, rawName);
  const doc = stored.document;
  const state = ctx.functions.follower.state(name, doc.revisionId);
  const all = [storedConfiguration(name, doc, ctx.deployment, state, undefined, '$LATEST'), ...doc.versions.map((v) => storedConfiguration(name, doc, ctx.deployment, state, v))];
  const { items, nextMarker } = page(all, input);
  return { Versions: items, ...(nextMarker && { NextMarker: nextMarker }) };
}

const aliasArn = (ctx: LambdaContext, name: string, alias: string) => `${functionArn(ctx.deployment, name)}:${alias}`;

function aliasView(ctx: LambdaContext, name: string, alias: FunctionAlias): Record<string, unknown> {
  return {
    AliasArn: aliasArn(ctx, name, alias.name),
    Name: alias.name,
    FunctionVersion: alias.functionVersion,
    Description: alias.description,
    ...(alias.weights && { RoutingConfig: { AdditionalVersionWeights: { ...alias.weights } } }),
    RevisionId: alias.revisionId,
  };
}

function checkAliasName(value: unknown): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 128 || /^[0-9]+$/.test(value) || !/^[a-zA-Z0-9-_]+$/.test(value)) {
    const v = new Violations();
    v.add(value, 'name', 'Member must satisfy regular expression pattern: (?!^[0-9]+$)([a-zA-Z0-9-_]+)');
    v.throwIfAny();
  }
  return value as string;
}

/** The version an alias points at must exist; its routing config follows Lambda's rules. */
function checkTarget(ctx: LambdaContext, name: string, doc: FunctionDocument, version: string, routing: Record<string, unknown> | undefined): Record<string, number> | undefined {
  const exists = (v: string) => v === '$LATEST' || doc.versions.some((x) => x.version === v);
  if (!/^(\$LATEST|[0-9]+)$/.test(version)) {
    const v = new Violations();
    v.add(version, 'functionVersion', 'Member must satisfy regular expression pattern: (\\$LATEST|[0-9]+)');
    v.throwIfAny();
  }
  if (!exists(version)) throw lambdaErrors.functionNotFound(`${functionArn(ctx.deployment, name)}:${version}`);
  const weights = routing?.['AdditionalVersionWeights'];
  if (weights === undefined || weights === null) return undefined;
  if (typeof weights !== 'object' || Array.isArray(weights)) throw lambdaErrors.invalidRequestContent('Could not parse request body into json: member AdditionalVersionWeights has the wrong type');
  const entries = Object.entries(weights as Record<string, unknown>);
  if (entries.length === 0) return undefined;
  if (entries.length > 1) throw lambdaErrors.invalidParameterValue('Number of items in AdditionalVersionWeights cannot be greater than 1');
  const [extra, weight] = entries[0]!;
  if (typeof weight !== 'number' || weight < 0 || weight > 1) {
    const v = new Violations();
    v.add(weight, 'routingConfig.additionalVersionWeights', `Member must have value ${typeof weight === 'number' && weight > 1 ? 'less than or equal to 1.0' : 'greater than or equal to 0.0'}`);
    v.throwIfAny();
  }
  if (version === '$LATEST') throw lambdaErrors.invalidParameterValue('$LATEST is not supported for an alias pointing to more than 1 version');
  if (!/^[0-9]+$/.test(extra)) throw lambdaErrors.invalidParameterValue(`Invalid function version ${extra}. Function version ${extra} is not a valid version number`);
  if (!exists(extra)) throw lambdaErrors.invalidParameterValue(`Function version ${extra} does not exist`);
  if (extra === version) throw lambdaErrors.invalidParameterValue(`Invalid function version ${extra}. Function version ${extra} is already included in routing configuration.`);
  return { [extra]: weight as number };
}

const aliasNotFound = (ctx: LambdaContext, name: string, alias: string) => lambdaErrors.resourceNotFound(`Cannot find alias arn: ${aliasArn(ctx, name, alias)}`);

/** CreateAlias. */
export async function createAlias(ctx: LambdaContext, rawName: string, input: Record<string, unknown>): Promise<Record<string, unknown>> {
  const { name } = await findStored(ctx, rawName);
  const aliasName = checkAliasName(input['Name']);
  const version = optionalString(input, 'FunctionVersion');
  if (version === undefined) {
    const v = new Violations();
    v.add(version, 'functionVersion', 'Member must not be null');
    v.throwIfAny();
  }
  const description = optionalString(input, 'Description') ?? '';
  const routing = optionalObject(input, 'RoutingConfig');
  let created: FunctionAlias | undefined;
  await ctx.functions.store.write<FunctionDocument>(name, (current) => {
    if (current === undefined) throw lambdaErrors.functionNotFound(functionArn(ctx.deployment, name));
    const doc = current.document;
    const weights = checkTarget(ctx, name, doc, version!, routing);
    if (doc.aliases.some((a) => a.name === aliasName)) throw lambdaErrors.resourceConflict(`Alias already exists: ${aliasArn(ctx, name, aliasName)}`);
    created = { name: aliasName, functionVersion: version!, description, ...(weights && { weights }), revisionId: randomUUID() };
    return { revision: randomUUID(), document: { ...doc, aliases: [...doc.aliases, created] } };
  });
  return aliasView(ctx, name, created!);
}

/** GetAlias. */
export async function getAlias(ctx: LambdaContext, rawName: string, aliasName: string): Promise<Record<string, unknown>> {
  const { name, stored } = await findStored(ctx, rawName);
  const alias = stored.document.aliases.find((a) => a.name === aliasName);
  if (alias === undefined) throw aliasNotFound(ctx, name, aliasName);
  return aliasView(ctx, name, alias);
}

/** UpdateAlias: members given replace the alias's; `RoutingConfig: {}` removes its routing. */
export async function updateAlias(ctx: LambdaContext, rawName: string, aliasName: string, input: Record<string, unknown>): Promise<Record<string, unknown>> {
  const { name } = await findStored(ctx, rawName);
  const version = optionalString(input, 'FunctionVersion');
  const description = optionalString(input, 'Description');
  const routing = optionalObject(input, 'RoutingConfig');
  const revisionId = optionalString(input, 'RevisionId');
  let updated: FunctionAlias | undefined;
  await ctx.functions.store.write<FunctionDocument>(name, (current) => {
    if (current === undefined) throw lambdaErrors.functionNotFound(functionArn(ctx.deployment, name));
    const doc = current.document;
    const alias = doc.aliases.find((a) => a.name === aliasName);
    if (alias === undefined) throw aliasNotFound(ctx, name, aliasName);
    if (revisionId !== undefined && revisionId !== alias.revisionId) throw lambdaErrors.preconditionFailed();
    const target = version ?? alias.functionVersion;
    const weights = routing === undefined ? checkTarget(ctx, name, doc, target, alias.weights && { AdditionalVersionWeights: alias.weights }) : checkTarget(ctx, name, doc, target, routing);
    updated = { name: aliasName, functionVersion: target, description: description ?? alias.description, ...(weights && { weights }), revisionId: randomUUID() };
    return { revision: randomUUID(), document: { ...doc, aliases: doc.aliases.map((a) => (a.name === aliasName ? updated! : a)) } };
  });
  return aliasView(ctx, name, updated!);
}

/** DeleteAlias. */
export async function deleteAlias(ctx: LambdaContext, rawName: string, aliasName: string): Promise<void> {
  const { name } = await findStored(ctx, rawName);
  await ctx.functions.store.write<FunctionDocument>(name, (current) => {
    if (current === undefined) throw lambdaErrors.functionNotFound(functionArn(ctx.deployment, name));
    const doc = current.document;
    if (!doc.aliases.some((a) => a.name === aliasName)) throw aliasNotFound(ctx, name, aliasName);
    return { revision: randomUUID(), document: { ...doc, aliases: doc.aliases.filter((a) => a.name !== aliasName) } };
  });
  // Its event invoke config goes with it (an alias made again under the name starts without one).
  await ctx.eventInvokeConfigs.delete(name, aliasName);
}

/** ListAliases: by name, optionally only those pointing at FunctionVersion. */
export async function listAliases(ctx: LambdaContext, rawName: string, input: PageInput & { functionVersion?: string }): Promise<Record<string, unknown>> {
  const { name, stored } = await findStored(ctx, rawName);
  const all = stored.document.aliases
    .filter((a) => input.functionVersion === undefined || a.functionVersion === input.functionVersion)
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .map((a) => aliasView(ctx, name, a));
  const { items, nextMarker } = page(all, input);
  return { Aliases: items, ...(nextMarker && { NextMarker: nextMarker }) };
}
