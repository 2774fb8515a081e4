/** One line of a function's log, as Lambda would store it in CloudWatch Logs. */
export interface LogEntry {
  /** Epoch milliseconds. */
  timestamp: number;
  /** The invocation the line belongs to; undefined for output outside any (module initialisation). */
  requestId: string | undefined;
  message: string;
}

/** A line the handler wrote: console output with its level (INFO, WARN…), or a line on stdout / stderr (no level). */
export interface HandlerOutput {
  level?: string | undefined;
  message: string;
}

/** The last `capacity` lines of a function's log. */
export class LogBuffer {
  readonly #capacity: number;
  #entries: LogEntry[] = [];

  constructor(capacity = 1000) {
    this.#capacity = capacity;
  }

  push(entry: LogEntry): void {
    this.#entries.push(entry);
    // Trim in chunks so a busy function does not shift the array on every line.
    if (this.#entries.length >= this.#capacity * 1.5) this.#entries = this.#entries.slice(-this.#capacity);
  }

  /** The newest `limit` lines (at most the capacity), oldest first. */
  tail(limit = this.#capacity): LogEntry[] {
    const count = Math.max(0, Math.min(limit, this.#capacity));
    return count === 0 ? [] : this.#entries.slice(-count);
  }
}

export interface ReportFields {
  requestId: string;
  durationMs: number;
  billedDurationMs: number;
  memorySizeMB: number;
  maxMemoryUsedMB: number;
  /** Present on a cold start. */
  initDurationMs?: number | undefined;
  /** Lambda's newer REPORT lines add `Status: timeout` / `Status: error` and the error type on a crash. */
  status?: 'timeout' | 'error' | undefined;
  errorType?: string | undefined;
}

export const startLine = (requestId: string, version: string): string => `START RequestId: ${requestId} Version: ${version}`;

export const endLine = (requestId: string): string => `END RequestId: ${requestId}`;

export function reportLine(report: ReportFields): string {
  let line =
    `REPORT RequestId: ${report.requestId}\tDuration: ${report.durationMs.toFixed(2)} ms\t` +
    `Billed Duration: ${report.billedDurationMs} ms\tMemory Size: ${report.memorySizeMB} MB\t` +
    `Max Memory Used: ${report.maxMemoryUsedMB} MB`;
  if (report.initDurationMs !== undefined) line += `\tInit Duration: ${report.initDurationMs.toFixed(2)} ms`;
  if (report.status !== undefined) line += `\tStatus: ${report.status}`;
  if (report.errorType !== undefined) line += `\tError Type: ${report.errorType}`;
  return line;
}

/** Lambda bills each invocation rounded up to the millisecond. */
export const billedDuration = (durationMs: number): number => Math.max(1, Math.ceil(durationMs));
