// Latency of GetItem, Query and PutItem at a steady rate (open loop), rather than at saturation. `npm run bench`
// keeps 32 connections busy, so its p50 is 32 ÷ the rate and its p99 mostly the queue those connections form
// behind one event loop (a request that misses one turn of the loop waits for the next). Here requests are sent on
// a schedule, whatever the answers do, each on a free keep-alive connection (a new one when all are busy): a stall
// of the server delays every request sent during it, as a client with a rate of its own would see (no coordinated
// omission). A request's latency runs from the moment it was written to its socket, so the client's own timer
// (about 1 ms late at times) is not counted as the server's.
//
// Eddy (`eddy start` from this checkout's dist/) runs pinned to the second CPU, this client on the first, as
// `npm run bench` pins wrk. Requests are the wrk scripts' (bench/wrk/*.lua): same headers, same bodies. Per op and
// rate: a second's warm-up at the rate (not counted), then --seconds measured; the 1-minute load average with it.
//
// --target ceiling runs the same requests against bench/ceiling-server.mjs (it answers `{}`): what the machine,
// the client and Node's HTTP alone leave of the tails.
//
// --attribute: the server traces what stopped its writes and its event loop (EDDY_WAL_TRACE: group commits,
// checkpointer holds and passes, WAL flushes; bench/lib/tail-probe.mjs: GC pauses, event-loop gaps), and each run
// is followed by what its slowest 1 % met against all its requests (bench/lib/tail-attribution.mjs). The probe's
// 1 ms timer costs the server some CPU: read tails from runs without it.
//
// Usage: npm run build && node bench/request-tails.mjs [--ops get,query,put] [--rates 2000,4000] [--seconds 10]
//        [--eddy-args="--durability process"] [--target eddy|ceiling] [--attribute] [--unpin-server]
//        [--node-args='--cpu-prof --cpu-prof-dir=DIR'] (Node's own flags for Eddy's process)
//
// --unpin-server: the server may run on every CPU this client was given (its threads too: the checkpointer's
// worker, libuv's pool), the client still on the first.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import { benchClient, createBenchTable, prefillItems } from './lib/bench-table.mjs';
import { chooseCpus, launchPrefix } from './lib/cpu-pinning.mjs';
import { benchItem, PREFILL_KEY_PREFIX, QUERY_LIMIT, QUERY_PARTITION_PREFIX, QUERY_PARTITIONS, QUERY_SORT_KEY_PREFIX, QUERY_TABLE_NAME, REQUEST_HEADERS, TABLE_NAME } from './lib/item.mjs';
import { createQueryTable } from './lib/query-table.mjs';
import { attribute, printAttribution, readTraces } from './lib/tail-attribution.mjs';
import { startServerProcess } from './lib/server-process.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const ITEMS = 10_000;
const MAX_CONNECTIONS = 1024;
const { values: flags } = parseArgs({
  options: {
    ops: { type: 'string', default: 'get,query,put' },
    rates: { type: 'string', default: '2000,4000' },
    seconds: { type: 'string', default: '10' },
    'eddy-args': { type: 'string', default: '' },
    'node-args': { type: 'string', default: '' },
    target: { type: 'string', default: 'eddy' },
    attribute: { type: 'boolean', default: false },
    'unpin-server': { type: 'boolean', default: false },
  },
});
const ops = flags.ops.split(',');
const rates = flags.rates.split(',').map(Number);
const seconds = Number(flags.seconds);

const pinning = await chooseCpus(true);
// Read before the client pins itself: an unpinned server gets every CPU given to this process (a child inherits its parent's).
const allCpus = pinning ? (await promisify(execFile)('taskset', ['-cp', String(process.pid)])).stdout.split(':').pop()?.trim() : undefined;
if (pinning) await promisify(execFile)('taskset', ['-cp', String(pinning.wrk), String(process.pid)]);

/** @type {Record<string, { target: string, body: (n: number) => string }>} */
const REQUESTS = {
  get: { target: 'GetItem', body: () => JSON.stringify({ TableName: TABLE_NAME, Key: { pk: { S: `${PREFILL_KEY_PREFIX}${randomBelow(ITEMS)}` } } }) },
  query: {
    target: 'Query',
    body: () =>
      JSON.stringify({
        TableName: QUERY_TABLE_NAME,
        KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)',
        ExpressionAttributeValues: { ':p': { S: `${QUERY_PARTITION_PREFIX}${randomBelow(QUERY_PARTITIONS)}` }, ':s': { S: QUERY_SORT_KEY_PREFIX } },
        Limit: QUERY_LIMIT,
      }),
  },
  put: { target: 'PutItem', body: (n) => JSON.stringify({ TableName: TABLE_NAME, Item: benchItem(`tail-${process.pid}-${n}`, n) }) },
};

/** Starts Eddy, fills what the ops read, and runs each op at each rate. */
async function main() {
  console.log(`${flags.target}, open loop, ${seconds} s a run after a second's warm-up; latency from a request's write to its answer, in ms`);
  console.log('| op | rate asked | rate answered | p50 | p90 | p99 | p99.9 | max | connections | load |\n| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  const data = await mkdtemp(join(tmpdir(), 'eddy-request-tails-'));
  const ceiling = flags.target === 'ceiling';
  const command = ceiling
    ? ['node', join(ROOT, 'bench/ceiling-server.mjs')]
    : ['node', ...flags['node-args'].split(' ').filter(Boolean), join(ROOT, 'dist/cli/eddy.js'), 'start', '--port', '0', '--data', data, ...flags['eddy-args'].split(' ').filter(Boolean)];
  const traces = flags.attribute && !ceiling ? [join(data, 'wal-trace.txt'), join(data, 'tail-probe.txt')] : undefined;
  if (traces) {
    process.env.EDDY_WAL_TRACE = traces[0];
    process.env.EDDY_TAIL_PROBE = traces[1];
    process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ''} --import=${join(ROOT, 'bench/lib/tail-probe.mjs')}`;
  }
  /** @type {{ title: string, requests: { sent: number, ms: number }[] }[]} */
  const attributed = [];
  const server = await startServerProcess({ name: flags.target, command, cwd: ROOT, launch: flags['unpin-server'] && allCpus ? ['taskset', '-c', allCpus] : launchPrefix(pinning?.server) });
  try {
    const { hostname, port } = new URL(server.endpoint);
    if (!ceiling) {
      const client = benchClient(server.endpoint);
      await createBenchTable(client, { stream: true });
      if (ops.includes('get')) await prefillItems(server.endpoint, ITEMS);
      if (ops.includes('query')) await createQueryTable(client, server.endpoint, { stream: true });
      client.destroy();
    }
    const pool = new ConnectionPool(hostname, Number(port));
    let sent = 0;
    for (const op of ops) {
      for (const rate of rates) {
        const request = REQUESTS[op];
        if (request === undefined) throw new Error(`--ops takes get, query and put, got ${op}`);
        const frame = (n) => requestBytes(`${hostname}:${port}`, request.target, request.body(n));
        const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
        let run;
        try {
          await runAt(pool, rate, 1, () => frame(sent++));
          run = await runAt(pool, rate, seconds, () => frame(sent++));
        } catch (error) {
          if (!(error instanceof Saturated)) throw error;
          console.log(`| ${op} | ${rate} | not sustained: ${MAX_CONNECTIONS} requests in flight | | | | | | | ${load()} |`);
          await pool.drained();
          continue;
        }
        const ms = (q) => (percentile(run.latencies, q) / 1000).toFixed(2);
        const answered = Math.round(run.latencies.length / run.elapsedSeconds);
        console.log(`| ${op} | ${rate} | ${answered} | ${ms(0.5)} | ${ms(0.9)} | ${ms(0.99)} | ${ms(0.999)} | ${ms(1)} | ${pool.size} | ${load()} |`);
        if (traces) attributed.push({ title: `${op} at ${rate}/s (p99 ${ms(0.99)} ms)`, requests: run.requests });
      }
    }
    pool.close();
  } finally {
    await server.stop();
    if (traces) {
      const events = readTraces(traces);
      for (const run of attributed) printAttribution(attribute(events, run.requests), run.title);
    }
    await rm(data, { recursive: true, force: true });
  }
}

/**
 * Sends `rate` requests a second for `seconds` on the pool: every timer turn sends what has come due since the
 * last. Resolves with each answer's latency in µs once every request has been answered.
 * @param {ConnectionPool} pool
 * @param {number} rate
 * @param {number} seconds
 * @param {() => Buffer} next
 */
function runAt(pool, rate, seconds, next) {
  const total = Math.round(rate * seconds);
  const interval = 1e6 / rate;
  /** @type {number[]} */
  const latencies = [];
  /** @type {{ sent: number, ms: number }[]} each request's write in epoch ms (as the server's traces) and its latency */
  const requests = [];
  const start = nowUs();
  let due = 0;
  let answered = 0;
  let failed = false;
  return new Promise((resolve, reject) => {
    const tick = () => {
      if (failed) return;
      const now = nowUs();
      while (due < total && start + due * interval <= now) {
        due++;
        const bytes = next();
        const sentAt = nowUs();
        const sentEpoch = performance.timeOrigin + performance.now();
        pool.send(bytes, (error) => {
          if (error) {
            failed = true;
            return reject(error);
          }
          const latency = nowUs() - sentAt;
          latencies.push(latency);
          requests.push({ sent: sentEpoch, ms: latency / 1000 });
          if (++answered === total) resolve({ latencies, requests, elapsedSeconds: (nowUs() - start) / 1e6 });
        });
      }
      if (due < total) setTimeout(tick, Math.max(0, (start + due * interval - nowUs()) / 1000));
    };
    tick();
  });
}

/** Keep-alive connections, one request in flight on each; a new one when every connection is busy. */
class ConnectionPool {
  /** @type {Connection[]} */
  #idle = [];
  #size = 0;
  #host;
  #port;

  /** @param {string} host @param {number} port */
  constructor(host, port) {
    this.#host = host;
    this.#port = port;
  }

  get size() {
    return this.#size;
  }

  /** @param {Buffer} bytes @param {(error?: Error) => void} done */
  send(bytes, done) {
    let connection = this.#idle.pop();
    if (connection === undefined) {
      if (this.#size >= MAX_CONNECTIONS) return done(new Saturated());
      this.#size++;
      connection = new Connection(this.#host, this.#port, (c) => this.#idle.push(c));
    }
    connection.send(bytes, done);
  }

  /** Resolves once every connection is idle again (after a run stopped short). */
  async drained() {
    while (this.#idle.length < this.#size) await new Promise((resolve) => setTimeout(resolve, 50));
  }

  close() {
    for (const connection of this.#idle) connection.close();
  }
}

/** Every connection the pool may open is waiting for an answer: the server answers fewer than the rate. */
class Saturated extends Error {}

/** One keep-alive HTTP/1.1 connection: reads each answer's head and its Content-Length bytes. */
class Connection {
  #socket;
  #buffer = Buffer.alloc(0);
  /** @type {((error?: Error) => void) | undefined} */
  #done;
  #onIdle;

  /** @param {string} host @param {number} port @param {(c: Connection) => void} onIdle */
  constructor(host, port, onIdle) {
    this.#onIdle = onIdle;
    this.#socket = connect({ host, port, noDelay: true });
    this.#socket.on('data', (chunk) => this.#read(chunk));
    this.#socket.on('error', (error) => this.#finish(error));
  }

  /** @param {Buffer} bytes @param {(error?: Error) => void} done */
  send(bytes, done) {
    this.#done = done;
    this.#socket.write(bytes);
  }

  close() {
    this.#socket.end();
  }

  /** @param {Buffer} chunk */
  #read(chunk) {
    this.#buffer = this.#buffer.length === 0 ? chunk : Buffer.concat([this.#buffer, chunk]);
    const headEnd = this.#buffer.indexOf('\r\n\r\n');
    if (headEnd < 0) return;
    const head = this.#buffer.toString('latin1', 0, headEnd);
    const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? 0);
    if (this.#buffer.length < headEnd + 4 + length) return;
    this.#buffer = this.#buffer.subarray(headEnd + 4 + length);
    const status = head.slice(9, 12);
    this.#finish(status === '200' ? undefined : new Error(`answered ${head.split('\r\n')[0]}: ${head}`));
  }

  /** @param {Error} [error] */
  #finish(error) {
    const done = this.#done;
    this.#done = undefined;
    if (!error) this.#onIdle(this);
    done?.(error);
  }
}

/** @param {string} host @param {string} operation @param {string} body */
function requestBytes(host, operation, body) {
  let head = `POST / HTTP/1.1\r\nhost: ${host}\r\nx-amz-target: DynamoDB_20120810.${operation}\r\ncontent-length: ${Buffer.byteLength(body)}\r\n`;
  for (const [name, value] of Object.entries(REQUEST_HEADERS)) head += `${name}: ${value}\r\n`;
  return Buffer.from(`${head}\r\n${body}`);
}

/** @param {number[]} values @param {number} q */
function percentile(values, q) {
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? NaN;
}

/** @param {number} n */
function randomBelow(n) {
  return Math.floor(Math.random() * n);
}

function nowUs() {
  return Number(process.hrtime.bigint()) / 1000;
}

// Last: the classes above are not hoisted.
await main();
