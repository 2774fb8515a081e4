import { randomUUID } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { isAbsolute } from 'node:path';
import type { CodePackage, StoredFunction } from '../../storage/function-store.js';
import { functionArn } from '../function-names.js';
import { storedConfiguration, type FunctionCode, type FunctionDocument, type FunctionVersion } from '../functions/function-document.js';
import { findFunction, findStored } from '../functions/function-lookup.js';
import type { LambdaContext } from '../lambda-context.js';
import { lambdaErrors } from '../lambda-errors.js';
import { createName, optionalObject, optionalString, settingsFrom, stringMap } from '../validation/function-input.js';

/** LocalStack's convention for code run from a local directory: this bucket, and the directory's absolute path as the key. */
export const HOT_RELOAD_BUCKET = 'hot-reload';

const conflict = (name: string) => lambdaErrors.resourceConflict(`Function already exist: ${name}`);
const inProgress = (ctx: LambdaContext, name: string) =>
  lambdaErrors.resourceConflict(`The operation cannot be performed at this time. An update is in progress for resource: ${functionArn(ctx.deployment, name)}`);

/** A function's new code, and the package to store with it (a zip's; a local directory has none). */
interface NewCode {
  readonly code: FunctionCode;
  readonly package?: CodePackage;
}

/** The code members (CreateFunction's Code, UpdateFunctionCode's body): a zip unpacked, or a local directory. */
async function codeFrom(ctx: LambdaContext, name: string, input: Record<string, unknown>): Promise<NewCode> {
  const zip = optionalString(input, 'ZipFile');
  const bucket = optionalString(input, 'S3Bucket');
  const key = optionalString(input, 'S3Key');
  if (optionalString(input, 'ImageUri') !== undefined) {
    throw lambdaErrors.invalidParameterValue('Eddy does not run container images yet: give the code as ZipFile (or S3Bucket hot-reload with S3Key a local directory)');
  }
  if (zip !== undefined) {
    const { dir, sha256, size, package: stored } = await ctx.functions.code.unpack(name, Buffer.from(zip, 'base64'));
    return { code: { kind: 'zip', dir, sha256, size }, package: stored };
  }
  if (bucket === HOT_RELOAD_BUCKET) {
    if (key === undefined || !isAbsolute(key)) throw lambdaErrors.invalidParameterValue(`With S3Bucket ${HOT_RELOAD_BUCKET}, S3Key must be the absolute path of a local directory holding the code`);
    const found = await stat(key).catch(() => undefined);
    if (!found?.isDirectory()) throw lambdaErrors.invalidParameterValue(`S3Key ${key}: no such local directory`);
    return { code: { kind: 'local', dir: key, sha256: Buffer.from(key).toString('base64'), size: 0 } };
  }
  if (bucket !== undefined || key !== undefined) {
    throw lambdaErrors.invalidParameterValue(
      `Eddy does not serve S3 yet, so code cannot come from S3Bucket ${bucket ?? '(none)'}: give it as ZipFile, or as S3Bucket ${HOT_RELOAD_BUCKET} with S3Key a local directory's absolute path`,
    );
  }
  throw lambdaErrors.invalidParameterValue('Please provide a source for function code.');
}

/** Layers would be missing from the code at run time: refused rather than dropped in silence. */
function refuseLayers(input: Record<string, unknown>): void {
  const layers = input['Layers'];
  if (Array.isArray(layers) && layers.length > 0) throw lambdaErrors.invalidParameterValue('Eddy does not serve layers yet: put what the function needs into its deployment package');
}

/** A new version of $LATEST as it is now (Publish on create and update; PublishVersion). */
export function newVersion(doc: FunctionDocument, now: number, description?: string): FunctionVersion {
  return {
    version: String(doc.nextVersion),
    settings: description === undefined ? doc.settings : { ...doc.settings, Description: description },
    code: doc.code,
    revisionId: randomUUID(),
    lastModified: now,
  };
}

/** The packages a document names ($LATEST's and its versions'): the function's others are deleted with the write. */
const packagesOf = (doc: FunctionDocument): string[] => [doc.code, ...doc.versions.map((v) => v.code)].filter((c) => c.kind === 'zip').map((c) => c.sha256);

const withPublished = (doc: FunctionDocument, now: number): FunctionDocument => ({
  ...doc,
  versions: [...doc.versions, newVersion(doc, now)],
  nextVersion: doc.nextVersion + 1,
});

/**
 * After a write this node follows it at once, and answers once it runs the new revision (milliseconds):
 * the answer still says Pending or InProgress, as Lambda's does, but a mapping, an event invoke config
 * or an invocation sent next on this node finds the function. Packages nothing names any more are removed.
 */
async function settle(ctx: LambdaContext, stored: StoredFunction<FunctionDocument> | undefined, name: string): Promise<void> {
  await ctx.functions.follower.sync();
  await ctx.functions.follower.ready(name);
  await ctx.functions.code.prune(name, stored ? [stored.document.code, ...stored.document.versions.map((v) => v.code)] : []);
}

/**
 * The configuration a create or update answers with, as Lambda always does: Pending, or InProgress
 * (however fast this node deploys it); with Publish, the version it published.
 */
function answer(ctx: LambdaContext, stored: StoredFunction<FunctionDocument>, published: boolean): Record<string, unknown> {
  return storedConfiguration(stored.name, stored.document, ctx.deployment, 'deploying', published ? stored.document.versions.at(-1) : undefined);
}

/** CreateFunction: stored Pending, deployed by each node as it follows the store (Active here once it runs). */
export async function createFunction(ctx: LambdaContext, input: Record<string, unknown>): Promise<Record<string, unknown>> {
  const name = createName(input['FunctionName']);
  if (input['PackageType'] === 'Image') throw lambdaErrors.invalidParameterValue('Eddy does not run container images yet: create the function with PackageType Zip');
  const code = optionalObject(input, 'Code');
  if (code === undefined) throw lambdaErrors.validation("1 validation error detected: Value null at 'code' failed to satisfy constraint: Member must not be null");
  const settings = settingsFrom(input, undefined);
  refuseLayers(input);
  const tags = stringMap(input['Tags'], 'Tags');
  const publish = input['Publish'] === true;
  const { follower, store } = ctx.functions;
  await follower.sync();
  if (ctx.runtime.get(name) !== undefined && follower.isForeign(name)) throw conflict(name);
  if ((await store.get(name)) !== undefined) throw conflict(name);
  const unpacked = await codeFrom(ctx, name, code);
  const now = ctx.clock.now();
  const stored = await store.write<FunctionDocument>(
    name,
    (current) => {
      if (current !== undefined) throw conflict(name);
      const doc: FunctionDocument = { settings, code: unpacked.code, revisionId: randomUUID(), change: 'create', lastModified: now, versions: [], nextVersion: 1, aliases: [], tags };
      const document = publish ? withPublished(doc, now) : doc;
      return { revision: randomUUID(), document, packages: packagesOf(document) };
    },
    unpacked.package,
  );
  await settle(ctx, stored, name);
  return answer(ctx, stored!, publish);
}

/** The RevisionId check of the update operations: 412 when it is not the latest. */
function checkRevision(doc: FunctionDocument, revisionId: string | undefined): void {
  if (revisionId !== undefined && revisionId !== doc.revisionId) throw lambdaErrors.preconditionFailed();
}

/** UpdateFunctionCode: new code for $LATEST (LastUpdateStatus InProgress until it runs here), optionally published. */
export async function updateFunctionCode(ctx: LambdaContext, rawName: string, input: Record<string, unknown>): Promise<Record<string, unknown>> {
  const { name, stored } = await findStored(ctx, rawName);
  const revisionId = optionalString(input, 'RevisionId');
  checkRevision(stored.document, revisionId);
  if (ctx.functions.follower.updating(name)) throw inProgress(ctx, name);
  const { code, package: added } = await codeFrom(ctx, name, input);
  if (input['DryRun'] === true) return storedConfiguration(name, { ...stored.document, code }, ctx.deployment, 'deployed');
  return update(ctx, name, revisionId, input['Publish'] === true, (doc) => ({ ...doc, code }), added);
}

/** UpdateFunctionConfiguration: members given replace the current ones (Environment wholesale). */
export async function updateFunctionConfiguration(ctx: LambdaContext, rawName: string, input: Record<string, unknown>): Promise<Record<string, unknown>> {
  const { name, stored } = await findStored(ctx, rawName);
  const settings = settingsFrom(input, stored.document.settings);
  refuseLayers(input);
  const revisionId = optionalString(input, 'RevisionId');
  checkRevision(stored.document, revisionId);
  if (ctx.functions.follower.updating(name)) throw inProgress(ctx, name);
  return update(ctx, name, revisionId, false, (doc) => ({ ...doc, settings }));
}

async function update(
  ctx: LambdaContext,
  name: string,
  revisionId: string | undefined,
  publish: boolean,
  change: (doc: FunctionDocument) => FunctionDocument,
  added?: CodePackage,
): Promise<Record<string, unknown>> {
  const now = ctx.clock.now();
  const stored = await ctx.functions.store.write<FunctionDocument>(
    name,
    (current) => {
      if (current === undefined) throw lambdaErrors.functionNotFound(functionArn(ctx.deployment, name));
      checkRevision(current.document, revisionId);
      const doc: FunctionDocument = { ...change(current.document), revisionId: randomUUID(), change: 'update', lastModified: now };
      const document = publish ? withPublished(doc, now) : doc;
      return { revision: randomUUID(), document, packages: packagesOf(document) };
    },
    added,
  );
  await settle(ctx, stored, name);
  return answer(ctx, stored!, publish);
}

/** DeleteFunction: the function with its versions and aliases, or (Qualifier) one version. */
export async function deleteFunction(ctx: LambdaContext, rawName: string, qualifierParam: string | undefined): Promise<void> {
  const target = await findFunction(ctx, rawName, qualifierParam);
  if (target.kind === 'config') throw lambdaErrors.invalidParameterValue(`Function ${target.name} is defined in eddy.config.ts: remove it there`);
  const { name, qualifier } = target;
  if (qualifier === '$LATEST' && (qualifierParam === '$LATEST' || rawName.endsWith(':$LATEST'))) {
    throw lambdaErrors.invalidParameterValue('$LATEST version cannot be deleted without deleting the function.');
  }
  const stored = await ctx.functions.store.write<FunctionDocument>(name, (current) => {
    if (current === undefined) throw lambdaErrors.functionNotFound(functionArn(ctx.deployment, name));
    if (qualifier === '$LATEST') return null;
    const doc = current.document;
    if (!doc.versions.some((v) => v.version === qualifier)) throw lambdaErrors.functionNotFound(`${functionArn(ctx.deployment, name)}:${qualifier}`);
    const using = doc.aliases.filter((a) => a.functionVersion === qualifier || Object.keys(a.weights ?? {}).includes(qualifier)).map((a) => a.name);
    if (using.length > 0) throw lambdaErrors.resourceConflict(`Unable to delete version because the following aliases reference it: [${using.join(', ')}]`);
    const document = { ...doc, versions: doc.versions.filter((v) => v.version !== qualifier) };
    return { revision: randomUUID(), document, packages: packagesOf(document) };
  });
  if (stored === undefined) {
    for (const config of await ctx.eventInvokeConfigs.list(name)) await ctx.eventInvokeConfigs.delete(name, config.qualifier);
  } else {
    await ctx.eventInvokeConfigs.delete(name, qualifier);
  }
  await settle(ctx, stored, name);
}
