// Stream-trigger records/s end to end on one storage engine with N Eddy nodes: one table with a stream of
// `shards` shards, one mapping (BatchSize 100, TRIM_HORIZON) to a no-op JS handler that notes how many
// records each batch held and when; `records` PutItem of new keys from `connections` concurrent requests,
// spread round-robin across the nodes; records/s = records / (first write sent → last batch handled). Then the
// delivery alone: `backlog` records written (BatchWriteItem of 25, so that a slow PutItem does not make the
// backlog small) to a second such table whose mapping is disabled, the mapping enabled (UpdateEventSourceMapping
// through the first node; the others see the change within their one-second refresh), records/s = backlog /
// (enabled → last batch handled).
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServerProcess } from './server-process.mjs';
import { loadSampler, treeCpuSeconds } from './process-tree.mjs';

const SPREAD_TIMEOUT_MS = 60_000;
const DELIVERY_TIMEOUT_MS = 300_000;
const IDLE_MS = 3_000;
const AUTH = 'AWS4-HMAC-SHA256 Credential=bench/20261206/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0';

/**
 * @typedef {object} TriggerResult
 * @property {string} engine
 * @property {number} nodes
 * @property {number} records  written and acknowledged
 * @property {number} delivered  records the handler saw (at least once: may exceed `records`)
 * @property {number} writesPerSec  records / (first write sent → last acknowledged)
 * @property {number} recordsPerSec  end to end: records / (first write sent → last batch handled)
 * @property {number} lagMs  last write acknowledged → last batch handled
 * @property {number} backlog  records written for the delivery alone
 * @property {number} drainPerSec  delivery alone: backlog / (mapping enabled → last batch handled); NaN when incomplete
 * @property {number} drainFirstMs  mapping enabled → first batch handled
 * @property {number} backlogWritesPerSec  records a second BatchWriteItem wrote the backlog at
 * @property {number} drained  records the second handler saw
 * @property {number | undefined} eddyCpuUs  CPU of all the nodes (process trees) a record, load and delivery
 * @property {number | undefined} postgresCpuUs  CPU of the PostgreSQL server (all backends) a record
 * @property {number | undefined} idleEddyPercent  CPU of all the nodes, idle, before the load (100 = one core)
 * @property {number | undefined} idlePostgresPercent  CPU of the PostgreSQL server meanwhile
 * @property {number[]} shardsPerNode  unfinished shards whose lease each node held before the load
 * @property {{ min: number, max: number } | undefined} load  1-minute load average during the live phase
 * @property {{ min: number, max: number } | undefined} drainLoad  and while the backlog was written and drained
 */

/**
 * @param {object} options
 * @param {string} options.root
 * @param {'sqlite' | 'postgres'} options.engine
 * @param {number} options.nodes  1 for SQLite (one process owns the file)
 * @param {number} options.records
 * @param {number} options.backlog
 * @param {number} options.shards
 * @param {number} options.connections
 * @param {number | undefined} options.pool
 * @param {import('./postgres-server.mjs').BenchPostgres | undefined} options.postgres
 * @param {string[]} options.launch  argv prefix of every node (taskset)
 * @param {(message: string) => void} options.log
 * @returns {Promise<TriggerResult>}
 */
export async function measureTriggers({ root, engine, nodes, records, backlog, shards, connections, pool, postgres, launch, log }) {
  const dir = await mkdtemp(join(tmpdir(), 'eddy-bench-storage-triggers-'));
  const countLog = join(dir, 'count.log');
  const drainLog = join(dir, 'drain.log');
  await writeFile(countLog, '');
  await writeFile(drainLog, '');
  await writeFile(
    join(dir, 'probe.mjs'),
    `import { appendFileSync } from 'node:fs';
export const noop = async (event) => {
  appendFileSync(${JSON.stringify(countLog)}, event.Records.length + ' ' + Date.now() + '\\n');
};
export const drain = async (event) => {
  appendFileSync(${JSON.stringify(drainLog)}, event.Records.length + ' ' + Date.now() + '\\n');
};
`,
  );
  const config = join(dir, 'eddy.config.json');
  await writeFile(
    config,
    JSON.stringify({
      tables: { Volume: { partitionKey: { name: 'pk', type: 'S' }, stream: 'NEW_IMAGE' }, Backlog: { partitionKey: { name: 'pk', type: 'S' }, stream: 'NEW_IMAGE' } },
      functions: {
        noop: { handler: 'probe.mjs#noop', events: [{ stream: { table: 'Volume', batchSize: 100, startingPosition: 'TRIM_HORIZON' } }] },
        drain: { handler: 'probe.mjs#drain', events: [{ stream: { table: 'Backlog', batchSize: 100, startingPosition: 'TRIM_HORIZON', enabled: false } }] },
      },
    }),
  );
  const database = `triggers_${nodes}_${Date.now()}`;
  /** @type {string[]} */
  let storage = [];
  if (engine === 'postgres') {
    if (postgres === undefined) throw new Error('no PostgreSQL server');
    storage = ['--storage', await postgres.createDatabase(database), ...(pool === undefined ? [] : ['--storage-pool', String(pool)])];
  }
  /** @type {import('./server-process.mjs').ServerProcess[]} */
  const started = [];
  /** @type {Agent[]} */
  const agents = [];
  const startNode = async (/** @type {number} */ n) => {
    const command = ['node', join(root, 'dist/cli/eddy.js'), 'start', '--port', '0', '--data', join(dir, `node-${n}`), '--config', config];
    command.push('--stream-shards', String(shards), '--log-level', 'quiet', ...storage);
    const server = await startServerProcess({ name: `eddy node ${n}`, command, cwd: root, launch });
    started.push(server);
    return server;
  };
  try {
    // The first node alone creates the table and the mapping; the others join a database that has them.
    const first = await startNode(1);
    const rest = await Promise.all(Array.from({ length: nodes - 1 }, (_, i) => startNode(i + 2)));
    const servers = [first, ...rest];
    log(`triggers ${engine} × ${nodes}: nodes ready (${servers.map((s) => s.pid).join(', ')})`);
    const shardsPerNode = await waitForSpread(first.endpoint, servers, shards, log);
    const roots = servers.map((s) => s.pid);
    const pgRoots = postgres === undefined || engine !== 'postgres' ? undefined : [postgres.pid];
    const cpu = async () => ({ eddy: await treeCpuSeconds(roots), pg: pgRoots && (await treeCpuSeconds(pgRoots)) });
    // What the nodes cost while nothing happens (heartbeats, leases, polls): a floor under every figure below.
    const idleFrom = await cpu();
    await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
    const idleTo = await cpu();
    const idlePercent = (/** @type {number | undefined} */ a, /** @type {number | undefined} */ b) => (a === undefined || b === undefined ? undefined : Math.round((100 * (b - a)) / (IDLE_MS / 1000)));
    const { eddy: eddyBefore, pg: pgBefore } = await cpu();
    const load = loadSampler();

    const endpoints = servers.map((s) => new URL(s.endpoint));
    agents.push(...endpoints.map(() => new Agent({ keepAlive: true, maxSockets: connections })));
    /** @param {string} table */
    const writeAll = async (table) => {
      let next = 0;
      await Promise.all(
        Array.from({ length: connections }, async () => {
          while (next < records) {
            const n = next++;
            await call(endpoints[n % endpoints.length], agents[n % agents.length], 'POST', '/', PUT_HEADERS, JSON.stringify({ TableName: table, Item: { pk: { S: `r-${n}` }, v: { N: '1' } } }));
          }
        }),
      );
    };
    const begin = Date.now();
    await writeAll('Volume');
    const written = Date.now();
    const { delivered, lastAt } = await waitFor(countLog, records);
    const loadSeen = await load.stop();
    const { eddy: eddyAfter, pg: pgAfter } = await cpu();
    if (delivered < records) log(`triggers ${engine} × ${nodes}: only ${delivered} of ${records} records delivered within ${DELIVERY_TIMEOUT_MS / 1000} s of the last write`);

    let nextBatch = 0;
    const backlogLoad = loadSampler();
    const backlogFrom = Date.now();
    await Promise.all(
      Array.from({ length: connections }, async () => {
        for (let n = nextBatch++; n * BATCH < backlog; n = nextBatch++) {
          const keys = Array.from({ length: Math.min(BATCH, backlog - n * BATCH) }, (_, i) => `b-${n * BATCH + i}`);
          await batchWrite(endpoints[n % endpoints.length], agents[n % agents.length], keys);
        }
      }),
    );
    const backlogWritesPerSec = backlog / ((Date.now() - backlogFrom) / 1000);
    const lambda = (/** @type {string} */ method, /** @type {string} */ path, body = '') => call(endpoints[0], agents[0], method, `/2015-03-31${path}`, { 'content-type': 'application/json' }, body);
    const { EventSourceMappings } = JSON.parse(await lambda('GET', '/event-source-mappings/?FunctionName=drain'));
    const enabledAt = Date.now();
    await lambda('PUT', `/event-source-mappings/${EventSourceMappings[0].UUID}`, JSON.stringify({ Enabled: true }));
    const drainDone = await waitFor(drainLog, backlog);
    const drainLoad = await backlogLoad.stop();
    const perRecord = (/** @type {number | undefined} */ a, /** @type {number | undefined} */ b) => (a === undefined || b === undefined ? undefined : ((b - a) * 1e6) / records);
    return {
      engine,
      nodes,
      records,
      delivered,
      writesPerSec: records / ((written - begin) / 1000),
      recordsPerSec: delivered < records ? Number.NaN : records / ((lastAt - begin) / 1000),
      lagMs: lastAt - written,
      backlog,
      drainPerSec: drainDone.delivered < backlog ? Number.NaN : backlog / ((drainDone.lastAt - enabledAt) / 1000),
      drainFirstMs: drainDone.firstAt - enabledAt,
      backlogWritesPerSec,
      drained: drainDone.delivered,
      eddyCpuUs: perRecord(eddyBefore, eddyAfter),
      postgresCpuUs: perRecord(pgBefore, pgAfter),
      idleEddyPercent: idlePercent(idleFrom.eddy, idleTo.eddy),
      idlePostgresPercent: idlePercent(idleFrom.pg, idleTo.pg),
      shardsPerNode,
      load: loadSeen,
      drainLoad,
    };
  } finally {
    for (const agent of agents) agent.destroy();
    await Promise.all(started.map((s) => s.stop()));
    if (engine === 'postgres') await postgres?.dropDatabase(database);
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Waits until every node holds a lease on at least one of the mapping's shards (when there are as many
 * shards as nodes), so the load does not start while one node still has them all; answers each node's share.
 * @param {string} endpoint
 * @param {import('./server-process.mjs').ServerProcess[]} servers
 * @param {number} shards
 * @param {(message: string) => void} log
 */
async function waitForSpread(endpoint, servers, shards, log) {
  const deadline = Date.now() + SPREAD_TIMEOUT_MS;
  for (;;) {
    const response = await fetch(`${endpoint}/_eddy/mappings`);
    /** @type {{ mappings: { kind: string, state: string, shards: { leaseOwner?: string, finished: boolean }[] }[] }} */
    const { mappings } = await response.json();
    const owners = mappings.filter((m) => m.kind === 'stream' && m.state === 'Enabled').flatMap((m) => m.shards.filter((s) => !s.finished).map((s) => s.leaseOwner));
    // Lease owners are `host:pid:uuid` (trigger-supervisor.ts).
    const shares = servers.map((s) => owners.filter((o) => o?.split(':')[1] === String(s.pid)).length);
    const spread = owners.length > 0 && owners.every((o) => o !== undefined) && shares.every((n) => n > 0 || shards < servers.length);
    if (spread) return shares;
    if (Date.now() > deadline) {
      log(`the shards' leases were not spread over the nodes within ${SPREAD_TIMEOUT_MS / 1000} s: ${shares.join(' / ')} of ${owners.length}; measuring anyway`);
      return shares;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/**
 * Sums the `<records> <epoch ms>` lines handlers append to `file` until `records` are there (or the timeout).
 * @param {string} file @param {number} records
 */
async function waitFor(file, records) {
  const from = Date.now();
  let delivered = 0;
  let lastAt = 0;
  let firstAt = Number.NaN;
  while (delivered < records && Date.now() - from < DELIVERY_TIMEOUT_MS) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    delivered = 0;
    for (const line of (await readFile(file, 'utf8')).split('\n')) {
      const [count, at] = line.split(' ');
      if (!count) continue;
      delivered += Number(count);
      lastAt = Math.max(lastAt, Number(at));
      firstAt = Number.isNaN(firstAt) ? Number(at) : Math.min(firstAt, Number(at));
    }
  }
  return { delivered, lastAt, firstAt };
}

const BATCH = 25;

/**
 * BatchWriteItem of `keys` to Backlog, its UnprocessedItems sent again until none is left.
 * @param {URL} endpoint @param {Agent} agent @param {string[]} keys
 */
async function batchWrite(endpoint, agent, keys) {
  /** @type {unknown[]} */
  let requests = keys.map((pk) => ({ PutRequest: { Item: { pk: { S: pk }, v: { N: '1' } } } }));
  while (requests.length > 0) {
    const answer = JSON.parse(await call(endpoint, agent, 'POST', '/', BATCH_HEADERS, JSON.stringify({ RequestItems: { Backlog: requests } })));
    requests = answer.UnprocessedItems?.Backlog ?? [];
  }
}

const BATCH_HEADERS = { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'DynamoDB_20120810.BatchWriteItem' };
const PUT_HEADERS = { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'DynamoDB_20120810.PutItem' };

/**
 * One request as the SDKs send it (a well-formed, unverified SigV4 header); answers the body of a 2xx.
 * @param {URL} endpoint @param {Agent} agent @param {string} method @param {string} path
 * @param {Record<string, string>} headers @param {string} body @returns {Promise<string>}
 */
function call(endpoint, agent, method, path, headers, body) {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: endpoint.hostname,
        port: endpoint.port,
        method,
        path,
        agent,
        headers: { authorization: AUTH, 'x-amz-date': '20261206T000000Z', 'content-length': Buffer.byteLength(body), ...headers },
      },
      (res) => {
        let text = '';
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => (res.statusCode !== undefined && res.statusCode < 300 ? resolve(text) : reject(new Error(`${method} ${path}: ${res.statusCode} ${text}`))));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
