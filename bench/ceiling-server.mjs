// The ceiling: a do-nothing node:http server that reads the whole request body, parses it as JSON and
// answers `{}`. Whatever a real DynamoDB-compatible server does costs on top of this, so its requests/s
// on this machine is the upper bound the other targets are measured against.
//
// Usage: node bench/ceiling-server.mjs [--port N]   (prints `listening on http://127.0.0.1:PORT` when ready)
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';
import { afterJsonBody, listenUntilStopped } from './lib/ceiling-listen.mjs';

const { values } = parseArgs({ options: { port: { type: 'string', default: '0' } } });

const RESPONSE = '{}';
const HEADERS = {
  'content-type': 'application/x-amz-json-1.0',
  'content-length': Buffer.byteLength(RESPONSE),
};

const server = createServer(afterJsonBody((res) => res.writeHead(200, HEADERS).end(RESPONSE)));

listenUntilStopped(server, Number(values.port));
