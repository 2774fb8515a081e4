import type { FunctionRuntime } from '../../functions/function-runtime.js';
import type { Deployment } from '../../shared/arns.js';
import type { InvokeOutcome } from '../../triggers/batch-processor.js';
import { mappingRuntime, type QualifiedRuntimeName } from '../../triggers/mapping-function.js';
import type { PipeTarget } from '../pipe-endpoints.js';

/** How a pipe reaches functions: synchronous invocations (enrichment, REQUEST_RESPONSE) and stored asynchronous events (FIRE_AND_FORGET). */
export interface PipeFunctions {
  readonly runtime: Pick<FunctionRuntime, 'invoke'>;
  /** What a version or an alias runs now (functions created through the Lambda API). */
  readonly qualified?: QualifiedRuntimeName;
  /** Stores an asynchronous invocation; resolves with its request id once durable. */
  enqueue(functionName: string, payload: string, qualifier?: string): Promise<string>;
}

/** A function call as the batch loop reads its outcome; rejects when it never reached the function (retried without counting). */
export type FunctionCall = (payload: string, attempt: number) => Promise<InvokeOutcome>;

/**
 * Calls a pipe's function (SEMANTICS C.10.2): synchronously for an enrichment and for REQUEST_RESPONSE
 * (the default; waiting while the function is busy, as a trigger does), or FIRE_AND_FORGET as a stored
 * asynchronous event, which succeeds once stored.
 */
export function functionCall(functions: PipeFunctions, d: Deployment, fn: Extract<PipeTarget, { kind: 'function' }>, invocationType = 'REQUEST_RESPONSE'): FunctionCall {
  if (invocationType === 'FIRE_AND_FORGET') {
    return async (payload) => ({ requestId: await functions.enqueue(fn.name, payload, fn.qualifier), payload: '' });
  }
  const runtime = mappingRuntime(functions.runtime, d, fn.qualifier, functions.qualified);
  return async (payload, attempt) => {
    const result = await runtime.invoke(fn.name, { payload, whenBusy: 'wait', attempt });
    return { requestId: result.requestId, payload: result.payload, ...(result.functionError !== undefined && { functionError: result.functionError }) };
  };
}
