import type { LambdaContext } from '../lambda/lambda-context.js';
import type { EventInvokeConfig } from '../lambda/event-invoke-config.js';
import type { FunctionDocument } from '../lambda/functions/function-document.js';
import { putFunctionEventInvokeConfig } from '../lambda/operations/event-invoke-configs.js';
import { HOT_RELOAD_BUCKET, createFunction } from '../lambda/operations/manage-functions.js';
import type { ExportLine } from './export-format.js';
import { aliasLines, configurationRequest, keepVersionNumbers, versionLines } from './function-version-transfer.js';

/**
 * Functions created through the Lambda API (those of an eddy.config or a template are made by it at start):
 * each as the CreateFunction request of its $LATEST, with its deployment package as base64 ZipFile (a
 * hot-reload function names its local directory again), then its published versions and its aliases.
 */
export async function* functionLines(ctx: LambdaContext): AsyncGenerator<string> {
  // One function at a time: a package is read only when its line is written.
  for (const { name } of await ctx.functions.store.list<FunctionDocument>()) {
    const stored = await ctx.functions.store.get<FunctionDocument>(name);
    if (stored === undefined) continue; // deleted meanwhile
    const doc = stored.document;
    const { settings, code, tags } = doc;
    let Code: Record<string, string>;
    if (code.kind === 'local') Code = { S3Bucket: HOT_RELOAD_BUCKET, S3Key: code.dir };
    else {
      const zip = await ctx.functions.store.codePackage(name, code.sha256);
      if (zip === undefined) continue; // replaced meanwhile
      Code = { ZipFile: Buffer.from(zip).toString('base64') };
    }
    const create = { FunctionName: name, ...configurationRequest(settings), ...(Object.keys(tags).length > 0 && { Tags: tags }), Code };
    // The number PublishVersion gives next, when versions were ever published: a deleted newest one's is not reused.
    yield JSON.stringify({ type: 'function', name, create, ...(doc.nextVersion > 1 && { nextVersion: doc.nextVersion }) });
    yield* versionLines(ctx, name, doc);
    yield* aliasLines(name, doc);
  }
}

/** Import of functions: CreateFunction unless a function of that name exists here (stored, or the configuration's), which is kept. */
export async function loadFunction(ctx: LambdaContext, line: Extract<ExportLine, { type: 'function' }>): Promise<boolean> {
  if (ctx.runtime.get(line.name) !== undefined || (await ctx.functions.store.get(line.name)) !== undefined) return false;
  await createFunction(ctx, { ...line.create, FunctionName: line.name });
  if (line.nextVersion !== undefined && line.nextVersion > 1) await keepVersionNumbers(ctx, line.name, line.nextVersion);
  return true;
}

/**
 * The event invoke configs of those functions ($LATEST's, and those of versions and aliases), as
 * PutFunctionEventInvokeConfig requests; after every function, since a destination may name one written
 * later. A configuration's (FromConfig) is its own.
 */
export async function* eventInvokeConfigLines(ctx: LambdaContext): AsyncGenerator<string> {
  for (const { name } of await ctx.functions.store.list<FunctionDocument>()) {
    for (const stored of await ctx.eventInvokeConfigs.list<EventInvokeConfig>(name)) {
      if (stored.config.FromConfig) continue;
      const { MaximumRetryAttempts, MaximumEventAgeInSeconds, DestinationConfig } = stored.config;
      const put = {
        ...(MaximumRetryAttempts !== undefined && { MaximumRetryAttempts }),
        ...(MaximumEventAgeInSeconds !== undefined && { MaximumEventAgeInSeconds }),
        DestinationConfig,
      };
      const qualifier = stored.qualifier === '$LATEST' ? {} : { qualifier: stored.qualifier };
      yield JSON.stringify({ type: 'eventInvokeConfig', function: name, ...qualifier, put });
    }
  }
}

/** Import of an event invoke config: put on the function's $LATEST, version or alias (the caller skips those of kept functions). */
export async function loadEventInvokeConfig(ctx: LambdaContext, line: Extract<ExportLine, { type: 'eventInvokeConfig' }>): Promise<void> {
  await putFunctionEventInvokeConfig(ctx, { functionName: line.function, ...(line.qualifier !== undefined && { qualifier: line.qualifier }) }, line.put);
}
