import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { PooledEnvironment } from './environment-pool.js';
import type { ErrorPayload, InvokeMessage } from './worker-protocol.js';

/** How an invocation ended, before it is dressed as Lambda's result. */
export type InvocationOutcome =
  | { kind: 'success' | 'error'; payload: string }
  | { kind: 'init-error'; error: ErrorPayload }
  | { kind: 'timeout'; error: ErrorPayload }
  | { kind: 'crash'; error: ErrorPayload; exitError: boolean };

/** One invocation as an environment receives it: the event as JSON text ('' is an empty event). */
export type EnvironmentInvocation = Omit<InvokeMessage, 'type' | 'deadline'>;

/**
 * One execution environment, whatever runs the handler (a worker thread, a process serving the
 * Runtime API): it loads the code once and runs invocations one at a time. A timeout or a crash ends
 * it; `alive` turns false and the pool starts a new one.
 */
export interface Environment extends PooledEnvironment {
  readonly logStreamName: string;
  /** Milliseconds the runtime took to initialise, once it has. */
  readonly initDurationMs: number | undefined;
  /** Invocations handed to it so far (0 before the first: a cold start). */
  readonly invocations: number;
  /** Peak memory seen, in MB (0 when unknown). */
  readonly memoryUsedMB: number;
  /**
   * Runs one invocation; the first one waits for init. `durationMs` counts from the moment the event
   * is handed to the handler. Never rejects.
   */
  invoke(message: EnvironmentInvocation, timeoutSeconds: number): Promise<{ outcome: InvocationOutcome; durationMs: number }>;
}

/** Lambda gives a cold start up to 10 seconds to initialise. */
export const INIT_LIMIT_MS = 10_000;

/** `YYYY/MM/DD/[$LATEST]<32 hex>` (`[3]` for version 3), one per environment, as Lambda names log streams. */
export function logStreamName(now: Date, version: string): string {
  const date = now.toISOString().slice(0, 10).replaceAll('-', '/');
  return `${date}/[${version}]${randomBytes(16).toString('hex')}`;
}

/**
 * What every environment's `invoke` does around running the handler: the first invocation waits for init
 * (`ready`: its error, or undefined); an init error ends the environment and is the outcome; an environment
 * already gone is a crash (`goneError`); otherwise `run` hands the event over, and `durationMs` counts from then.
 */
export async function invokeWhenReady(
  environment: Pick<Environment, 'alive' | 'terminate'>,
  ready: Promise<ErrorPayload | undefined>,
  goneError: () => ErrorPayload,
  run: () => Promise<InvocationOutcome>,
): Promise<{ outcome: InvocationOutcome; durationMs: number }> {
  const initError = await ready;
  if (initError !== undefined) {
    void environment.terminate();
    return { outcome: { kind: 'init-error', error: initError }, durationMs: 0 };
  }
  if (!environment.alive) return { outcome: { kind: 'crash', error: goneError(), exitError: true }, durationMs: 0 };
  const started = performance.now();
  const outcome = await run();
  return { outcome, durationMs: performance.now() - started };
}
