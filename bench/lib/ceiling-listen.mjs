// What the ceiling servers share: a request handler that reads the whole body and parses it as JSON (a bad
// body gets 400 `{}`); listening on 127.0.0.1, with the line bench/lib/server-process.mjs waits for; closing on
// SIGTERM or SIGINT (then `onStop`, e.g. ending a pool).

const HEADERS = { 'content-type': 'application/x-amz-json-1.0' };

/**
 * A request handler: reads the body, parses it as JSON, then lets `answer` answer (a bad body gets 400 `{}`).
 * @param {(res: import('node:http').ServerResponse) => void} answer
 * @returns {(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => void}
 */
export function afterJsonBody(answer) {
  return (req, res) => {
    /** @type {Buffer[]} */
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      try {
        JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        res.writeHead(400, { ...HEADERS, 'content-length': 2 }).end('{}');
        return;
      }
      answer(res);
    });
  };
}

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
