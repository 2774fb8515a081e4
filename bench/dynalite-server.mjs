// Starts dynalite (the npm package) in memory — no `path`, so it keeps tables in memory-level — with
// table state changes taking effect at once, and prints its URL in the same form as the other targets.
//
// Usage: node bench/dynalite-server.mjs [--port N]   (prints `listening on http://127.0.0.1:PORT` when ready)
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';

const require = createRequire(import.meta.url);
/** @type {(options: object) => import('node:http').Server} */
const dynalite = require('dynalite');

const { values } = parseArgs({ options: { port: { type: 'string', default: '0' } } });

const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });

server.listen(Number(values.port), '127.0.0.1', () => {
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  console.log(`listening on http://127.0.0.1:${port}`);
});

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => {
    server.close(() => process.exit(0));
    server.closeAllConnections?.();
  });
}
