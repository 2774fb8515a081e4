import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { LogLevel, Logger } from '../shared/logger.js';
import { EnvironmentPool, type WhenBusy } from './environment-pool.js';
import { FunctionNotFoundError, FunctionThrottledError, InvalidPayloadError } from './errors.js';
import { ExecutionEnvironment } from './execution-environment.js';
import { MAX_ENVIRONMENTS, parseHandler, resolveSpec, type FunctionSpec, type ResolvedFunctionSpec } from './function-spec.js';
import { bundleHandler, sourceFiles, type HandlerBundle } from './handler-bundler.js';
import { LogBuffer, type HandlerOutput, type LogEntry } from './invocation-log.js';
import { InvocationPrinter } from './invocation-printer.js';
import { invocationSource } from './invocation-source.js';
import { lambdaVariables } from './lambda-environment.js';
import { runInvocation, type InvokeResult } from './invocation-run.js';
import { workerScript } from './worker-script.js';

export { FunctionBuildError, FunctionNotFoundError, FunctionThrottledError, InvalidPayloadError } from './errors.js';
export type { FunctionSpec } from './function-spec.js';
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
}

interface FunctionEntry {
  deployed: DeployedFunction;
  bundle: HandlerBundle;
  readonly pool: EnvironmentPool<ExecutionEnvironment>;
  readonly logs: LogBuffer;
  /** Lines of the invocations in progress, by request id. */
  readonly collecting: Map<string, string[]>;
}

/**
 * Runs functions the way Lambda does: each in a pool of worker threads (one worker = one execution
 * environment), with Lambda's context, environment, timeouts, errors and START/END/REPORT logs.
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
    this.#cacheDir = options.cacheDir ?? join(tmpdir(), `eddy-${process.getuid?.() ?? 'user'}`, 'cache');
  }

  /** Validates and bundles; replaces a function of that name (invocations in progress finish on the old code). */
  deploy(spec: FunctionSpec): Promise<DeployedFunction> {
    const resolved = resolveSpec(spec);
    return this.#serially(resolved.name, async () => {
      const [bundle, script] = await Promise.all([bundleHandler(resolved, this.#cacheDir), workerScript(this.#cacheDir)]);
      const deployed = this.#describe(resolved, bundle);
      const existing = this.#entries.get(resolved.name);
      if (existing !== undefined) {
        existing.deployed = deployed;
        existing.bundle = bundle;
        existing.pool.setLimit(concurrencyLimit(resolved));
        existing.pool.renew();
        return deployed;
      }
      const entry: FunctionEntry = {
        deployed,
        bundle,
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
    });
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
    const environment = await entry.pool.acquire(request.whenBusy ?? 'throttle');
    const lines: string[] = [];
    entry.collecting.set(requestId, lines);
    try {
      const result = await runInvocation(environment, entry.deployed.spec, { requestId, payload: request.payload, clientContext: request.clientContext }, {
        log: (line, id) => this.#log(entry, line, id),
        lines,
      });
      this.#printer.finished({ functionName: name, result, source, attempt: request.attempt }, request.terminalLine === 'failures');
      return result;
    } finally {
      entry.collecting.delete(requestId);
      entry.pool.release(environment);
    }
  }

  /** Bundles the function's handler again; a build error leaves the previous build serving. */
  rebuild(name: string): Promise<{ ok: true } | { ok: false; message: string }> {
    this.#entry(name);
    return this.#serially(name, async () => {
      const entry = this.#entry(name);
      let bundle: HandlerBundle;
      try {
        bundle = await bundleHandler(entry.deployed.spec, this.#cacheDir);
      } catch (error) {
        return { ok: false as const, message: (error as Error).message };
      }
      entry.bundle = bundle;
      if (bundle.codeSha256 !== entry.deployed.codeSha256) {
        entry.deployed = this.#describe(entry.deployed.spec, bundle);
        entry.pool.renew();
      }
      return { ok: true as const };
    });
  }

  /** Absolute paths of the handler's source files (installed packages left out); [] for an unknown function. */
  watchedFiles(name: string): string[] {
    const entry = this.#entries.get(name);
    return entry === undefined ? [] : sourceFiles(entry.bundle);
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

  #describe(spec: ResolvedFunctionSpec, bundle: HandlerBundle): DeployedFunction {
    return {
      spec,
      arn: this.#arn(spec.name),
      codeSha256: bundle.codeSha256,
      codeSize: bundle.codeSize,
      lastModified: new Date().toISOString().replace('Z', '+0000'),
      version: '$LATEST',
    };
  }

  #environment(entry: FunctionEntry, script: string): ExecutionEnvironment {
    if (this.#closed) throw new Error('the function runtime is closed');
    const { spec, arn } = entry.deployed;
    return new ExecutionEnvironment({
      script,
      setup: {
        moduleUrl: pathToFileURL(entry.bundle.path).href,
        exportName: parseHandler(spec.handler).exportName,
        handler: spec.handler,
        functionName: spec.name,
        functionArn: arn,
        memorySizeMB: spec.memorySizeMB,
      },
      env: (logStreamName) => lambdaVariables(spec, { region: this.#options.region, endpoint: this.#options.endpoint(), logStreamName }),
      memorySizeMB: spec.memorySizeMB,
      onLog: (line, requestId, output) => this.#log(entry, line, requestId, output),
    });
  }

  #log(entry: FunctionEntry, line: string, requestId: string | undefined, output?: HandlerOutput): void {
    entry.logs.push({ timestamp: Date.now(), requestId, message: line });
    if (requestId !== undefined) entry.collecting.get(requestId)?.push(line);
    this.#printer.line(entry.deployed.spec.name, line, output);
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
