// Stream-trigger records/s end to end on one storage engine with N Eddy nodes: one table with a stream of
// `shards` shards, one mapping (BatchSize 100, TRIM_HORIZON) to a no-op JS handler that notes how many
// records each batch held and when; `records` PutItem of new keys from `connections` concurrent requests,
// spread round-robin across the nodes; records/s = records / (first write sent → last batch handled).
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServerProcess } from './server-process.mjs';
import { loadSampler, treeCpuSeconds } from './process-tree.mjs';

const SPREAD_TIMEOUT_MS = 60_000;
const DELIVERY_TIMEOUT_MS = 300_000;
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
 * @property {number | undefined} eddyCpuUs  CPU of all the nodes (process trees) a record, load and delivery
 * @property {number | undefined} postgresCpuUs  CPU of the PostgreSQL server (all backends) a record
 * @property {number[]} shardsPerNode  unfinished shards whose lease each node held before the load
 * @property {{ min: number, max: number } | undefined} load  1-minute load average during the load
 */

/**
 * @param {object} options
 * @param {string} options.root
 * @param {'sqlite' | 'postgres'} options.engine
 * @param {number} options.nodes  1 for SQLite (one process owns the file)
 * @param {number} options.records
 * @param {number} options.shards
 * @param {number} options.connections
 * @param {number | undefined} options.pool
 * @param {import('./postgres-server.mjs').BenchPostgres | undefined} options.postgres
 * @param {string[]} options.launch  argv prefix of every node (taskset)
 * @param {(message: string) => void} options.log
 * @returns {Promise<TriggerResult>}
 */
export async function measureTriggers({ root, engine, nodes, records, shards, connections, pool, postgres, launch, log }) {
  const dir = await mkdtemp(join(tmpdir(), 'eddy-bench-storage-triggers-'));
  const countLog = join(dir, 'count.log');
  await writeFile(countLog, '');
  await writeFile(
    join(dir, 'probe.mjs'),
    `import { appendFileSync } from 'node:fs';
export const noop = async (event) => {
  appendFileSync(${JSON.stringify(countLog)}, event.Records.length + ' ' + Date.now() + '\\n');
};
`,
  );
  const config = join(dir, 'eddy.config.json');
  await writeFile(
    config,
    JSON.stringify({
      tables: { Volume: { partitionKey: { name: 'pk', type: 'S' }, stream: 'NEW_IMAGE' } },
      functions: { noop: { handler: 'probe.mjs#noop', events: [{ stream: { table: 'Volume', batchSize: 100, startingPosition: 'TRIM_HORIZON' } }] } },
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
    const eddyBefore = await treeCpuSeconds(roots);
    const pgBefore = postgres === undefined || engine !== 'postgres' ? undefined : await treeCpuSeconds([postgres.pid]);
    const load = loadSampler();

    const begin = Date.now();
    let next = 0;
    const endpoints = servers.map((s) => new URL(s.endpoint));
    agents.push(...endpoints.map(() => new Agent({ keepAlive: true, maxSockets: connections })));
    await Promise.all(
      Array.from({ length: connections }, async () => {
        while (next < records) {
          const n = next++;
          await putItem(endpoints[n % endpoints.length], agents[n % agents.length], `r-${n}`);
        }
      }),
    );
    const written = Date.now();
    let delivered = 0;
    let lastAt = begin;
    while (delivered < records && Date.now() - written < DELIVERY_TIMEOUT_MS) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      delivered = 0;
      for (const line of (await readFile(countLog, 'utf8')).split('\n')) {
        const [count, at] = line.split(' ');
        if (!count) continue;
        delivered += Number(count);
        lastAt = Math.max(lastAt, Number(at));
      }
    }
    const loadSeen = await load.stop();
    const eddyAfter = await treeCpuSeconds(roots);
    const pgAfter = pgBefore === undefined || postgres === undefined ? undefined : await treeCpuSeconds([postgres.pid]);
    if (delivered < records) log(`triggers ${engine} × ${nodes}: only ${delivered} of ${records} records delivered within ${DELIVERY_TIMEOUT_MS / 1000} s of the last write`);
    const perRecord = (/** @type {number | undefined} */ a, /** @type {number | undefined} */ b) => (a === undefined || b === undefined ? undefined : ((b - a) * 1e6) / records);
    return {
      engine,
      nodes,
      records,
      delivered,
      writesPerSec: records / ((written - begin) / 1000),
      recordsPerSec: delivered < records ? Number.NaN : records / ((lastAt - begin) / 1000),
      lagMs: lastAt - written,
      eddyCpuUs: perRecord(eddyBefore, eddyAfter),
      postgresCpuUs: perRecord(pgBefore, pgAfter),
      shardsPerNode,
      load: loadSeen,
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
    /** @type {{ mappings: { kind: string, shards: { leaseOwner?: string, finished: boolean }[] }[] }} */
    const { mappings } = await response.json();
    const owners = mappings.filter((m) => m.kind === 'stream').flatMap((m) => m.shards.filter((s) => !s.finished).map((s) => s.leaseOwner));
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

/** @param {URL} endpoint @param {Agent} agent @param {string} pk @returns {Promise<void>} */
function putItem(endpoint, agent, pk) {
  const body = JSON.stringify({ TableName: 'Volume', Item: { pk: { S: pk }, v: { N: '1' } } });
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: endpoint.hostname,
        port: endpoint.port,
        method: 'POST',
        path: '/',
        agent,
        headers: {
          authorization: AUTH,
          'x-amz-date': '20261206T000000Z',
          'content-type': 'application/x-amz-json-1.0',
          'x-amz-target': 'DynamoDB_20120810.PutItem',
          'content-length': Buffer.byteLength(body),
        },
      },
      (res) => {
        let text = '';
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`PutItem ${pk}: ${res.statusCode} ${text}`))));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
