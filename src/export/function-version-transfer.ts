import { randomUUID } from 'node:crypto';
import type { FunctionCode, FunctionDocument, FunctionSettings, FunctionVersion } from '../lambda/functions/function-document.js';
import type { LambdaContext } from '../lambda/lambda-context.js';
import { HOT_RELOAD_BUCKET } from '../lambda/operations/manage-functions.js';
import { createAlias } from '../lambda/operations/versions-and-aliases.js';
import { optionalObject, optionalString, settingsFrom } from '../lambda/validation/function-input.js';
import type { CodePackage } from '../storage/function-store.js';
import type { ExportLine } from './export-format.js';

type VersionLine = Extract<ExportLine, { type: 'version' }>;

/** CreateFunction's configuration members for these settings (a version's line carries them too). */
export function configurationRequest(settings: FunctionSettings): Record<string, unknown> {
  return {
    Runtime: settings.Runtime,
    Handler: settings.Handler,
    Role: settings.Role,
    Description: settings.Description,
    Timeout: settings.Timeout,
    MemorySize: settings.MemorySize,
    Environment: { Variables: settings.Environment },
    Architectures: settings.Architectures,
    EphemeralStorage: { Size: settings.EphemeralStorageSize },
    TracingConfig: { Mode: settings.TracingMode },
    LoggingConfig: { LogFormat: settings.LogFormat, ...(settings.LogGroup !== undefined && { LogGroup: settings.LogGroup }) },
    ...(settings.DeadLetterTargetArn !== undefined && { DeadLetterConfig: { TargetArn: settings.DeadLetterTargetArn } }),
  };
}

/**
 * A function's published versions, by number, each with its configuration as it was published and its code.
 * A package is written once per function: a version whose code is $LATEST's or an earlier version's names
 * it by `codeSha256` alone (most versions share their code with another).
 */
export async function* versionLines(ctx: LambdaContext, name: string, doc: FunctionDocument): AsyncGenerator<string> {
  const written = new Set([doc.code.sha256]);
  for (const version of doc.versions) {
    const { code } = version;
    let Code: Record<string, string> | undefined;
    if (code.kind === 'local') Code = { S3Bucket: HOT_RELOAD_BUCKET, S3Key: code.dir };
    else if (!written.has(code.sha256)) {
      const zip = await ctx.functions.store.codePackage(name, code.sha256);
      if (zip === undefined) continue; // the version was deleted meanwhile (its package with it)
      Code = { ZipFile: Buffer.from(zip).toString('base64') };
      written.add(code.sha256);
    }
    const publish = { ...configurationRequest(version.settings), ...(Code && { Code }) };
    yield JSON.stringify({ type: 'version', function: name, version: version.version, codeSha256: code.sha256, publish });
  }
}

/** A function's aliases, as CreateAlias requests (after its versions, which they name). */
export function* aliasLines(name: string, doc: FunctionDocument): Generator<string> {
  for (const alias of doc.aliases) {
    const create = {
      Name: alias.name,
      FunctionVersion: alias.functionVersion,
      Description: alias.description,
      ...(alias.weights && { RoutingConfig: { AdditionalVersionWeights: { ...alias.weights } } }),
    };
    yield JSON.stringify({ type: 'alias', function: name, name: alias.name, create });
  }
}

/**
 * Import of a version of a function this import created. PublishVersion cannot give a version its number
 * nor its own configuration (it snapshots $LATEST, numbered next), so the version is stored as published:
 * with the file's number, its settings checked as CreateFunction checks them and its code (unpacked and
 * stored with the function, as an upload is). Numbers are kept, gaps included: a version deleted before the
 * export stays absent, and the function line's `nextVersion` keeps the next PublishVersion's number.
 */
export async function loadVersion(ctx: LambdaContext, line: VersionLine): Promise<void> {
  if (!/^[1-9][0-9]*$/.test(line.version)) throw new Error(`version ${String(line.version)} of ${line.function} is not a version number`);
  const settings = settingsFrom(line.publish, undefined);
  const { code, package: upload } = await versionCode(ctx, line);
  const number = Number(line.version);
  await ctx.functions.store.write<FunctionDocument>(line.function, (current) => {
    if (current === undefined) throw new Error(`function ${line.function} is gone`);
    const doc = current.document;
    if (doc.versions.some((v) => v.version === line.version)) throw new Error(`version ${line.version} of ${line.function} is in the file twice`);
    const version: FunctionVersion = { version: line.version, settings, code, revisionId: randomUUID(), lastModified: ctx.clock.now() };
    const versions = [...doc.versions, version].sort((a, b) => Number(a.version) - Number(b.version));
    return { revision: randomUUID(), document: { ...doc, versions, nextVersion: Math.max(doc.nextVersion, number + 1) } };
  }, upload);
  // This node follows the write at once, as after a publish: an alias or a mapping made next finds the version.
  await ctx.functions.follower.sync();
}

/** The version's code: its package from the line, or (named by `codeSha256` alone) one the function has stored already. */
async function versionCode(ctx: LambdaContext, line: VersionLine): Promise<{ code: FunctionCode; package?: CodePackage }> {
  const given = optionalObject(line.publish, 'Code');
  const zip = given === undefined ? undefined : optionalString(given, 'ZipFile');
  if (given !== undefined && zip === undefined) {
    if (optionalString(given, 'S3Bucket') !== HOT_RELOAD_BUCKET) throw new Error(`version ${line.version} of ${line.function}: Code must be a ZipFile or S3Bucket ${HOT_RELOAD_BUCKET}`);
    const dir = optionalString(given, 'S3Key') ?? '';
    return { code: { kind: 'local', dir, sha256: Buffer.from(dir).toString('base64'), size: 0 } };
  }
  if (zip !== undefined) {
    const { dir, sha256, size, package: upload } = await ctx.functions.code.unpack(line.function, Buffer.from(zip, 'base64'));
    if (line.codeSha256 !== undefined && sha256 !== line.codeSha256) throw new Error(`version ${line.version} of ${line.function}: its package's CodeSha256 is ${sha256}, the line says ${line.codeSha256}`);
    return { code: { kind: 'zip', dir, sha256, size }, package: upload };
  }
  const stored = await ctx.functions.store.get<FunctionDocument>(line.function);
  const doc = stored?.document;
  const code = doc && [doc.code, ...doc.versions.map((v) => v.code)].find((c) => c.kind === 'zip' && c.sha256 === line.codeSha256);
  if (code === undefined) throw new Error(`version ${line.version} of ${line.function}: no Code, and no package ${line.codeSha256} before it`);
  return { code };
}

/** After CreateFunction: PublishVersion numbers from `nextVersion` on, as it did before the export. */
export async function keepVersionNumbers(ctx: LambdaContext, name: string, nextVersion: number): Promise<void> {
  if (!Number.isSafeInteger(nextVersion)) throw new Error(`nextVersion of ${name} is not a number`);
  await ctx.functions.store.write<FunctionDocument>(name, (current) => {
    if (current === undefined) throw new Error(`function ${name} is gone`);
    const doc = current.document;
    return { revision: randomUUID(), document: { ...doc, nextVersion: Math.max(doc.nextVersion, nextVersion) } };
  });
  await ctx.functions.follower.sync();
}

/** Import of an alias of a function this import created: CreateAlias, with its routing config. */
export async function loadAlias(ctx: LambdaContext, line: Extract<ExportLine, { type: 'alias' }>): Promise<void> {
  await createAlias(ctx, line.function, { ...line.create, Name: line.name });
}
