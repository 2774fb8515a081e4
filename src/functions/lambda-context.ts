import type { InvokeMessage, WorkerSetup } from './worker-protocol.js';

/** The `context` a handler receives (Lambda's Node.js context object). */
export interface LambdaContext {
  awsRequestId: string;
  functionName: string;
  functionVersion: string;
  invokedFunctionArn: string;
  /** A string, as the Node.js runtime gives it. */
  memoryLimitInMB: string;
  logGroupName: string;
  logStreamName: string;
  clientContext: unknown;
  identity: undefined;
  callbackWaitsForEmptyEventLoop: boolean;
  getRemainingTimeInMillis(): number;
  /** Legacy completion helpers, kept by the Node.js runtime. */
  done(error?: unknown, result?: unknown): void;
  succeed(result?: unknown): void;
  fail(error?: unknown): void;
}

export type Completion = (error: unknown, result?: unknown) => void;

export function createLambdaContext(setup: WorkerSetup, message: InvokeMessage, complete: Completion): LambdaContext {
  return {
    awsRequestId: message.requestId,
    functionName: setup.functionName,
    functionVersion: setup.functionVersion,
    invokedFunctionArn: message.invokedFunctionArn ?? setup.functionArn,
    memoryLimitInMB: String(setup.memorySizeMB),
    logGroupName: `/aws/lambda/${setup.functionName}`,
    logStreamName: setup.logStreamName,
    clientContext: message.clientContext === undefined ? undefined : parseClientContext(message.clientContext),
    identity: undefined,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, message.deadline - Date.now()),
    done: (error, result) => complete(error ?? null, result),
    succeed: (result) => complete(null, result),
    fail: (error) => complete(error ?? 'handled'),
  };
}

/** The client context as JSON text, or base64 of it as the X-Amz-Client-Context header carries it. */
function parseClientContext(text: string): unknown {
  for (const candidate of [text, Buffer.from(text, 'base64').toString('utf8')]) {
    try {
      return JSON.parse(candidate);
    } catch {
      // try the next form
    }
  }
  return undefined;
}
