/** Where Eddy's own diagnostics go. `silentLogger` for tests and embedded use. */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string, error?: unknown): void;
  /** Details nobody needs unless they are looking for them (a client that hung up mid-request). */
  debug(message: string): void;
}

/**
 * How much Eddy says (`--log-level`): 'quiet' only what needs attention (warnings, errors, failed
 * invocations), 'info' also what happens (configuration applied, one line per invocation, handler
 * output), 'debug' everything (Lambda's START / END / REPORT lines, clients that hung up).
 */
export type LogLevel = 'quiet' | 'info' | 'debug';

export const LOG_LEVELS: readonly LogLevel[] = ['quiet', 'info', 'debug'];

export const consoleLogger: Logger = {
  info: (message) => console.log(message),
  warn: (message) => console.warn(message),
  error: (message, error) => console.error(message, error ?? ''),
  debug: (message) => console.log(message),
};

export const silentLogger: Logger = { info() {}, warn() {}, error() {}, debug() {} };

/** `logger` passing on only what `level` shows: warnings and errors always, info from 'info', debug at 'debug'. */
export function atLevel(logger: Logger, level: LogLevel): Logger {
  const nothing = () => {};
  return {
    info: level === 'quiet' ? nothing : (message) => logger.info(message),
    warn: (message) => logger.warn(message),
    error: (message, error) => logger.error(message, error),
    debug: level === 'debug' ? (message) => logger.debug(message) : nothing,
  };
}
