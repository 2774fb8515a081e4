// AWS::Lambda::Function → `functions` (SAM's Serverless::Function arrives as one, its CodeUri an absolute
// path: src/templates/sam/function-code.ts). AWS::Lambda::Version, Alias and Permission are mapped quietly:
// config functions are not published (an alias or version ARN names the function: functionNameOf drops
// the qualifier) and Eddy invokes without IAM.
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import type { FunctionConfig, FunctionRuntimeName } from '../../config/config-types.js';
import type { TemplateResource } from '../cloudformation/index.js';
import { esbuildEntryPoints, isDirectory, nodeHandler, pythonHandler, runtimeKindOf, writeInlineCode, type HandlerAnswer, type RuntimeKind } from './function-handlers.js';
import type { MappingContext } from './mapping-context.js';
import { numberProperty, objectProperty, stringProperty, type ResourceMapper } from './resource-mapper.js';

/** Properties that change how a function behaves in a way Eddy does not reproduce: one notice per kind, naming the functions. */
const NOT_REPRODUCED: Readonly<Record<string, { applies: (value: unknown) => boolean; text: string }>> = {
  Layers: {
    applies: (value) => Array.isArray(value) && value.length > 0,
    text: 'Layers are not available locally: imports from a layer fail unless the code directory holds what they provide',
  },
  FileSystemConfigs: {
    applies: (value) => Array.isArray(value) && value.length > 0,
    text: 'EFS file systems (FileSystemConfigs) are not mounted: their mount paths do not exist',
  },
  LoggingConfig: {
    applies: (value) => value !== null && typeof value === 'object' && ['LogFormat', 'ApplicationLogLevel', 'SystemLogLevel'].some((key) => key in value && !(key === 'LogFormat' && (value as Record<string, unknown>)[key] === 'Text')),
    text: 'LoggingConfig (JSON log format, log levels) is not applied: functions log in the text format, every level',
  },
};

const noticed = new WeakMap<MappingContext, Map<string, string[]>>();

export const mapFunction: ResourceMapper = (resource, ctx) => {
  const name = ctx.nameOf(resource);
  if (ctx.config.functions[name] !== undefined) ctx.fail(resource, ['FunctionName'], `another function of this template is named ${name}`);
  const packageType = resource.properties['PackageType'];
  if (packageType !== undefined && packageType !== 'Zip') ctx.fail(resource, ['PackageType'], `container images are not run by Eddy (PackageType ${JSON.stringify(packageType)}): use a Zip function with a Runtime, a Handler and its code in a local directory`);
  const runtimeName = stringProperty(resource, ctx, 'Runtime') ?? ctx.fail(resource, [], 'Runtime is required for a function whose code is a directory or Code.ZipFile (Eddy does not run container images)');
  const kind = runtimeKindOf(runtimeName) ?? ctx.fail(resource, ['Runtime'], `runtime ${runtimeName} is not run by Eddy (it runs nodejs<version>.x, python3.<minor>, provided.al2023 and provided.al2)`);
  const runtime = runtimeName as FunctionRuntimeName;
  const handlerText = stringProperty(resource, ctx, 'Handler', true);
  const code = codeOf(resource, ctx, name, kind);
  if (code.inline && kind !== 'provided' && !handlerText.startsWith('index.')) {
    ctx.fail(resource, ['Handler'], `inline code (Code.ZipFile) is written to ${kind === 'node' ? 'index.js' : 'index.py'}, as Lambda does: the Handler must be index.<function>, got ${JSON.stringify(handlerText)}`);
  }
  const answer: HandlerAnswer = kind === 'node' ? nodeHandler(code.dir, handlerText, esbuildEntryPoints(resource.metadata)) : kind === 'python' ? pythonHandler(code.dir, handlerText) : { handler: handlerText };
  const handler = 'handler' in answer ? answer.handler : ctx.fail(resource, ['Handler'], `Handler ${JSON.stringify(handlerText)} (${runtime}): ${answer.problem}`);
  const fn: FunctionConfig = { handler, runtime, codeDir: code.dir };
  const timeout = numberProperty(resource, ctx, 'Timeout');
  if (timeout !== undefined) fn.timeout = timeout;
  const memorySize = numberProperty(resource, ctx, 'MemorySize');
  if (memorySize !== undefined) fn.memorySize = memorySize;
  const reserved = numberProperty(resource, ctx, 'ReservedConcurrentExecutions');
  if (reserved !== undefined) fn.reservedConcurrency = reserved;
  const environment = environmentOf(resource, ctx);
  if (environment !== undefined) fn.environment = environment;
  for (const [key, { applies }] of Object.entries(NOT_REPRODUCED)) {
    if (applies(resource.properties[key])) notReproduced(ctx, key, name);
  }
  ctx.config.functions[name] = fn;
};

/** Mapped quietly: nothing of the config stands for them (see the file's head). */
export const mapQuietly: ResourceMapper = () => {};

/** Where the code is: a local directory (absolute, or the template's), or Code.ZipFile written under ctx.inlineCodeDir. */
function codeOf(resource: TemplateResource, ctx: MappingContext, name: string, kind: RuntimeKind): { dir: string; inline: boolean } {
  const raw = resource.properties['Code'] ?? ctx.fail(resource, [], 'Code is required');
  if (typeof raw === 'string') {
    // The local path `aws cloudformation package` takes (SAM's CodeUri arrives so, absolute).
    const dir = isAbsolute(raw) ? raw : resolve(dirname(ctx.template.file), raw);
    if (!isDirectory(dir)) {
      const detail = existsSync(dir)
        ? `${dir} is a file: Eddy runs a function from a directory (unzip the package and name its directory)`
        : `the code directory ${dir} does not exist (Eddy runs a function from its source directory: an unzipped package or the sources)`;
      ctx.fail(resource, ['Code'], detail);
    }
    return { dir, inline: false };
  }
  const code = objectProperty(resource, ctx, 'Code')!;
  if (typeof code['ZipFile'] === 'string') {
    if (kind === 'provided') ctx.fail(resource, ['Code', 'ZipFile'], 'inline code (Code.ZipFile) is for Node.js and Python runtimes');
    return { dir: writeInlineCode(join(ctx.inlineCodeDir, name), kind as 'node' | 'python', code['ZipFile']), inline: true };
  }
  if (code['ImageUri'] !== undefined) ctx.fail(resource, ['Code', 'ImageUri'], 'container images are not run by Eddy: use a Zip function with a Runtime, a Handler and its code in a local directory');
  if (code['S3Bucket'] !== undefined || code['S3Key'] !== undefined) {
    const where = `s3://${String(code['S3Bucket'])}/${String(code['S3Key'])}`;
    ctx.fail(
      resource,
      ['Code'],
      `code in S3 (${where}) is not fetched by Eddy: give the function a local directory (SAM: CodeUri: ./src; CloudFormation: Code: ./src, as \`aws cloudformation package\` takes it) or run the template \`sam build\` writes (.aws-sam/build/template.yaml)`,
    );
  }
  return ctx.fail(resource, ['Code'], `Code must be a local directory, {ZipFile}, or {S3Bucket, S3Key}, got ${JSON.stringify(code)}`);
}

/** Environment.Variables, each value as the text Lambda gives the function. */
function environmentOf(resource: TemplateResource, ctx: MappingContext): Record<string, string> | undefined {
  const environment = objectProperty(resource, ctx, 'Environment');
  const variables = objectProperty(resource, ctx, 'Variables', environment?.['Variables'], ['Environment', 'Variables']);
  if (variables === undefined) return undefined;
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(variables)) {
    if (typeof value === 'string') out[key] = value;
    else if (typeof value === 'number' || typeof value === 'boolean') out[key] = String(value);
    else ctx.fail(resource, ['Environment', 'Variables', key], `environment variable ${key} must be a string, got ${JSON.stringify(value)}`);
  }
  return out;
}

/** Adds `name` to the notice of `key`; the notices are written once every resource is mapped. */
function notReproduced(ctx: MappingContext, key: string, name: string): void {
  let byKey = noticed.get(ctx);
  if (byKey === undefined) {
    const created = new Map<string, string[]>();
    noticed.set(ctx, (byKey = created));
    ctx.later(() => {
      for (const [k, names] of created) ctx.notice(`${NOT_REPRODUCED[k]!.text} (${names.length === 1 ? 'function' : 'functions'} ${names.join(', ')})`);
    });
  }
  byKey.set(key, [...(byKey.get(key) ?? []), name]);
}
