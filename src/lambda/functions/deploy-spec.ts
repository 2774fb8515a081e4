import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { runtimeKind, type DeadLetterTarget, type FunctionSpec, type LambdaIdentity } from '../../functions/function-spec.js';
import type { FunctionCode, FunctionSettings } from './function-document.js';

/**
 * What FunctionRuntime deploys for a stored function: its code directory as the base, Lambda's
 * settings as the spec's. A Node handler string is Lambda's (`index.handler`: the module before the
 * first dot, found as Lambda's Node runtime looks — `.js`, `.mjs`, `.cjs` — and the export after it)
 * and becomes Eddy's `index.mjs#handler`; Python and custom runtimes take the string as it is.
 * `identity` is what the handler is told it is when the runtime name is not that (a published version).
 */
export function deploySpec(runtimeName: string, settings: FunctionSettings, code: FunctionCode, identity?: LambdaIdentity): FunctionSpec {
  const base = {
    name: runtimeName,
    ...(identity !== undefined && { identity }),
    baseDir: code.dir,
    timeoutSeconds: settings.Timeout,
    memorySizeMB: settings.MemorySize,
    environment: { ...settings.Environment },
    runtime: settings.Runtime,
    ...(settings.DeadLetterTargetArn !== undefined && deadLetterOf(settings.DeadLetterTargetArn)),
  };
  if (runtimeKind(settings.Runtime) !== 'node') return { ...base, handler: settings.Handler };
  return { ...base, handler: nodeHandler(code.dir, settings.Handler) };
}

function nodeHandler(dir: string, handler: string): string {
  const dot = handler.indexOf('.');
  const module = dot === -1 ? handler : handler.slice(0, dot);
  const exportName = dot === -1 ? 'handler' : handler.slice(dot + 1);
  const file = ['.js', '.mjs', '.cjs'].map((ext) => module + ext).find((candidate) => existsSync(join(dir, candidate))) ?? `${module}.js`;
  return `${file}#${exportName}`;
}

/** The queue or topic of a DeadLetterConfig.TargetArn (`arn:…:sqs:…:NAME`, `arn:…:sns:…:NAME`), by name as Eddy sends to it. */
function deadLetterOf(arn: string): { deadLetter: DeadLetterTarget } | undefined {
  const [, service, name] = /^arn:[^:]*:(sqs|sns):[^:]*:[^:]*:([^:]+)$/.exec(arn) ?? [];
  if (name === undefined) return undefined;
  return { deadLetter: service === 'sqs' ? { queue: name } : { topic: name } };
}
