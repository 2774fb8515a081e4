/*
 * The entry point of an execution environment (a worker thread): loads the bundled handler module once
 * (the cold start), then runs invocations one at a time as Eddy sends them. Bundled on its own by
 * worker-script.ts, because a worker cannot load TypeScript through the parent's loader.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { captureConsole, emitLog, setLogRequestId } from './worker-console.js';
import { toErrorPayload, unhandledRejectionPayload } from './error-payload.js';
import { createLambdaContext } from './lambda-context.js';
import { callHandler, type Handler } from './handler-call.js';
import { userFrames } from './stack-frames.js';
import type { ErrorPayload, InvokeMessage, WorkerMessage, WorkerSetup } from './worker-protocol.js';

process.setSourceMapsEnabled(true);
const setup = workerData as WorkerSetup;
const port = parentPort!;
const send = (message: WorkerMessage): void => port.postMessage(message);
let peakMemoryMB = 0;
// Eddy's files in a stack: this script, and the bundle's own helpers (positions that map to no source).
const eddyFiles = [import.meta.url, setup.moduleUrl];
const withoutEddy = (trace: readonly string[]): string[] => userFrames(trace, eddyFiles);
/** A thrown value as Lambda reports it, its trace showing the handler's frames and none of Eddy's. */
const errorPayload = (error: ErrorPayload): ErrorPayload => (error.trace === undefined ? error : { ...error, trace: withoutEddy(error.trace) });

captureConsole(withoutEddy);

// Lambda's runtime reports a crash outside the handler's promise as the invocation's error, then exits.
const fatal = (error: ErrorPayload, label: string): void => {
  emitLog('ERROR', `${label} \t${JSON.stringify({ errorType: error.errorType, errorMessage: error.errorMessage, stack: error.trace })}`);
  send({ type: 'fatal', error });
  process.exit(129);
};
process.on('uncaughtException', (error) => fatal(errorPayload(toErrorPayload(error)), 'Uncaught Exception'));
process.on('unhandledRejection', (reason) => fatal(errorPayload(unhandledRejectionPayload(reason)), 'Unhandled Promise Rejection'));

const handler = await loadHandler();
if (handler !== undefined) {
  port.on('message', (message: InvokeMessage) => void invoke(handler, message));
}

async function loadHandler(): Promise<Handler | undefined> {
  let module: Record<string, unknown>;
  try {
    module = (await import(setup.moduleUrl)) as Record<string, unknown>;
  } catch (error) {
    send({ type: 'ready', error: importError(error) });
    return undefined;
  }
  const commonJs = module.default as Record<string, unknown> | undefined;
  const found = module[setup.exportName] ?? (typeof commonJs === 'object' || typeof commonJs === 'function' ? commonJs?.[setup.exportName] : undefined);
  if (typeof found !== 'function') {
    const what = found === undefined ? 'is undefined or not exported' : 'is not a function';
    send({ type: 'ready', error: { errorType: 'Runtime.HandlerNotFound', errorMessage: `${setup.handler} ${what}` } });
    return undefined;
  }
  send({ type: 'ready' });
  return found as Handler;
}

/** A module that cannot load: a missing package is Runtime.ImportModuleError; an error thrown at init is itself. */
function importError(error: unknown): ErrorPayload {
  const payload = errorPayload(toErrorPayload(error));
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
    return { errorType: 'Runtime.ImportModuleError', errorMessage: `${payload.errorType}: ${payload.errorMessage}`, trace: payload.trace };
  }
  return payload;
}

async function invoke(handler: Handler, message: InvokeMessage): Promise<void> {
  setLogRequestId(message.requestId);
  let payload: string;
  let error = false;
  try {
    const event: unknown = message.payload.trim() === '' ? {} : JSON.parse(message.payload);
    const result = await callHandler(handler, event, (complete) => createLambdaContext(setup, message, complete));
    payload = JSON.stringify(result) ?? 'null';
  } catch (thrown) {
    const failure = errorPayload(toErrorPayload(thrown));
    emitLog('ERROR', `Invoke Error \t${JSON.stringify({ errorType: failure.errorType, errorMessage: failure.errorMessage, stack: failure.trace })}`);
    payload = JSON.stringify(failure);
    error = true;
  }
  const { heapTotal, external } = process.memoryUsage();
  peakMemoryMB = Math.max(peakMemoryMB, Math.ceil((heapTotal + external) / 1_048_576));
  send({ type: 'result', requestId: message.requestId, payload, error, memoryUsedMB: peakMemoryMB });
}
