// Stream trigger benchmarks, against `eddy start --data <temp> --config <generated>` pinned to the second CPU:
//   latency:    write-ack → handler-start. PutItem requests one at a time (a few ms apart); the no-op handler
//               notes when each record's invocation started (performance.timeOrigin + performance.now(), a
//               high-resolution wall clock both processes share); the figure is that minus the moment the
//               client had the PutItem answer. Negative values mean the handler started before the client
//               had read its answer. One write at a time: under a sustained load see bench/delivery-tails.mjs.
//   throughput: --records items written with the mapping disabled, then the mapping enabled (UpdateEventSourceMapping);
//               records/s = records / time until the no-op handler has seen them all (BatchSize 100, one shard).
// Requests are built by hand (JSON 1.0 / REST-JSON as the SDKs send them) so that the client adds little.
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chooseCpus, launchPrefix } from './lib/cpu-pinning.mjs';
import { formatSpread, spread } from './lib/latency-spread.mjs';
import { startServerProcess } from './lib/server-process.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const { values: flags } = parseArgs({
  options: {
    writes: { type: 'string', default: '1000' },
    records: { type: 'string', default: '50000' },
    'no-build': { type: 'boolean', default: false },
  },
});
const writes = Number(flags.writes);
const records = Number(flags.records);
if (!flags['no-build']) execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'ignore' });

const dir = await mkdtemp(join(tmpdir(), 'eddy-bench-triggers-'));
const latencyLog = join(dir, 'latency.log');
const countLog = join(dir, 'count.log');
await writeFile(latencyLog, '');
await writeFile(countLog, '');
await writeFile(
  join(dir, 'probe.mjs'),
  `import { appendFileSync } from 'node:fs';
export const handler = async (event) => {
  const started = performance.timeOrigin + performance.now();
  appendFileSync(${JSON.stringify(latencyLog)}, event.Records.map((r) => r.dynamodb.Keys.pk.S + ' ' + started + '\\n').join(''));
};
export const noop = async (event) => {
  appendFileSync(${JSON.stringify(countLog)}, event.Records.length + ' ' + Date.now() + '\\n');
};
`,
);
await writeFile(
  join(dir, 'eddy.config.json'),
  JSON.stringify({
    tables: { Latency: { partitionKey: { name: 'pk', type: 'S' }, stream: 'NEW_IMAGE' }, Volume: { partitionKey: { name: 'pk', type: 'S' }, stream: 'NEW_IMAGE' } },
    functions: {
      probe: { handler: 'probe.mjs#handler', events: [{ stream: { table: 'Latency', batchSize: 100, startingPosition: 'LATEST' } }] },
      noop: { handler: 'probe.mjs#noop', events: [{ stream: { table: 'Volume', batchSize: 100, startingPosition: 'TRIM_HORIZON', enabled: false } }] },
    },
  }),
);

const pinning = await chooseCpus(true);
if (pinning) execFileSync('taskset', ['-cp', String(pinning.wrk), String(process.pid)], { stdio: 'ignore' });
const server = await startServerProcess({
  name: 'eddy',
  command: ['node', join(ROOT, 'dist/cli/eddy.js'), 'start', '--port', '0', '--data', join(dir, 'data'), '--config', join(dir, 'eddy.config.json')],
  cwd: ROOT,
  launch: launchPrefix(pinning?.server),
});
const endpoint = new URL(server.endpoint);
const agent = new Agent({ keepAlive: true, maxSockets: 32 });
const AUTH = 'AWS4-HMAC-SHA256 Credential=bench/20261122/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0';

/** @param {string} method @param {string} path @param {Record<string, string>} headers @param {string} body */
function call(method, path, headers, body) {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: endpoint.hostname, port: endpoint.port, method, path, agent, headers: { authorization: AUTH, 'x-amz-date': '20261122T000000Z', 'content-length': Buffer.byteLength(body), ...headers } },
      (res) => {
        let text = '';
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => (res.statusCode && res.statusCode < 300 ? resolve(text) : reject(new Error(`${path}: ${res.statusCode} ${text}`))));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
const putItem = (table, pk) =>
  call('POST', '/', { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'DynamoDB_20120810.PutItem' }, JSON.stringify({ TableName: table, Item: { pk: { S: pk }, v: { N: '1' } } }));
const lambda = (method, path, body = '') => call(method, `/2015-03-31${path}`, { 'content-type': 'application/json' }, body);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Until the function's stream mapping has stored a position on every shard (GET /_eddy/mappings: `checkpoint`). */
async function untilPositioned(functionName) {
  const { EventSourceMappings } = JSON.parse(await lambda('GET', `/event-source-mappings/?FunctionName=${functionName}`));
  const uuid = EventSourceMappings[0].UUID;
  for (const until = Date.now() + 20_000; Date.now() < until; await sleep(10)) {
    const { mappings } = JSON.parse(await call('GET', '/_eddy/mappings', {}, ''));
    const shards = mappings.find((m) => m.uuid === uuid)?.shards ?? [];
    if (shards.length > 0 && shards.every((shard) => shard.checkpoint !== undefined)) return;
  }
  throw new Error(`the ${functionName} mapping took no position within 20 s`);
}

try {
  // Latency.
  await untilPositioned('probe'); // a write before the LATEST consumer's position would never reach it
  const acked = new Map();
  const sent = new Map();
  for (let i = 0; i < writes; i++) {
    sent.set(`l-${i}`, performance.timeOrigin + performance.now());
    await putItem('Latency', `l-${i}`);
    acked.set(`l-${i}`, performance.timeOrigin + performance.now());
    await sleep(2);
  }
  const started = new Map();
  for (let tries = 0; started.size < writes && tries < 100; tries++) {
    for (const line of (await readFile(latencyLog, 'utf8')).split('\n')) {
      const [pk, at] = line.split(' ');
      if (pk && !started.has(pk)) started.set(pk, Number(at));
    }
    if (started.size < writes) await sleep(50);
  }
  const latencies = [...acked].filter(([pk]) => started.has(pk)).map(([pk, at]) => started.get(pk) - at).sort((a, b) => a - b);
  const fromSend = [...sent].filter(([pk]) => started.has(pk)).map(([pk, at]) => started.get(pk) - at).sort((a, b) => a - b);

  // Throughput.
  let next = 0;
  await Promise.all(
    Array.from({ length: 32 }, async () => {
      while (next < records) await putItem('Volume', `v-${next++}`);
    }),
  );
  const { EventSourceMappings } = JSON.parse(await lambda('GET', '/event-source-mappings/?FunctionName=noop'));
  const begin = Date.now();
  await lambda('PUT', `/event-source-mappings/${EventSourceMappings[0].UUID}`, JSON.stringify({ Enabled: true }));
  let seen = 0;
  let lastAt = begin;
  while (seen < records && Date.now() - begin < 120_000) {
    await sleep(50);
    seen = 0;
    for (const line of (await readFile(countLog, 'utf8')).split('\n')) {
      const [n, at] = line.split(' ');
      if (n) {
        seen += Number(n);
        lastAt = Math.max(lastAt, Number(at));
      }
    }
  }
  console.log(`\n| Stream trigger | figure |`);
  console.log('| --- | --- |');
  console.log(`| write-ack → handler-start, p50 / p99 / p99.9 / max in ms (${latencies.length} of ${writes} writes) | ${formatSpread(spread(latencies))} |`);
  console.log(`| PutItem sent → handler-start, p50 / p99 / p99.9 / max in ms | ${formatSpread(spread(fromSend))} |`);
  console.log(`| records/s through one mapping, no-op handler, BatchSize 100 (${seen} records) | ${Math.round(seen / ((lastAt - begin) / 1000)).toLocaleString('en-US')} |`);
} finally {
  agent.destroy();
  await server.stop();
  await rm(dir, { recursive: true, force: true });
}
