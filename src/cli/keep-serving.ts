/**
 * A bug outside any request (a timer, a background loop, a stream callback) must not take every
 * table, queue and function down with it: it is logged with its stack and Eddy keeps serving.
 * Requests never get here; the HTTP server answers their failures itself.
 */
export function keepServingAfterBugs(): void {
  const report = (what: string) => (error: unknown) => {
    process.stderr.write(`eddy: ${what} (a bug in Eddy; it keeps serving): ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  };
  process.on('uncaughtException', report('uncaught exception'));
  process.on('unhandledRejection', report('unhandled promise rejection'));
}
