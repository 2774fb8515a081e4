import { isAbsolute } from 'node:path';
import { InvalidFunctionSpecError } from './errors.js';

/** What a function is: its handler module and the settings Lambda would hold in its configuration. */
export interface FunctionSpec {
  /** 1–64 characters of `[A-Za-z0-9_-]`. */
  name: string;
  /** `src/users.ts#handler`, or `src/users.ts` for the export named `handler`; relative to `baseDir`. */
  handler: string;
  /** Absolute directory the handler path resolves from (the config file's directory). */
  baseDir: string;
  /** 1–900, default 3. */
  timeoutSeconds?: number;
  /** 128–10240, default 128. */
  memorySizeMB?: number;
  environment?: Record<string, string>;
  /** Most execution environments busy at once; 0 throttles every invocation. Unset: {@link MAX_ENVIRONMENTS}. */
  reservedConcurrency?: number;
  /**
   * Lambda's runtime. Unset or `nodejs*.x`: the handler runs in a worker thread. `python3.x` (handler
   * `module.function`, relative to `baseDir`) and `provided.al2023` / `provided.al2` (an executable
   * `bootstrap` in `baseDir`) run as a process that speaks the Runtime API.
   */
  runtime?: string;
  /** The Python interpreter for a python runtime (default `python3` on the PATH). */
  pythonPath?: string;
  /**
   * Node.js only: `thread` (the default) runs the handler in a worker thread; `process` in a process of
   * its own speaking the Runtime API (runtimes/node/eddy_bootstrap.mjs), for a handler that needs the
   * isolation (process-wide state, `process.chdir`, native addons that are not thread-safe). Python and
   * custom runtimes always run as a process, so the setting is refused for them.
   */
  isolation?: FunctionIsolation;
  /**
   * What the handler is told it is, when that is not `name` as $LATEST: a published version of a
   * Lambda API function deploys under a runtime name of its own but runs as `orders`, version `3`.
   */
  identity?: LambdaIdentity;
  /** Lambda's DeadLetterConfig: where an asynchronous event goes, as it was sent, once Lambda gives up on it (a queue or a topic of this deployment, by name). */
  deadLetter?: DeadLetterTarget;
}

export type DeadLetterTarget = { readonly queue: string } | { readonly topic: string };

/** The function and version a handler sees (context, AWS_LAMBDA_FUNCTION_NAME / _VERSION, log group and stream, START lines). */
export interface LambdaIdentity {
  readonly functionName: string;
  /** `$LATEST` or a published version's number. */
  readonly version: string;
}

/** A spec with its defaults filled in. */
export interface ResolvedFunctionSpec {
  readonly name: string;
  readonly handler: string;
  readonly baseDir: string;
  readonly timeoutSeconds: number;
  readonly memorySizeMB: number;
  readonly environment: Readonly<Record<string, string>>;
  /** Undefined when no concurrency is reserved (the pool still stops at {@link MAX_ENVIRONMENTS}). */
  readonly reservedConcurrency: number | undefined;
  readonly runtime?: string;
  readonly pythonPath?: string;
  readonly isolation?: FunctionIsolation;
  readonly identity?: LambdaIdentity;
  readonly deadLetter?: DeadLetterTarget;
}

/** Where a Node.js handler runs: a worker thread of Eddy's process, or a process of its own. */
export type FunctionIsolation = 'thread' | 'process';

/** The identity a spec's handler sees: its own, or its name as $LATEST. */
export const lambdaIdentity = (spec: Pick<ResolvedFunctionSpec, 'name' | 'identity'>): LambdaIdentity => spec.identity ?? { functionName: spec.name, version: '$LATEST' };

/**
 * How Eddy's terminal and build errors name a function: as Lambda and its handler know it, `orders:3`
 * for a published version (never the runtime name it deploys under), `orders` for $LATEST.
 */
export function displayName(spec: Pick<ResolvedFunctionSpec, 'name' | 'identity'>): string {
  const { functionName, version } = lambdaIdentity(spec);
  return version === '$LATEST' ? functionName : `${functionName}:${version}`;
}

/** How a runtime runs handlers: Node in a worker thread, the others as a process serving the Runtime API. */
export type RuntimeKind = 'node' | 'python' | 'provided';

export function runtimeKind(runtime: string | undefined): RuntimeKind {
  if (runtime === undefined || runtime.startsWith('nodejs')) return 'node';
  return runtime.startsWith('python') ? 'python' : 'provided';
}

/** Execution environments per function when no concurrency is reserved: a local machine, not a fleet. */
export const MAX_ENVIRONMENTS = 64;

export const DEFAULT_TIMEOUT_SECONDS = 3;
export const DEFAULT_MEMORY_SIZE_MB = 128;

/** Lambda's reserved environment variable names: a function's environment may not set them. */
const RESERVED_VARIABLES = new Set([
  '_HANDLER', '_X_AMZN_TRACE_ID', 'AWS_REGION', 'AWS_EXECUTION_ENV', 'AWS_LAMBDA_FUNCTION_NAME',
  'AWS_LAMBDA_FUNCTION_MEMORY_SIZE', 'AWS_LAMBDA_FUNCTION_VERSION', 'AWS_LAMBDA_INITIALIZATION_TYPE',
  'AWS_LAMBDA_LOG_GROUP_NAME', 'AWS_LAMBDA_LOG_STREAM_NAME', 'AWS_ACCESS_KEY', 'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_LAMBDA_RUNTIME_API', 'LAMBDA_TASK_ROOT', 'LAMBDA_RUNTIME_DIR',
]);

/** Checks a spec and fills in the defaults; throws {@link InvalidFunctionSpecError} naming the field. */
export function resolveSpec(spec: FunctionSpec): ResolvedFunctionSpec {
  const fail = (message: string): never => {
    throw new InvalidFunctionSpecError(`function ${JSON.stringify(spec.name)}: ${message}`);
  };
  if (typeof spec.name !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(spec.name)) {
    fail('name must be 1 to 64 characters of letters, digits, hyphens and underscores');
  }
  if (spec.runtime !== undefined && (typeof spec.runtime !== 'string' || !/^(nodejs\d+\.x|python3\.\d+|provided\.al2|provided\.al2023)$/.test(spec.runtime))) {
    fail(`runtime must be nodejs<version>.x, python3.<minor>, provided.al2023 or provided.al2, got ${JSON.stringify(spec.runtime)}`);
  }
  if (spec.pythonPath !== undefined && (typeof spec.pythonPath !== 'string' || spec.pythonPath === '')) fail('pythonPath must be a command or a path');
  const kind = runtimeKind(spec.runtime);
  if (spec.isolation !== undefined) {
    if (spec.isolation !== 'thread' && spec.isolation !== 'process') fail(`isolation must be 'thread' or 'process', got ${JSON.stringify(spec.isolation)}`);
    if (kind !== 'node') fail(`isolation is a Node.js function's choice: a ${spec.runtime} function always runs as a process`);
  }
  if (typeof spec.handler !== 'string') fail('handler must be a string');
  if (kind === 'node' && parseHandler(spec.handler).file === '') {
    fail(`handler must be a module path with an optional #export, e.g. 'src/users.ts#handler'`);
  }
  if (kind === 'python' && !/^[^.]+(\.[^.]+)*\.[^.]+$/.test(spec.handler)) {
    fail(`handler must be module.function for a Python runtime, e.g. 'index_users.index_users', got ${JSON.stringify(spec.handler)}`);
  }
  if (typeof spec.baseDir !== 'string' || !isAbsolute(spec.baseDir)) fail('baseDir must be an absolute path');
  const timeoutSeconds = spec.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS;
  if (!Number.isInteger(timeoutSeconds) || timeoutSeconds < 1 || timeoutSeconds > 900) {
    fail(`timeout must be a whole number of seconds from 1 to 900, got ${timeoutSeconds}`);
  }
  const memorySizeMB = spec.memorySizeMB ?? DEFAULT_MEMORY_SIZE_MB;
  if (!Number.isInteger(memorySizeMB) || memorySizeMB < 128 || memorySizeMB > 10240) {
    fail(`memorySize must be a whole number of MB from 128 to 10240, got ${memorySizeMB}`);
  }
  const reserved = spec.reservedConcurrency;
  if (reserved !== undefined && (!Number.isInteger(reserved) || reserved < 0)) {
    fail(`reservedConcurrency must be a whole number from 0, got ${reserved}`);
  }
  const environment = { ...spec.environment };
  for (const [key, value] of Object.entries(environment)) {
    if (!/^[a-zA-Z]\w+$/.test(key)) fail(`environment variable name ${JSON.stringify(key)} must start with a letter and have at least 2 characters of [A-Za-z0-9_]`);
    if (RESERVED_VARIABLES.has(key)) fail(`environment variable ${key} is reserved by Lambda`);
    if (typeof value !== 'string') fail(`environment variable ${key} must be a string`);
  }
  return {
    name: spec.name,
    handler: spec.handler,
    baseDir: spec.baseDir,
    timeoutSeconds,
    memorySizeMB,
    environment,
    reservedConcurrency: reserved,
    ...(spec.runtime !== undefined && { runtime: spec.runtime }),
    ...(spec.pythonPath !== undefined && { pythonPath: spec.pythonPath }),
    ...(spec.isolation !== undefined && { isolation: spec.isolation }),
    ...(spec.identity !== undefined && { identity: { functionName: spec.identity.functionName, version: spec.identity.version } }),
    ...(spec.deadLetter !== undefined && { deadLetter: { ...spec.deadLetter } }),
  };
}

/** `src/users.ts#main` → file `src/users.ts`, export `main`; without `#`, the export is `handler`. */
export function parseHandler(handler: string): { file: string; exportName: string } {
  const hash = handler.lastIndexOf('#');
  if (hash === -1) return { file: handler, exportName: 'handler' };
  return { file: handler.slice(0, hash), exportName: handler.slice(hash + 1) || 'handler' };
}
