/*
 * The Runtime API's own error answers, as AWS's runtime interface emulator renders them
 * (SEMANTICS.md G.1): a JSON body `{"errorMessage","errorType"}` with the status below.
 */

/** 6 MB and 100 bytes: the largest response a runtime may post ("… (6291556 bytes)"). */
export const MAX_RESPONSE_BYTES = 6 * 1024 * 1024 + 100;

export interface RuntimeApiError {
  status: number;
  errorType: string;
  errorMessage: string;
}

export const internalServerError: RuntimeApiError = { status: 500, errorType: 'InternalServerError', errorMessage: 'Internal Server Error' };

/** The id is not the invocation in flight, or that invocation was already answered. */
export const invalidRequestId: RuntimeApiError = { status: 400, errorType: 'InvalidRequestID', errorMessage: 'Invalid request ID' };

export const requestEntityTooLarge: RuntimeApiError = {
  status: 413,
  errorType: 'RequestEntityTooLarge',
  errorMessage: `Exceeded maximum allowed payload size (${MAX_RESPONSE_BYTES} bytes).`,
};

/** The runtime's states, named as the emulator names them in its transition errors. */
export type RuntimeState = 'Started' | 'Ready' | 'Running' | 'InvocationResponse' | 'InvocationErrorResponse' | 'RuntimeResponseSentState' | 'InitError';

/** e.g. `/init/error` once init is over: "State transition from Running to InitError failed for runtime. …". */
export function invalidStateTransition(from: RuntimeState, to: RuntimeState): RuntimeApiError {
  return {
    status: 403,
    errorType: 'InvalidStateTransition',
    errorMessage: `State transition from ${from} to ${to} failed for runtime. Error: State transition is not allowed`,
  };
}

/** What the caller of an invocation gets when the runtime's response was over the limit (observed). */
export const responseSizeTooLarge = {
  errorMessage: `Response payload size exceeded maximum allowed payload size (${MAX_RESPONSE_BYTES} bytes).`,
  errorType: 'Function.ResponseSizeTooLarge',
};

/**
 * The emulator keeps a Lambda-Runtime-Function-Error-Type that reads `Runtime.Xxx` or `Function.Xxx`
 * and replaces anything else by `Runtime.Unknown` or `Function.Unknown`.
 */
export function validErrorType(header: string | undefined): string {
  if (header !== undefined && /^(Runtime|Function)\.[A-Z][a-zA-Z]+$/.test(header)) return header;
  return header?.startsWith('Runtime.') ? 'Runtime.Unknown' : 'Function.Unknown';
}
