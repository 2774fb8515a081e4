import { fileURLToPath } from 'node:url';
import type { ResolvedFunctionSpec } from './function-spec.js';
import type { HandlerBundle } from './handler-bundler.js';
import type { HandlerOutput } from './invocation-log.js';
import type { Environment, EnvironmentInvocation, InvocationOutcome } from './environment.js';
import { ProcessEnvironment, type ProcessEnvironmentOptions } from './process-environment.js';
import type { ErrorPayload } from './worker-protocol.js';

/**
 * Eddy's Node.js bootstrap (runtimes/node, shipped in the package): the Runtime API loop that imports
 * the handler's bundle and runs it as a worker thread would. The same relative path holds from
 * src/functions (tests) and dist/functions (the package).
 */
export const NODE_BOOTSTRAP = fileURLToPath(new URL('../../runtimes/node/eddy_bootstrap.mjs', import.meta.url));

/** What every process environment of a function is given, whatever its runtime. */
export type ProcessSettings = Omit<ProcessEnvironmentOptions, 'command' | 'args'>;

/**
 * An environment for a Node.js function with `isolation: 'process'`: Eddy's own Node
 * (`process.execPath`) on the bootstrap, told which bundle and export to load (the bundle a worker
 * would import, so a rebuild reaches the environments started after it), its heap capped at the
 * function's memory as a worker's is. Its log lines come back as a worker's do ({@link nodeProcessLine}).
 */
export function nodeProcessEnvironment(spec: ResolvedFunctionSpec, bundle: HandlerBundle, settings: ProcessSettings): Environment {
  return new NodeProcessEnvironment(spec, bundle, settings);
}

/**
 * A crash outside the handler's promise (an exception in a timer, an unhandled rejection) is, as in a
 * worker, the invocation's error and the end of the environment: the bootstrap logs it, posts it and
 * exits. Its log line (written before the post, so read before the answer is) takes the environment out
 * of the pool at once, so no invocation is handed to a process on its way out, and makes the outcome
 * the crash a worker's is (REPORT `Status: error`, `Error Type: Runtime.ExitError`).
 */
class NodeProcessEnvironment implements Environment {
  readonly #process: ProcessEnvironment;
  #exiting = false;

  constructor(spec: ResolvedFunctionSpec, bundle: HandlerBundle, settings: ProcessSettings) {
    this.#process = new ProcessEnvironment({
      ...settings,
      command: process.execPath,
      args: [`--max-old-space-size=${spec.memorySizeMB}`, NODE_BOOTSTRAP],
      env: (logStreamName) => ({ ...settings.env(logStreamName), EDDY_HANDLER_BUNDLE: bundle.path, EDDY_HANDLER_EXPORT: bundle.exportName }),
      onLog: (line, requestId) => {
        const parsed = nodeProcessLine(line);
        if (parsed.fatal) this.#exiting = true;
        settings.onLog(parsed.line, requestId, parsed.output);
      },
    });
  }

  get alive(): boolean {
    return this.#process.alive && !this.#exiting;
  }

  get logStreamName(): string {
    return this.#process.logStreamName;
  }

  get initDurationMs(): number | undefined {
    return this.#process.initDurationMs;
  }

  get invocations(): number {
    return this.#process.invocations;
  }

  get memoryUsedMB(): number {
    return this.#process.memoryUsedMB;
  }

  async invoke(message: EnvironmentInvocation, timeoutSeconds: number): Promise<{ outcome: InvocationOutcome; durationMs: number }> {
    const ran = await this.#process.invoke(message, timeoutSeconds);
    if (!this.#exiting || ran.outcome.kind !== 'error') return ran;
    return { ...ran, outcome: { kind: 'crash', error: JSON.parse(ran.outcome.payload) as ErrorPayload, exitError: false } };
  }

  terminate(): Promise<void> {
    return this.#process.terminate();
  }
}

const LAMBDA_LINE = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z\t[^\t]*\t)([A-Z]+)\t(.*)$/s;
/** The bootstrap's own error lines (as worker-main.ts's): the runtime's, not the handler's output. */
const RUNTIME_LINE = /^(Invoke Error|Uncaught Exception|Unhandled Promise Rejection) \t\{/;
/** The lines it writes before it exits (see NodeProcessEnvironment). */
const FATAL_LINE = /^(Uncaught Exception|Unhandled Promise Rejection) \t\{/;

/**
 * A line the bootstrap wrote, as the worker path logs it: Lambda's `time\trequest id\tLEVEL\tmessage`
 * with the message's newlines back (the bootstrap writes them as \r, one line per message, as Lambda's
 * runtime does), the handler's console output with its level, the runtime's error lines as no output
 * of the handler's, anything else written to stdout or stderr as it is.
 */
export function nodeProcessLine(line: string): { line: string; output: HandlerOutput | undefined; fatal: boolean } {
  const match = LAMBDA_LINE.exec(line);
  if (match === null) return { line, output: { message: line }, fatal: false };
  const [, prefix, level, raw] = match as unknown as [string, string, string, string];
  const message = raw.replaceAll('\r', '\n');
  const runtimeLine = level === 'ERROR' && RUNTIME_LINE.test(message);
  return { line: `${prefix}${level}\t${message}`, output: runtimeLine ? undefined : { level, message }, fatal: runtimeLine && FATAL_LINE.test(message) };
}
