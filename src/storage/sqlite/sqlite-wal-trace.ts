import { appendFileSync } from 'node:fs';

/**
 * An opt-in trace of the writer's WAL, for attributing write latency (bench/request-tails.mjs --attribute):
 * with EDDY_WAL_TRACE=<file> in the environment, the group commit, the checkpointer and the WAL flushes write
 * one line per event to that file, each stamped in epoch milliseconds (`performance.timeOrigin +
 * performance.now()`, comparable across processes on one machine):
 *
 *   commit <start> <ms> <units>        a group commit: BEGIN to COMMIT and the checkpointer's look at the WAL
 *   hold <start> <ms>                  the checkpointer held the group commit
 *   pass <start> <ms> <kind> <log> <checkpointed>   a checkpoint pass on the worker (kind: pass, last, left over)
 *   flush <start> <ms>                 an fdatasync of the WAL that acknowledged writes waited for
 *
 * Without the variable `walTrace` is undefined and each call site costs one comparison. Lines are kept in
 * memory and appended to the file in blocks of BLOCK lines (one write every second or so at 2,000 commits a
 * second) and when the WAL closes.
 */
export interface WalTrace {
  event(kind: 'commit' | 'hold' | 'pass' | 'flush', startMs: number, ...fields: (string | number)[]): void;
  /** Appends the lines still in memory to the file. */
  write(): void;
}

const BLOCK = 2000;

/** Now in epoch milliseconds, as the trace stamps events. */
export function traceNow(): number {
  return performance.timeOrigin + performance.now();
}

function openTrace(file: string): WalTrace {
  let lines: string[] = [];
  const write = (): void => {
    if (lines.length === 0) return;
    const text = `${lines.join('\n')}\n`;
    lines = [];
    try {
      appendFileSync(file, text);
    } catch {
      // a trace that cannot be written is not worth failing a write for
    }
  };
  process.once('exit', write);
  return {
    event(kind, startMs, ...fields) {
      lines.push(`${kind} ${startMs.toFixed(3)} ${(traceNow() - startMs).toFixed(3)}${fields.length > 0 ? ` ${fields.join(' ')}` : ''}`);
      if (lines.length >= BLOCK) write();
    },
    write,
  };
}

const file = process.env.EDDY_WAL_TRACE;
export const walTrace: WalTrace | undefined = file === undefined || file === '' ? undefined : openTrace(file);
