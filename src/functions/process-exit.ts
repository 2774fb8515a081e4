import { exitPayload } from './error-payload.js';
import type { ErrorPayload } from './worker-protocol.js';

/** How a runtime process ended: its exit code, the signal that ended it, or why it never started. */
export type ProcessExit = { code: number | null; signal: NodeJS.Signals | null } | { spawnError: Error & { code?: string } };

/**
 * Lambda's reason for a runtime that exited (its service is written in Go, whose exit errors read
 * `exit status 1` and `signal: killed`): "Runtime exited without providing a reason" for code 0.
 */
export function exitReason(exit: ProcessExit): string {
  if ('spawnError' in exit) return `Runtime exited with error: ${spawnReason(exit.spawnError)}`;
  if (exit.signal !== null) return `Runtime exited with error: signal: ${SIGNAL_TEXT[exit.signal] ?? exit.signal}`;
  return exit.code === 0 || exit.code === null ? 'Runtime exited without providing a reason' : `Runtime exited with error: exit status ${exit.code}`;
}

/** The invocation's error when its runtime process ended under it (Runtime.ExitError). */
export function processExitPayload(requestId: string, exit: ProcessExit): ErrorPayload {
  if (!('spawnError' in exit) && exit.signal === null) return exitPayload(requestId, { exitCode: exit.code ?? 0 });
  return { errorType: 'Runtime.ExitError', errorMessage: `RequestId: ${requestId} Error: ${exitReason(exit)}` };
}

/** The init error of a runtime that ended (or never started) before asking for its first invocation. */
export function initExitPayload(exit: ProcessExit): ErrorPayload {
  return { errorType: 'Runtime.ExitError', errorMessage: `Error: ${exitReason(exit)}` };
}

/** Go's text for an exec failure, e.g. `fork/exec ./bootstrap: permission denied` (Lambda's exact text unconfirmed). */
function spawnReason(error: Error & { code?: string; path?: string }): string {
  const reason = error.code === 'ENOENT' ? 'no such file or directory' : error.code === 'EACCES' ? 'permission denied' : error.message;
  return `fork/exec ${error.path ?? ''}: ${reason}`;
}

/** Go's names for the signals a runtime is most often ended by. */
const SIGNAL_TEXT: Partial<Record<NodeJS.Signals, string>> = {
  SIGKILL: 'killed',
  SIGTERM: 'terminated',
  SIGSEGV: 'segmentation fault',
  SIGABRT: 'aborted',
  SIGINT: 'interrupt',
  SIGHUP: 'hangup',
  SIGBUS: 'bus error',
  SIGFPE: 'floating point exception',
  SIGILL: 'illegal instruction',
  SIGPIPE: 'broken pipe',
  SIGQUIT: 'quit',
};
