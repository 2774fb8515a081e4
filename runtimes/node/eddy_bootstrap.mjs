/*
 * Eddy's Lambda runtime for Node.js handlers that run as a process (`isolation: 'process'`): the
 * Runtime API loop, as Lambda's Node.js runtime interface client runs it.
 *
 * Started by Eddy as `node eddy_bootstrap.mjs` in the function's code directory, with Lambda's
 * environment (`_HANDLER`, `AWS_LAMBDA_RUNTIME_API`, ...) and two variables of Eddy's, removed before
 * the handler loads: EDDY_HANDLER_BUNDLE, the handler bundled by esbuild (the very file a worker thread
 * imports), and EDDY_HANDLER_EXPORT, the export to call. What a handler sees — its context, its errors,
 * its log lines — is what src/functions/worker-main.ts gives it in a worker thread
 * (src/functions/node-process-runtime.test.ts holds the two side by side). Node's standard library only.
 */
import { Agent, request } from 'node:http';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { format, types } from 'node:util';

process.setSourceMapsEnabled(true);
const bundle = process.env.EDDY_HANDLER_BUNDLE ?? '';
const exportName = process.env.EDDY_HANDLER_EXPORT || 'handler';
delete process.env.EDDY_HANDLER_BUNDLE;
delete process.env.EDDY_HANDLER_EXPORT;
const moduleUrl = pathToFileURL(bundle).href;
const [host, port] = splitAddress(process.env.AWS_LAMBDA_RUNTIME_API ?? '');
// Read before the handler may change process.env: the context reports what Lambda set.
const identity = {
  handler: process.env._HANDLER ?? '',
  functionName: process.env.AWS_LAMBDA_FUNCTION_NAME ?? '',
  functionVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION ?? '$LATEST',
  memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE ?? '128',
  logStreamName: process.env.AWS_LAMBDA_LOG_STREAM_NAME ?? '',
};

// ---- The Runtime API: one keep-alive connection, no timeouts (`/next` waits as long as the environment idles).

const agent = new Agent({ keepAlive: true, maxSockets: 1 });

function splitAddress(address) {
  const colon = address.lastIndexOf(':');
  return [address.slice(0, colon), Number(address.slice(colon + 1))];
}

function call(method, path, body = '', headers = {}) {
  return new Promise((resolve) => {
    const data = Buffer.from(body, 'utf8');
    const req = request({ host, port, agent, method, path: `/2018-06-01/runtime/${path}`, headers: { 'Content-Length': data.length, ...headers } }, (res) => {
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', gone);
    });
    req.on('error', gone);
    req.end(data);
  });
}

/** Eddy went away (or replaced this environment): nothing left to serve. */
function gone(error) {
  process.stderr.write(`eddy bootstrap: the Runtime API is unreachable (${error.message}), exiting\n`);
  process.exit(1);
}

async function post(path, body, headers = {}) {
  const answer = await call('POST', path, body, { 'Content-Type': 'application/json', ...headers });
  // e.g. 413 for a response over 6 MB: the caller already has Lambda's error for it.
  if (answer.status !== 202) process.stderr.write(`eddy bootstrap: ${path} answered ${answer.status}: ${answer.body}\n`);
}

// ---- Log lines: Lambda's text format on stdout, a message's own newlines as \r (one line per message, as
// Lambda's runtime writes them; Eddy turns them back into newlines).

let requestId;

const logLine = (level, message) => `${new Date().toISOString()}\t${requestId}\t${level}\t${message.replaceAll('\n', '\r')}\n`;
const emitLog = (level, message) => process.stdout.write(logLine(level, message));

for (const [method, level] of [['log', 'INFO'], ['info', 'INFO'], ['warn', 'WARN'], ['error', 'ERROR'], ['debug', 'DEBUG']]) {
  Object.defineProperty(console, method, { value: (...args) => emitLog(level, format(...args)), writable: true, configurable: true });
}
Object.defineProperty(console, 'trace', {
  value: (...args) => emitLog('TRACE', `Trace: ${format(...args)}\n${withoutEddy(String(new Error().stack ?? '').split('\n').slice(2)).join('\n')}`),
  writable: true,
  configurable: true,
});

// ---- Errors, as Lambda's Node.js runtime reports them (src/functions/error-payload.ts, stack-frames.ts).

function toErrorPayload(error) {
  try {
    if (types.isNativeError(error) || (typeof error === 'object' && error !== null && 'message' in error && 'name' in error && 'stack' in error)) {
      return { errorType: String(error.name), errorMessage: String(error.message), trace: String(error.stack ?? '').split('\n') };
    }
    return { errorType: typeof error, errorMessage: String(error), trace: [] };
  } catch {
    return { errorType: 'handled', errorMessage: 'the error thrown could not be read (its name, message or stack threw)' };
  }
}

function unhandledRejectionPayload(reason) {
  const inner = types.isNativeError(reason) ? `${reason.name}: ${reason.message}` : String(reason);
  const stack = types.isNativeError(reason) ? String(reason.stack ?? '').split('\n').slice(1) : [];
  return { errorType: 'Runtime.UnhandledPromiseRejection', errorMessage: inner, trace: [`Runtime.UnhandledPromiseRejection: ${inner}`, ...stack] };
}

// Eddy's files in a stack: this script, and the bundle's own helpers (positions that map to no source).
const eddyFiles = [import.meta.url, fileURLToPath(import.meta.url), moduleUrl, bundle];

/** The message lines and the handler's frames: none of Eddy's, nothing below the handler's last frame. */
function withoutEddy(trace) {
  const isEddy = (line) => eddyFiles.some((name) => line.includes(`(${name}:`) || line.includes(` ${name}:`));
  const isUser = (line) => {
    const location = /\(([^()]*)\)$/.exec(line)?.[1] ?? line.replace(/^\s+at (async )?/, '');
    return /:\d+:\d+$/.test(location) && !location.startsWith('node:');
  };
  const kinds = trace.map((line) => (/^\s+at /.test(line) ? (isEddy(line) ? 'eddy' : isUser(line) ? 'user' : 'other') : 'message'));
  if (!kinds.includes('eddy')) return [...trace];
  const lastUser = kinds.lastIndexOf('user');
  return trace.filter((_, i) => kinds[i] === 'message' || (kinds[i] !== 'eddy' && i <= lastUser));
}

const errorPayload = (error) => (error.trace === undefined ? error : { ...error, trace: withoutEddy(error.trace) });
const errorLog = (label, error) => `${label} \t${JSON.stringify({ errorType: error.errorType, errorMessage: error.errorMessage, stack: error.trace })}`;

// ---- A crash outside the handler's promise: the invocation's error (or init's), then the runtime exits.

let current; // the request id of the invocation running
let initialising = true;
let exiting = false;

async function fatal(error, label) {
  // A second crash while the first is being posted changes nothing: the runtime is on its way out.
  if (exiting) return;
  exiting = true;
  emitLog('ERROR', errorLog(label, error));
  if (current !== undefined) await post(`invocation/${encodeURIComponent(current)}/error`, JSON.stringify(error), { 'Lambda-Runtime-Function-Error-Type': error.errorType });
  else if (initialising) await post('init/error', JSON.stringify(error), { 'Lambda-Runtime-Function-Error-Type': error.errorType });
  process.exit(129);
}
process.on('uncaughtException', (error) => void fatal(errorPayload(toErrorPayload(error)), 'Uncaught Exception'));
process.on('unhandledRejection', (reason) => void fatal(errorPayload(unhandledRejectionPayload(reason)), 'Unhandled Promise Rejection'));

// ---- Init: the handler module, once.

async function loadHandler() {
  let module;
  try {
    module = await import(moduleUrl);
  } catch (error) {
    return { error: importError(error) };
  }
  const commonJs = module.default;
  const found = module[exportName] ?? (typeof commonJs === 'object' || typeof commonJs === 'function' ? commonJs?.[exportName] : undefined);
  if (typeof found !== 'function') {
    const what = found === undefined ? 'is undefined or not exported' : 'is not a function';
    return { error: { errorType: 'Runtime.HandlerNotFound', errorMessage: `${identity.handler} ${what}` } };
  }
  return { handler: found };
}

/** A missing package is Runtime.ImportModuleError; an error thrown at init is itself. */
function importError(error) {
  const payload = errorPayload(toErrorPayload(error));
  const code = error?.code;
  if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
    return { errorType: 'Runtime.ImportModuleError', errorMessage: `${payload.errorType}: ${payload.errorMessage}`, trace: payload.trace };
  }
  return payload;
}

// ---- Invocations, one at a time.

/** A returned promise settles it; else a handler declaring a third parameter settles it through the callback; else the value returned. */
function callHandler(handler, event, makeContext) {
  return new Promise((resolve, reject) => {
    let settled = false;
    const complete = (error, result) => {
      if (settled) return;
      settled = true;
      if (error !== null && error !== undefined) reject(error);
      else resolve(result);
    };
    let returned;
    try {
      returned = handler(event, makeContext(complete), complete);
    } catch (error) {
      complete(error);
      return;
    }
    if (typeof returned === 'object' && returned !== null && typeof returned.then === 'function') {
      returned.then((value) => complete(null, value), (error) => complete(error ?? new Error('handler rejected with no reason')));
    } else if (handler.length < 3) {
      complete(null, returned);
    }
  });
}

function createContext(headers, complete) {
  const deadline = Number(headers['lambda-runtime-deadline-ms'] ?? 0);
  return {
    awsRequestId: headers['lambda-runtime-aws-request-id'],
    functionName: identity.functionName,
    functionVersion: identity.functionVersion,
    invokedFunctionArn: headers['lambda-runtime-invoked-function-arn'],
    memoryLimitInMB: identity.memoryLimitInMB,
    logGroupName: `/aws/lambda/${identity.functionName}`,
    logStreamName: identity.logStreamName,
    clientContext: parseJson(headers['lambda-runtime-client-context']),
    identity: parseJson(headers['lambda-runtime-cognito-identity']),
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: (error, result) => complete(error ?? null, result),
    succeed: (result) => complete(null, result),
    fail: (error) => complete(error ?? 'handled'),
  };
}

function parseJson(text) {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

async function invoke(handler, headers, body) {
  const id = headers['lambda-runtime-aws-request-id'];
  requestId = id;
  current = id;
  if (headers['lambda-runtime-trace-id']) process.env._X_AMZN_TRACE_ID = headers['lambda-runtime-trace-id'];
  else delete process.env._X_AMZN_TRACE_ID;
  let payload;
  let failure;
  try {
    const event = body.trim() === '' ? {} : JSON.parse(body);
    const result = await callHandler(handler, event, (complete) => createContext(headers, complete));
    payload = JSON.stringify(result) ?? 'null';
  } catch (thrown) {
    failure = errorPayload(toErrorPayload(thrown));
    emitLog('ERROR', errorLog('Invoke Error', failure));
  }
  if (failure === undefined) await post(`invocation/${encodeURIComponent(id)}/response`, payload);
  else await post(`invocation/${encodeURIComponent(id)}/error`, JSON.stringify(failure), { 'Lambda-Runtime-Function-Error-Type': failure.errorType });
  current = undefined;
}

const loaded = await loadHandler();
if (loaded.error !== undefined) {
  await post('init/error', JSON.stringify(loaded.error), { 'Lambda-Runtime-Function-Error-Type': loaded.error.errorType });
  process.exit(1);
}
initialising = false;
for (;;) {
  const next = await call('GET', 'invocation/next');
  if (next.status !== 200) {
    process.stderr.write(`eddy bootstrap: /next answered ${next.status}: ${next.body}\n`);
    process.exit(1);
  }
  await invoke(loaded.handler, next.headers, next.body);
}
