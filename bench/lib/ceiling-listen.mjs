// What the ceiling servers share: listen on 127.0.0.1, print the line bench/lib/server-process.mjs waits for,
// and close on SIGTERM or SIGINT (then `onStop`, e.g. ending a pool).

/**
 * @param {import('node:http').Server} server
 * @param {number} port  0: a free one
 * @param {() => void} [onStop]
 */
export function listenUntilStopped(server, port, onStop) {
  server.listen(port, '127.0.0.1', () => {
    const { port: bound } = /** @type {import('node:net').AddressInfo} */ (server.address());
    console.log(`listening on http://127.0.0.1:${bound}`);
  });
  for (const signal of ['SIGTERM', 'SIGINT']) {
    process.on(signal, () => {
      server.close();
      server.closeAllConnections();
      onStop?.();
    });
  }
}
