/**
 * Why an invocation of a batch counts as failed, as a mapping's status shows it. Only for reporting:
 * retries, bisecting and checkpoints never look at it (on AWS a partial batch failure is not a
 * function error, yet the batch is still being retried, so a user wants to see it).
 */
export type BatchFailure =
  /** The handler threw, or its runtime ended. */
  | { readonly kind: 'function-error'; readonly errorType: string; readonly errorMessage: string }
  /** The invocation ran past the function's timeout (Lambda's `Sandbox.Timedout`). */
  | { readonly kind: 'timeout'; readonly timeoutSeconds: number; readonly errorMessage: string }
  /**
   * ReportBatchItemFailures named these items as failed (SequenceNumbers for streams, message ids for
   * queues), in the order reported, out of `batchSize` delivered.
   */
  | { readonly kind: 'partial-batch-failure'; readonly failedItems: readonly string[]; readonly batchSize: number }
  /** The result could not be read as the mapping needs it (a malformed batchItemFailures, a tumbling window's missing state). */
  | { readonly kind: 'invalid-response'; readonly reason: string };

/** Observed: `Task timed out after 3.00 seconds` (see functions/error-payload.ts). */
const TIMEOUT_MESSAGE = /Task timed out after (\d+(?:\.\d+)?) seconds/;

/** The failure of an invocation that returned a function error, from its error payload. */
export function functionFailure(payload: string, functionError: string): BatchFailure {
  let errorType = functionError;
  let errorMessage = '';
  try {
    const parsed = JSON.parse(payload) as { errorType?: unknown; errorMessage?: unknown } | null;
    if (typeof parsed?.errorType === 'string') errorType = parsed.errorType;
    if (typeof parsed?.errorMessage === 'string') errorMessage = parsed.errorMessage;
  } catch {
    // not JSON: the function error's name is all there is
  }
  const timeout = errorType === 'Sandbox.Timedout' ? TIMEOUT_MESSAGE.exec(errorMessage) : null;
  if (timeout) return { kind: 'timeout', timeoutSeconds: Number(timeout[1]), errorMessage };
  return { kind: 'function-error', errorType, errorMessage };
}

/**
 * A function error or timeout as `errorType: errorMessage` (what the status called `lastError` before
 * it knew other kinds); undefined for the other kinds.
 */
export function errorText(failure: BatchFailure): string | undefined {
  if (failure.kind === 'timeout') return `Sandbox.Timedout: ${failure.errorMessage}`;
  if (failure.kind !== 'function-error') return undefined;
  return failure.errorMessage === '' ? failure.errorType : `${failure.errorType}: ${failure.errorMessage}`;
}
