/** Where Eddy's own diagnostics go. `silentLogger` for tests and embedded use. */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string, error?: unknown): void;
  /** Details nobody needs unless they are looking for them (a client that hung up mid-request). */
  debug(message: string): void;
}

export const consoleLogger: Logger = {
  info: (message) => console.log(message),
  warn: (message) => console.warn(message),
  error: (message, error) => console.error(message, error ?? ''),
  debug: () => {},
};

export const silentLogger: Logger = { info() {}, warn() {}, error() {}, debug() {} };
