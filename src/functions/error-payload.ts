import { types } from 'node:util';
import type { ErrorPayload } from './worker-protocol.js';

/**
 * A thrown value as Lambda's Node.js runtime reports it: an Error gives its `name`, `message` and
 * stack lines (`trace`); anything else gives its `typeof` and its string form, with an empty trace.
 */
export function toErrorPayload(error: unknown): ErrorPayload {
  try {
    if (types.isNativeError(error) || isErrorLike(error)) {
      const { name, message, stack } = error as Error;
      return { errorType: String(name), errorMessage: String(message), trace: String(stack ?? '').split('\n') };
    }
    return { errorType: typeof error, errorMessage: String(error), trace: [] };
  } catch {
    return { errorType: 'handled', errorMessage: 'the error thrown could not be read (its name, message or stack threw)' };
  }
}

/** A promise rejected with nobody listening: the reason is wrapped in Runtime.UnhandledPromiseRejection. */
export function unhandledRejectionPayload(reason: unknown): ErrorPayload {
  const inner = types.isNativeError(reason) ? `${reason.name}: ${reason.message}` : String(reason);
  const stack = types.isNativeError(reason) ? String(reason.stack ?? '').split('\n').slice(1) : [];
  return {
    errorType: 'Runtime.UnhandledPromiseRejection',
    errorMessage: inner,
    trace: [`Runtime.UnhandledPromiseRejection: ${inner}`, ...stack],
  };
}

/** Observed (2025-11): the timeout payload names the request and the configured timeout with two decimals. */
export function timeoutPayload(requestId: string, timeoutSeconds: number): ErrorPayload {
  return { errorType: 'Sandbox.Timedout', errorMessage: `RequestId: ${requestId} Error: ${timeoutMessage(timeoutSeconds)}` };
}

export const timeoutMessage = (timeoutSeconds: number): string => `Task timed out after ${timeoutSeconds.toFixed(2)} seconds`;

/**
 * The runtime process ended during the invocation (`process.exit`, or out of memory). Exit code 0 reads
 * "without providing a reason"; other codes "exit status N" (both observed). Out of memory: Lambda
 * reports Runtime.OutOfMemory with the kill signal (the message is unconfirmed).
 */
export function exitPayload(requestId: string, exit: { exitCode: number } | { outOfMemory: true }): ErrorPayload {
  if ('outOfMemory' in exit) {
    return { errorType: 'Runtime.OutOfMemory', errorMessage: `RequestId: ${requestId} Error: Runtime exited with error: signal: killed` };
  }
  const reason = exit.exitCode === 0 ? 'Runtime exited without providing a reason' : `Runtime exited with error: exit status ${exit.exitCode}`;
  return { errorType: 'Runtime.ExitError', errorMessage: `RequestId: ${requestId} Error: ${reason}` };
}

function isErrorLike(value: unknown): boolean {
  return typeof value === 'object' && value !== null && 'message' in value && 'name' in value && 'stack' in value;
}
