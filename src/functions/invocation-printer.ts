import { isAbsolute, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LogLevel, Logger } from '../shared/logger.js';
import type { HandlerOutput } from './invocation-log.js';
import type { InvocationSource } from './invocation-source.js';
import type { InvokeResult } from './invocation-run.js';

/** How an invocation ended, for its line in the terminal. */
export interface FinishedInvocation {
  readonly functionName: string;
  readonly result: Pick<InvokeResult, 'payload' | 'functionError' | 'durationMs' | 'coldStart' | 'initDurationMs'>;
  readonly source?: InvocationSource | undefined;
  /** Counted by the caller retrying (async events, stream batches); shown from 2. */
  readonly attempt?: number | undefined;
}

/**
 * What Eddy's terminal shows of function invocations, by log level. 'debug': every line of Lambda's log
 * (START, the handler's output as Lambda formats it, errors, END, REPORT), as CloudWatch would have
 * them. 'info': the handler's own output (`[name] message`) and one line per invocation —
 * `[indexUsers] ✓ 3 records from Users stream · 12 ms`; a failure `✗` with its error and where it was
 * thrown, and a batch reporting failed items (`batchItemFailures`) `⚠`, both on `logger.warn`.
 * 'quiet': the `✗` and `⚠` lines only.
 */
export class InvocationPrinter {
  readonly #logger: Logger;
  readonly #level: LogLevel;
  readonly #cwd: string;

  constructor(logger: Logger, level: LogLevel, cwd = process.cwd()) {
    this.#logger = logger;
    this.#level = level;
    this.#cwd = cwd;
  }

  /** One line of a function's log; `output` when the handler wrote it (not a line of the runtime's own). */
  line(functionName: string, line: string, output: HandlerOutput | undefined): void {
    if (this.#level === 'debug') this.#logger.info(`[${functionName}] ${line}`);
    else if (this.#level === 'info' && output !== undefined) {
      const level = output.level === undefined || output.level === 'INFO' ? '' : `${output.level} `;
      this.#logger.info(`[${functionName}] ${level}${output.message}`);
    }
  }

  /** An invocation ended; `failuresOnly` when the caller prints its own line for it (the application port). */
  finished(invocation: FinishedInvocation, failuresOnly = false): void {
    if (this.#level === 'debug') return; // REPORT said it
    const failed = invocation.result.functionError !== undefined || reportedFailures(invocation) > 0;
    if (failed) this.#logger.warn(invocationLine(invocation, this.#cwd));
    else if (this.#level === 'info' && !failuresOnly) this.#logger.info(invocationLine(invocation, this.#cwd));
  }
}

/**
 * `[name] ✓ <source> · <duration> · cold start <init> · attempt <n>`; a failure `✗` adds the error's
 * type, the first line of its message and the handler's frame that threw, paths relative to `cwd`; a
 * batch whose response lists failed items `⚠` adds how many.
 */
export function invocationLine(invocation: FinishedInvocation, cwd: string): string {
  const { result, source } = invocation;
  const attempt = invocation.attempt ?? source?.attempt;
  const reported = reportedFailures(invocation);
  const parts: string[] = [];
  if (source !== undefined) parts.push(source.text);
  if (result.functionError !== undefined) parts.push(describeError(result.payload, cwd));
  if (reported > 0) parts.push(`${source?.count === undefined ? reported : `${reported} of ${source.count}`} reported failed`);
  parts.push(`${Math.round(result.durationMs)} ms`);
  if (result.coldStart && result.initDurationMs !== undefined) parts.push(`cold start ${Math.round(result.initDurationMs)} ms`);
  if (attempt !== undefined && attempt > 1) parts.push(`attempt ${attempt}`);
  const mark = result.functionError !== undefined ? '✗' : reported > 0 ? '⚠' : '✓';
  return `[${invocation.functionName}] ${mark} ${parts.join(' · ')}`;
}

/**
 * The items a batch's successful response reports failed (`{ batchItemFailures: [...] }`); whether the
 * mapping reads them (ReportBatchItemFailures) is the trigger's business, so a handler returning them
 * is taken at its word.
 */
function reportedFailures({ result, source }: FinishedInvocation): number {
  if (result.functionError !== undefined || source?.count === undefined || !result.payload.includes('"batchItemFailures"')) return 0;
  try {
    const failures: unknown = (JSON.parse(result.payload) as { batchItemFailures?: unknown } | null)?.batchItemFailures;
    return Array.isArray(failures) ? failures.length : 0;
  } catch {
    return 0;
  }
}

const MAX_MESSAGE = 200;

/** `TypeError: x is undefined (src/users.ts:14:9)` from Lambda's error object. */
function describeError(payload: string, cwd: string): string {
  let error: { errorType?: unknown; errorMessage?: unknown; trace?: unknown };
  try {
    error = JSON.parse(payload) as typeof error;
  } catch {
    return 'failed';
  }
  // Lambda's runtime errors name the request first (`RequestId: … Error: Task timed out after 3.00 seconds`).
  let message = String(error.errorMessage ?? '').replace(/^RequestId: \S+ Error: /, '').split('\n')[0]!;
  if (message.length > MAX_MESSAGE) message = `${message.slice(0, MAX_MESSAGE)}…`;
  const type = String(error.errorType ?? 'Error');
  const frame = Array.isArray(error.trace) ? error.trace.find((line): line is string => typeof line === 'string' && /^\s+at /.test(line)) : undefined;
  const where = frame === undefined ? '' : ` (${shortLocation(frame, cwd)})`;
  return `${message === '' ? type : `${type}: ${message}`}${where}`;
}

/** `    at handler (file:///app/src/x.ts:7:9)` → `src/x.ts:7:9` under /app. */
function shortLocation(frame: string, cwd: string): string {
  let location = /\(([^()]*)\)$/.exec(frame)?.[1] ?? frame.replace(/^\s+at (async )?/, '');
  if (location.startsWith('file://')) {
    const [, url, position] = /^(.*?)((?::\d+)*)$/.exec(location)!;
    location = fileURLToPath(url!) + position;
  }
  if (!isAbsolute(location)) return location;
  const shorter = relative(cwd, location);
  return shorter.startsWith(`..${sep}`) ? location : shorter;
}
