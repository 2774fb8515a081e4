// The ceiling on PostgreSQL: the do-nothing node:http server of ceiling-server.mjs (read the whole body,
// parse it as JSON, answer `{}`) that also makes ONE round trip to the database per request, through a pg
// pool of Eddy's default size: a named prepared read of one row by primary key, as a GetItem's. No Eddy on
// PostgreSQL can answer faster than this on the same machine, whatever it does with the answer, so its
// requests/s is what Eddy on PostgreSQL is measured against, as Eddy on SQLite is against the plain ceiling.
//
// Usage: node bench/postgres-ceiling-server.mjs --url postgres://… [--pool N] [--port N]
//   (creates its one-row table, then prints `listening on http://127.0.0.1:PORT` when ready)
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';
import { afterJsonBody, listenUntilStopped } from './lib/ceiling-listen.mjs';
import pg from 'pg';

const { values } = parseArgs({ options: { url: { type: 'string' }, pool: { type: 'string', default: '10' }, port: { type: 'string', default: '0' } } });
if (values.url === undefined) {
  console.error('usage: node bench/postgres-ceiling-server.mjs --url postgres://… [--pool N] [--port N]');
  process.exit(2);
}

const pool = new pg.Pool({ connectionString: values.url, max: Number(values.pool), idleTimeoutMillis: 0, application_name: 'eddy-ceiling' });
pool.on('error', () => {});
await pool.query('CREATE TABLE IF NOT EXISTS ceiling (id int4 PRIMARY KEY, doc text NOT NULL)');
await pool.query(`INSERT INTO ceiling VALUES (1, '{}') ON CONFLICT (id) DO NOTHING`);
const READ = { name: 'ceiling_read', text: 'SELECT doc FROM ceiling WHERE id = $1', values: [1] };

const HEADERS = { 'content-type': 'application/x-amz-json-1.0' };

const server = createServer(
  afterJsonBody((res) =>
    pool.query(READ).then(
      ({ rows }) => {
        const body = rows[0].doc;
        res.writeHead(200, { ...HEADERS, 'content-length': Buffer.byteLength(body) }).end(body);
      },
      (error) => res.writeHead(500, HEADERS).end(JSON.stringify({ message: String(error) })),
    ),
  ),
);

listenUntilStopped(server, Number(values.port), () => pool.end().catch(() => {}));
