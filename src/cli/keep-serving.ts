/**
 * A bug outside any request (a timer, a background loop, a stream callback) must not take every
 * table, queue and function down with it: it is logged with its stack and Eddy keeps serving.
 * Requests never get here; the HTTP server answers their failures itself.
 *
 * Nor does a reader that went away (`eddy start | head`, a parent process that died): its closed pipe
 * makes every write to stdout or stderr fail (EPIPE). What Eddy prints then goes nowhere, and it serves
 * on; left to the bug report above, each failed write would be reported to the closed stderr, fail again,
 * and keep a core busy reporting itself.
 */
export function keepServingAfterBugs(): void {
  const report = (what: string) => (error: unknown) => {
    process.stderr.write(`eddy: ${what} (a bug in Eddy; it keeps serving): ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  };
  process.on('uncaughtException', report('uncaught exception'));
  process.on('unhandledRejection', report('unhandled promise rejection'));
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') return;
      if (stream !== process.stderr) report('output error')(error);
    });
  }
}
