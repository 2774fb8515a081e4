import type { CorpusEntry, FuzzRequest } from './fuzz-request.js';
import { marker } from './markers.js';

/** Eddy's admin API under /_eddy (plain JSON, no credentials) and the application port's HTTP routes. */

const admin = (method: string, path: string, json?: unknown): FuzzRequest => ({
  port: 'aws',
  method,
  path,
  headers: { 'content-type': 'application/json' },
  ...(json !== undefined && { json }),
});

export const adminCorpus: readonly CorpusEntry[] = [
  { name: 'Admin GET /_eddy/mappings', build: () => admin('GET', '/_eddy/mappings') },
  { name: 'Admin POST /_eddy/functions/logs', build: () => admin('POST', '/_eddy/functions/logs', { function: 'echo', limit: 5 }) },
  { name: 'Admin stream tail (trim-horizon)', build: () => ({ ...admin('GET', '/_eddy/streams/Items/tail?from=trim-horizon'), feed: true }) },
  { name: 'Admin stream tail (latest)', build: () => ({ ...admin('GET', '/_eddy/streams/Mapped/tail'), feed: true }) },
  { name: 'Admin POST /_eddy/streams/trim', build: () => admin('POST', '/_eddy/streams/trim', {}) },
  { name: 'Admin POST /_eddy/streams/rotate', build: () => admin('POST', '/_eddy/streams/rotate') },
  { name: 'Admin POST /_eddy/queues/trim', build: () => admin('POST', '/_eddy/queues/trim') },
  { name: 'Admin POST /_eddy/ttl/sweep', build: () => admin('POST', '/_eddy/ttl/sweep', {}) },
  { name: 'Admin POST /_eddy/tables/point-in-time/trim', build: () => admin('POST', '/_eddy/tables/point-in-time/trim') },
  { name: 'Admin POST /_eddy/bus/deliver', build: () => admin('POST', '/_eddy/bus/deliver') },
  { name: 'Admin POST /_eddy/functions/async/run', build: () => admin('POST', '/_eddy/functions/async/run') },
];

const app = (method: string, path: string, headers: Record<string, string> = {}, json?: unknown): FuzzRequest => ({
  port: 'app',
  method,
  path,
  headers: { 'content-type': 'application/json', ...headers },
  ...(json !== undefined && { json }),
});

export const appCorpus: readonly CorpusEntry[] = [
  { name: 'App POST /echo', build: (n) => app('POST', '/echo?x=1&x=2', { cookie: 'a=1; b=2' }, { marker: marker(n), nested: { list: [1, 'é'] } }) },
  { name: 'App GET /items/{id}', build: (n) => app('GET', `/items/${marker(n)}?q=%C3%A9&empty=`, { origin: 'https://app.example.com' }) },
  {
    name: 'App PUT /files/{proxy+}',
    build: (n) => ({ ...app('PUT', `/files/a/${marker(n)}/c.bin`, { 'content-type': 'application/octet-stream' }), body: Buffer.from([0, 1, 2, 0xff, 0xfe]) }),
  },
  { name: 'App GET /v1/{name} (payload 1.0)', build: (n) => app('GET', `/v1/${marker(n)}?a=1&a=2`, { 'x-multi': 'one' }) },
  {
    name: 'App CORS preflight',
    build: () => app('OPTIONS', '/echo', { origin: 'https://app.example.com', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' }),
  },
  { name: 'App GET (no route)', build: () => app('GET', '/nowhere/at/all') },
];
