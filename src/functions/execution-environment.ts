import { performance } from 'node:perf_hooks';
import type { Worker } from 'node:worker_threads';
import { exitPayload, timeoutPayload } from './error-payload.js';
import { INIT_LIMIT_MS, invokeWhenReady, logStreamName, type Environment, type EnvironmentInvocation, type InvocationOutcome } from './environment.js';
import type { HandlerOutput } from './invocation-log.js';
import type { ErrorPayload, InvokeMessage, WorkerMessage, WorkerSetup } from './worker-protocol.js';
import { readline, workerThreads } from '../shared/node-builtins.js';

export type { InvocationOutcome } from './environment.js';

export interface EnvironmentOptions {
  script: string;
  setup: Omit<WorkerSetup, 'logStreamName'>;
  env: (logStreamName: string) => Record<string, string>;
  memorySizeMB: number;
  /**
   * Every log line the environment produces, with the request it belongs to (undefined during init);
   * `output` for the handler's own (its console, or stdout and stderr).
   */
  onLog: (line: string, requestId: string | undefined, output?: HandlerOutput) => void;
}

/**
 * One execution environment: a worker thread that loads the handler once and runs invocations one at a
 * time. A timeout or a crash ends the worker; `alive` turns false and the pool starts a new one.
 */
export class ExecutionEnvironment implements Environment {
  readonly logStreamName: string;
  /** Milliseconds the module took to load, once it has. */
  initDurationMs: number | undefined;
  invocations = 0;
  #worker: Worker;
  #alive = true;
  #ready: Promise<ErrorPayload | undefined>;
  #current: { requestId: string; settle: (outcome: InvocationOutcome) => void } | undefined;
  #fatal: ErrorPayload | undefined;
  #outOfMemory = false;
  #memoryUsedMB = 0;
  #onLog: EnvironmentOptions['onLog'];
  #exited: Promise<void>;

  constructor(options: EnvironmentOptions) {
    this.logStreamName = logStreamName(new Date(), options.setup.functionVersion);
    this.#onLog = options.onLog;
    const started = performance.now();
    this.#worker = new (workerThreads().Worker)(options.script, {
      workerData: { ...options.setup, logStreamName: this.logStreamName } satisfies WorkerSetup,
      env: options.env(this.logStreamName),
      execArgv: [],
      stdout: true,
      stderr: true,
      resourceLimits: { maxOldGenerationSizeMb: options.memorySizeMB },
    });
    for (const stream of [this.#worker.stdout, this.#worker.stderr]) {
      readline().createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => this.#onLog(line, this.#current?.requestId, { message: line }));
    }
    let markReady: (error: ErrorPayload | undefined) => void = () => {};
    this.#ready = new Promise((resolve) => (markReady = resolve));
    const initTimer = setTimeout(() => markReady({ errorType: 'Runtime.InitTimeout', errorMessage: `Init phase exceeded ${INIT_LIMIT_MS / 1000} seconds` }), INIT_LIMIT_MS);
    this.#worker.on('message', (message: WorkerMessage) => {
      switch (message.type) {
        case 'ready':
          clearTimeout(initTimer);
          this.initDurationMs = performance.now() - started;
          markReady(message.error);
          break;
        case 'log':
          this.#onLog(message.line, this.#current?.requestId, message.output);
          break;
        case 'result':
          this.#memoryUsedMB = message.memoryUsedMB;
          this.#finish({ kind: message.error ? 'error' : 'success', payload: message.payload });
          break;
        case 'fatal':
          this.#fatal = message.error;
          break;
      }
    });
    this.#worker.on('error', (error: Error & { code?: string }) => {
      if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') {
        this.#outOfMemory = true;
        this.#memoryUsedMB = options.memorySizeMB;
      }
      else this.#fatal ??= { errorType: error.name, errorMessage: error.message, trace: String(error.stack ?? '').split('\n') };
    });
    this.#exited = new Promise((resolve) => {
      this.#worker.once('exit', (exitCode) => {
        this.#alive = false;
        clearTimeout(initTimer);
        markReady(this.#fatal ?? { errorType: 'Runtime.ExitError', errorMessage: `Error: Runtime exited with error: exit status ${exitCode}` });
        const current = this.#current;
        if (current !== undefined) {
          const error = this.#fatal ?? exitPayload(current.requestId, this.#outOfMemory ? { outOfMemory: true } : { exitCode });
          this.#finish({ kind: 'crash', error, exitError: this.#fatal === undefined });
        }
        resolve();
      });
    });
  }

  get alive(): boolean {
    return this.#alive;
  }

  /** Peak memory seen by the environment, in MB (the isolate's heap and external memory). */
  get memoryUsedMB(): number {
    return this.#memoryUsedMB;
  }

  /**
   * Runs one invocation; the first one waits for the module to load. `durationMs` counts from the
   * moment the event is handed to the handler. Never rejects.
   */
  async invoke(message: EnvironmentInvocation, timeoutSeconds: number): Promise<{ outcome: InvocationOutcome; durationMs: number }> {
    this.invocations++;
    return invokeWhenReady(this, this.#ready, () => exitPayload(message.requestId, { exitCode: 0 }), () => this.#run(message, timeoutSeconds));
  }

  #run(message: EnvironmentInvocation, timeoutSeconds: number): Promise<InvocationOutcome> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#finish({ kind: 'timeout', error: timeoutPayload(message.requestId, timeoutSeconds) });
        void this.terminate();
      }, timeoutSeconds * 1000);
      this.#current = {
        requestId: message.requestId,
        settle: (outcome) => {
          clearTimeout(timer);
          resolve(outcome);
        },
      };
      const deadline = Date.now() + timeoutSeconds * 1000;
      this.#worker.postMessage({ type: 'invoke', ...message, deadline } satisfies InvokeMessage);
    });
  }

  /** Ends the worker (an invocation in progress ends as a crash); resolves once it has exited. */
  async terminate(): Promise<void> {
    if (this.#alive) {
      this.#alive = false;
      void this.#worker.terminate();
    }
    await this.#exited;
  }

  #finish(outcome: InvocationOutcome): void {
    const current = this.#current;
    this.#current = undefined;
    current?.settle(outcome);
  }
}
