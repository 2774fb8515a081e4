/*
 * Messages between Eddy and an execution environment (a worker thread). One invocation at a time per
 * worker; console output travels on the same port as the result, so every line a handler logged
 * before returning arrives before its result.
 */

/** Lambda's error object, as the Node.js runtime puts it in the response payload. */
export interface ErrorPayload {
  errorType: string;
  errorMessage: string;
  trace?: string[];
}

/** Fixed for the worker's life (a redeploy starts new workers). */
export interface WorkerSetup {
  /** file: URL of the bundled handler module. */
  moduleUrl: string;
  exportName: string;
  /** The handler setting as configured, for error messages (`src/users.ts#handler`). */
  handler: string;
  /** The function the handler is told it is (its Lambda name, not a runtime name of Eddy's). */
  functionName: string;
  /** `$LATEST` or a published version's number. */
  functionVersion: string;
  /** The ARN invocations name when the caller gives none. */
  functionArn: string;
  memorySizeMB: number;
  logStreamName: string;
}

export interface InvokeMessage {
  type: 'invoke';
  requestId: string;
  /** The event as JSON text ('' is an empty event, `{}`). */
  payload: string;
  /** Epoch milliseconds the invocation times out at (for getRemainingTimeInMillis). */
  deadline: number;
  /** The client context as the caller gave it (JSON text or base64 of it). */
  clientContext: string | undefined;
  /** The ARN the caller invoked (qualified when it named a version or an alias); unset: the setup's. */
  invokedFunctionArn?: string;
}

export type WorkerMessage =
  /** The module loaded (or failed to: `error`, and the worker should be discarded). */
  | { type: 'ready'; error?: ErrorPayload }
  /** A line of the function's log; `output` when the handler's console wrote it (not the runtime's own error lines). */
  | { type: 'log'; line: string; output?: { level: string; message: string } }
  | { type: 'result'; requestId: string; payload: string; error: boolean; memoryUsedMB: number }
  /** An uncaught exception or unhandled rejection: the worker exits right after. */
  | { type: 'fatal'; error: ErrorPayload };
