import { parentPort } from 'node:worker_threads';
import { format } from 'node:util';
import type { WorkerMessage } from './worker-protocol.js';

/**
 * Inside a worker: console output becomes Lambda's text log lines
 * (`<ISO time>\t<request id>\t<LEVEL>\t<message>`) sent to Eddy on the worker's port, never to stdout.
 * Before the first invocation (module initialisation) the request id reads `undefined`, as in Lambda.
 */
let requestId: string | undefined;

export function setLogRequestId(id: string): void {
  requestId = id;
}

/** A line of the runtime's own (an invocation's error, a crash). */
export function emitLog(level: string, message: string): void {
  parentPort?.postMessage({ type: 'log', line: logLine(level, message) } satisfies WorkerMessage);
}

/** A line the handler's console wrote. */
function emitOutput(level: string, message: string): void {
  parentPort?.postMessage({ type: 'log', line: logLine(level, message), output: { level, message } } satisfies WorkerMessage);
}

const logLine = (level: string, message: string): string => `${new Date().toISOString()}\t${requestId}\t${level}\t${message}`;

/** `trimStack` takes Eddy's own frames out of console.trace's stack. */
export function captureConsole(trimStack: (lines: string[]) => string[]): void {
  const levels: Array<[keyof Console, string]> = [
    ['log', 'INFO'],
    ['info', 'INFO'],
    ['warn', 'WARN'],
    ['error', 'ERROR'],
    ['debug', 'DEBUG'],
  ];
  for (const [method, level] of levels) {
    Object.defineProperty(console, method, {
      value: (...args: unknown[]) => emitOutput(level, format(...args)),
      writable: true,
      configurable: true,
    });
  }
  Object.defineProperty(console, 'trace', {
    value: (...args: unknown[]) => {
      const stack = trimStack(String(new Error().stack ?? '').split('\n').slice(2)).join('\n');
      emitOutput('TRACE', `Trace: ${format(...args)}\n${stack}`);
    },
    writable: true,
    configurable: true,
  });
}
