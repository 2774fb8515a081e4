import type { Credentials } from '../shared/credentials.js';
import { randomUUID } from 'node:crypto';
import { resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { LogLevel, Logger } from '../shared/logger.js';
import { brokenInvocation } from './broken-function.js';
import type { Environment } from './environment.js';
import { EnvironmentPool, type WhenBusy } from './environment-pool.js';
import { FunctionBuildError, FunctionNotFoundError, FunctionThrottledError, InvalidPayloadError } from './errors.js';
import { ExecutionEnvironment } from './execution-environment.js';
import { displayName, lambdaIdentity, MAX_ENVIRONMENTS, parseHandler, resolveSpec, runtimeKind, type FunctionSpec, type ResolvedFunctionSpec } from './function-spec.js';
import { bundleHandler, sourceFiles, type HandlerBundle } from './handler-bundler.js';
import { checkHandlerExport } from './handler-export.js';
import { LogBuffer, type HandlerOutput, type LogEntry } from './invocation-log.js';
import { InvocationPrinter } from './invocation-printer.js';
import { invocationSource } from './invocation-source.js';
import { lambdaVariables } from './lambda-environment.js';
import { nodeProcessEnvironment, type ProcessSettings } from './node-process-runtime.js';
import { processBundle, processCommand } from './process-code.js';
import { ProcessEnvironment } from './process-environment.js';
import { runInvocation, type InvokeResult } from './invocation-run.js';
import { workerScript } from './worker-script.js';
import { defaultCacheDir } from './build-cache.js';
import type { FunctionMetrics } from '../metrics/function-metrics.js';

export { FunctionBuildError, FunctionNotFoundError, FunctionThrottledError, InvalidPayloadError } from './errors.js';
export type { FunctionSpec, LambdaIdentity } from './function-spec.js';
export type { InvokeResult } from './invocation-run.js';
export type { LogEntry } from './invocation-log.js';

/** A deployed function as the Lambda API describes it. */
export interface DeployedFunction {
  readonly spec: ResolvedFunctionSpec;
  /** `arn:aws:lambda:REGION:ACCOUNT:function:NAME` */
  readonly arn: string;
  /** Base64 SHA-256 of the bundle, as Lambda shows CodeSha256. */
  readonly codeSha256: string;
  readonly codeSize: number;
  /** Lambda's LastModified form, `2026-01-01T00:00:00.000+0000` (ISO 8601). */
  readonly lastModified: string;
  readonly version: '$LATEST';
}

/** A handler bundled and checked (it exports the handler it names), ready to deploy. */
export interface FunctionBuild {
  readonly spec: ResolvedFunctionSpec;
  readonly bundle: HandlerBundle;
}

export interface InvokeRequest {
  /** The event as JSON text; '' is an empty event. */
  payload: string;
  requestId?: string;
  /** The client context: JSON text, or base64 of it as in the X-Amz-Client-Context header. */
  clientContext?: string;
  /**
   * When every allowed environment is busy: 'throttle' rejects with FunctionThrottledError (sync Invoke),
   * 'wait' queues until one is free (triggers, async events). Default 'throttle'.
   */
  whenBusy?: WhenBusy;
  /** The attempt of a delivery the caller retries (async events, stream batches), shown in the terminal from 2. */
  attempt?: number;
  /** 'failures': the caller prints its own line for each invocation (the application port), the runtime only failures'. */
  terminalLine?: 'always' | 'failures';
  /**
   * The ARN the caller invoked, as the handler's context shows it (qualified when it named a version
   * or an alias). Default: the function's ARN, qualified by its version when it is a published one.
   */
  invokedFunctionArn?: string;
}

export interface FunctionRuntimeOptions {
  /** Eddy's own endpoint, for AWS_ENDPOINT_URL (known only once the server listens). */
  endpoint: () => string;
  region: string;
  account: string;
  /** Log lines go to `logger.info`, prefixed `[name] `; failed invocations at 'info' and 'quiet' to `logger.warn`. */
  logger: Logger;
  /** What the logger gets of invocations (InvocationPrinter): default 'debug', every line of Lambda's log. */
  logLevel?: LogLevel;
  /** Where bundles are cached by content (default: a directory under the OS temp dir). */
  cacheDir?: string;
  /** How long an execution environment may stay idle before it is ended (default 10 minutes). */
  idleTimeoutMs?: number;
  /** The key pair handlers' SDK clients sign with (when Eddy verifies signatures); default dummy ones. */
  credentials?: Credentials | undefined;
  /** Counts each finished invocation (`GET /_eddy/metrics`). */
  metrics?: Pick<FunctionMetrics, 'invoked'>;
}

interface FunctionEntry {
  deployed: DeployedFunction;
  /** The last good build (kept while broken, for the files it read). */
  bundle: HandlerBundle | undefined;
  /** Set while the code on disk does not build: every invocation fails with it. */
  broken: FunctionBuildError | undefined;
  readonly pool: EnvironmentPool<Environment>;
  readonly logs: LogBuffer;
  /** Lines of the invocations in progress, by request id. */
  readonly collecting: Map<string, string[]>;
}

/**
 * Runs functions the way Lambda does: each in a pool of execution environments — worker threads for
 * Node handlers (or processes, with `isolation: 'process'`), processes serving the Runtime API for
 * Python and custom (`provided`) runtimes — with
 * Lambda's context, environment, timeouts, errors and START/END/REPORT logs.
 */
export class FunctionRuntime {
  readonly #options: FunctionRuntimeOptions;
  readonly #cacheDir: string;
  readonly #entries = new Map<string, FunctionEntry>();
  /** Deploys and rebuilds of one function run one after another. */
  readonly #queues = new Map<string, Promise<unknown>>();
  readonly #printer: InvocationPrinter;
  #closed = false;

  constructor(options: FunctionRuntimeOptions) {
    this.#options = options;
    this.#printer = new InvocationPrinter(options.logger, options.logLevel ?? 'debug');
    this.#cacheDir = options.cacheDir ?? defaultCacheDir();
  }

  /**
   * Validates, bundles and checks that the handler is exported, deploying nothing. Throws
   * InvalidFunctionSpecError, or FunctionBuildError (HandlerNotFoundError for a missing export).
   */
  async build(spec: FunctionSpec): Promise<FunctionBuild> {
    const resolved = resolveSpec(spec);
    if (runtimeKind(resolved.runtime) !== 'node') return { spec: resolved, bundle: await processBundle(resolved) };
    const bundle = await bundleHandler(resolved, this.#cacheDir);
    checkHandlerExport(resolved, bundle);
    return { spec: resolved, bundle };
  }

  /** Builds (or takes a build) and deploys; replaces a function of that name (invocations in progress finish on the old code). */
  deploy(spec: FunctionSpec | FunctionBuild): Promise<DeployedFunction> {
    const name = 'bundle' in spec ? spec.spec.name : resolveSpec(spec).name;
    return this.#serially(name, async () => {
      const [built, script] = await Promise.all(['bundle' in spec ? spec : this.build(spec), workerScript(this.#cacheDir)]);
      return this.#install(built.spec, built.bundle, undefined, script);
    });
  }

  /**
   * Deploys a function whose build failed (`eddy dev`): it is listed and described, and every invocation
   * fails with the build error as Lambda reports code that cannot load, until a rebuild succeeds.
   */
  deployBroken(spec: FunctionSpec, error: FunctionBuildError): Promise<DeployedFunction> {
    const resolved = resolveSpec(spec);
    return this.#serially(resolved.name, async () => this.#install(resolved, undefined, error, await workerScript(this.#cacheDir)));
  }

  #install(resolved: ResolvedFunctionSpec, bundle: HandlerBundle | undefined, broken: FunctionBuildError | undefined, script: string): DeployedFunction {
    const deployed = this.#describe(resolved, bundle);
    const existing = this.#entries.get(resolved.name);
    if (existing !== undefined) {
      existing.deployed = deployed;
      existing.bundle = bundle ?? existing.bundle;
      existing.broken = broken;
      existing.pool.setLimit(concurrencyLimit(resolved));
      existing.pool.renew();
      return deployed;
    }
    const entry: FunctionEntry = {
      deployed,
      bundle,
      broken,
      logs: new LogBuffer(),
      collecting: new Map(),
      pool: new EnvironmentPool({
        limit: concurrencyLimit(resolved),
        create: () => this.#environment(entry, script),
        throttled: () => new FunctionThrottledError(resolved.name),
        ...(this.#options.idleTimeoutMs !== undefined && { idleTimeoutMs: this.#options.idleTimeoutMs }),
      }),
    };
    this.#entries.set(resolved.name, entry);
    return deployed;
  }

  /** The build error of a function deployed broken, or undefined when it runs. */
  broken(name: string): FunctionBuildError | undefined {
    return this.#entries.get(name)?.broken;
  }

  get(name: string): DeployedFunction | undefined {
    return this.#entries.get(name)?.deployed;
  }

  /** A function's execution environments now: running an invocation, and idle (warm). */
  environments(name: string): { busy: number; idle: number } | undefined {
    const pool = this.#entries.get(name)?.pool;
    return pool && { busy: pool.busy, idle: pool.idle };
  }

  /** Every deployed function, by name. */
  list(): DeployedFunction[] {
    return [...this.#entries.values()].map((entry) => entry.deployed).sort((a, b) => (a.spec.name < b.spec.name ? -1 : a.spec.name > b.spec.name ? 1 : 0));
  }

  /** Invocations running now, across functions (those waiting for an environment not counted). */
  get running(): number {
    let count = 0;
    for (const entry of this.#entries.values()) count += entry.collecting.size;
    return count;
  }

  /**
   * Runs one invocation. Function errors (thrown, timed out, crashed) are results with
   * `functionError: 'Unhandled'`; only invocation errors reject: FunctionNotFoundError,
   * FunctionThrottledError, InvalidPayloadError.
   */
  async invoke(name: string, request: InvokeRequest): Promise<InvokeResult> {
    const entry = this.#entry(name);
    const source = invocationSource(parsePayload(request.payload));
    const requestId = request.requestId ?? randomUUID();
    if (entry.broken !== undefined) {
      const lines: string[] = [];
      const log = (line: string, id: string) => {
        lines.push(line);
        this.#log(entry, line, id);
      };
      const result = brokenInvocation(entry.deployed.spec, entry.broken, requestId, { log, lines });
      this.#printer.finished({ functionName: displayName(entry.deployed.spec), result, source, attempt: request.attempt }, request.terminalLine === 'failures');
      this.#options.metrics?.invoked(entry.deployed.spec.name, result);
      return result;
    }
    const environment = await entry.pool.acquire(request.whenBusy ?? 'throttle');
    const lines: string[] = [];
    entry.collecting.set(requestId, lines);
    try {
      const message = { requestId, payload: request.payload, clientContext: request.clientContext, ...(request.invokedFunctionArn !== undefined && { invokedFunctionArn: request.invokedFunctionArn }) };
      const result = await runInvocation(environment, entry.deployed.spec, message, {
        log: (line, id) => this.#log(entry, line, id),
        lines,
      });
      this.#printer.finished({ functionName: displayName(entry.deployed.spec), result, source, attempt: request.attempt }, request.terminalLine === 'failures');
      this.#options.metrics?.invoked(entry.deployed.spec.name, result);
      return result;
    } finally {
      entry.collecting.delete(requestId);
      entry.pool.release(environment);
    }
  }

  /**
   * Bundles the function's handler again (`eddy dev`, on save). What runs is always what is on disk: a
   * build that fails marks the function broken with the new error (its invocations fail with it), and
   * the next good build makes it run again.
   */
  rebuild(name: string): Promise<{ ok: true } | { ok: false; error: FunctionBuildError }> {
    this.#entry(name);
    return this.#serially(name, async () => {
      const entry = this.#entry(name);
      let bundle: HandlerBundle;
      try {
        ({ bundle } = await this.build(entry.deployed.spec));
      } catch (error) {
        if (!(error instanceof FunctionBuildError)) throw error;
        if (entry.broken === undefined) entry.pool.renew();
        entry.broken = error;
        entry.deployed = this.#describe(entry.deployed.spec, undefined);
        return { ok: false as const, error };
      }
      const wasBroken = entry.broken !== undefined;
      entry.bundle = bundle;
      entry.broken = undefined;
      if (wasBroken || bundle.codeSha256 !== entry.deployed.codeSha256) {
        entry.deployed = this.#describe(entry.deployed.spec, bundle);
        entry.pool.renew();
      }
      return { ok: true as const };
    });
  }

  /**
   * What to watch for a function's next build: the source files its last build read (installed packages
   * left out) and, while it is broken, its handler file and the files its build errors point at. [] for
   * an unknown function.
   */
  watchedFiles(name: string): string[] {
    const entry = this.#entries.get(name);
    if (entry === undefined) return [];
    const files = new Set(entry.bundle === undefined ? [] : sourceFiles(entry.bundle));
    if (entry.broken !== undefined) {
      const { spec } = entry.deployed;
      if (runtimeKind(spec.runtime) === 'node') files.add(resolve(spec.baseDir, parseHandler(spec.handler).file));
      for (const file of entry.broken.files) if (!file.split(sep).includes('node_modules')) files.add(file);
    }
    return [...files];
  }

  /** The function's newest log lines (up to 1,000 kept), oldest first; [] for an unknown function. */
  logs(name: string, limit?: number): LogEntry[] {
    return this.#entries.get(name)?.logs.tail(limit) ?? [];
  }

  /** Removes the function: queued invocations are rejected, running ones finish. */
  async remove(name: string): Promise<boolean> {
    const entry = this.#entries.get(name);
    if (entry === undefined) return false;
    this.#entries.delete(name);
    await entry.pool.close(new FunctionNotFoundError(name, entry.deployed.arn));
    return true;
  }

  /** Terminates every worker; invocations in progress end as runtime exits. */
  async close(): Promise<void> {
    this.#closed = true;
    const entries = [...this.#entries.values()];
    this.#entries.clear();
    await Promise.all(entries.map((entry) => entry.pool.close(new Error('the function runtime is closed'), true)));
  }

  #entry(name: string): FunctionEntry {
    const entry = this.#entries.get(name);
    if (entry === undefined) throw new FunctionNotFoundError(name, this.#arn(name));
    return entry;
  }

  #arn(name: string): string {
    return `arn:aws:lambda:${this.#options.region}:${this.#options.account}:function:${name}`;
  }

  /** A broken function has no code: its CodeSha256 is that of nothing. */
  #describe(spec: ResolvedFunctionSpec, bundle: HandlerBundle | undefined): DeployedFunction {
    return {
      spec,
      arn: this.#arn(spec.name),
      codeSha256: bundle?.codeSha256 ?? EMPTY_SHA256,
      codeSize: bundle?.codeSize ?? 0,
      lastModified: new Date().toISOString().replace('Z', '+0000'),
      version: '$LATEST',
    };
  }

  #environment(entry: FunctionEntry, script: string): Environment {
    if (this.#closed) throw new Error('the function runtime is closed');
    const { spec } = entry.deployed;
    const identity = lambdaIdentity(spec);
    // A published version's handler is invoked by its qualified ARN unless the caller says otherwise.
    const arn = this.#arn(identity.functionName) + (identity.version === '$LATEST' ? '' : `:${identity.version}`);
    const env = (logStreamName: string) => lambdaVariables(spec, { region: this.#options.region, endpoint: this.#options.endpoint(), logStreamName, credentials: this.#options.credentials });
    const kind = runtimeKind(spec.runtime);
    if (kind !== 'node' || spec.isolation === 'process') {
      const onLog = (line: string, requestId: string | undefined, output?: HandlerOutput) => this.#log(entry, line, requestId, output);
      const settings: ProcessSettings = { cwd: spec.baseDir, env, functionArn: arn, functionVersion: identity.version, onLog, memorySizeMB: spec.memorySizeMB };
      // A Node.js handler in a process of its own loads the bundle a worker would (the newest build's).
      if (kind === 'node') return nodeProcessEnvironment(spec, entry.bundle!, settings);
      return new ProcessEnvironment({ ...processCommand(spec), ...settings });
    }
    return new ExecutionEnvironment({
      script,
      setup: {
        moduleUrl: pathToFileURL(entry.bundle!.path).href,
        exportName: parseHandler(spec.handler).exportName,
        handler: spec.handler,
        functionName: identity.functionName,
        functionVersion: identity.version,
        functionArn: arn,
        memorySizeMB: spec.memorySizeMB,
      },
      env,
      memorySizeMB: spec.memorySizeMB,
      onLog: (line, requestId, output) => this.#log(entry, line, requestId, output),
    });
  }

  #log(entry: FunctionEntry, line: string, requestId: string | undefined, output?: HandlerOutput): void {
    entry.logs.push({ timestamp: Date.now(), requestId, message: line });
    if (requestId !== undefined) entry.collecting.get(requestId)?.push(line);
    this.#printer.line(displayName(entry.deployed.spec), line, output);
  }

  #serially<T>(name: string, task: () => Promise<T>): Promise<T> {
    const previous = this.#queues.get(name) ?? Promise.resolve();
    const next = previous.then(task, task);
    const settled = next.catch(() => undefined);
    this.#queues.set(name, settled);
    void settled.then(() => {
      if (this.#queues.get(name) === settled) this.#queues.delete(name);
    });
    return next;
  }
}

const EMPTY_SHA256 = '47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=';

/** The event, parsed (undefined for '', an empty event); InvalidPayloadError when it is not JSON. */
function parsePayload(payload: string): unknown {
  if (payload.trim() === '') return undefined;
  try {
    return JSON.parse(payload);
  } catch (error) {
    throw new InvalidPayloadError((error as Error).message);
  }
}

function concurrencyLimit(spec: ResolvedFunctionSpec): number {
  return spec.reservedConcurrency === undefined ? MAX_ENVIRONMENTS : Math.min(spec.reservedConcurrency, MAX_ENVIRONMENTS);
}
