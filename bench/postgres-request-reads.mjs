// A request process's reads on PostgreSQL (`eddy start --processes N`), in-process: its DynamoDB operations
// (localReads) over a pool of their own, no HTTP, one call after another, against a throwaway durable server
// (bench/lib/postgres-server.mjs). Per build (`--dist`, repeatable: compare a worktree of another commit), the
// median latency of GetItem and Query (10 items) in each round, rounds interleaving the builds, and the
// statements (round trips: pg sends one at a time) each call ran on the request process's pool, and this
// process's CPU a call (the request process's side: the database server's is not counted).
// See docs/benchmarks.md, "the definition check folded into the read".
//
// Usage: npm run build && node bench/postgres-request-reads.mjs [--dist dist] [--dist /tmp/base/dist] [--rounds 9] [--calls 3000]
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startBenchPostgres } from './lib/postgres-server.mjs';

const { values: flags } = parseArgs({
  options: { dist: { type: 'string', multiple: true }, rounds: { type: 'string', default: '9' }, calls: { type: 'string', default: '3000' } },
});
const dists = (flags.dist ?? ['dist']).map((dist) => resolve(dist));
const rounds = Number(flags.rounds);
const calls = Number(flags.calls);
const OPS = {
  GetItem: { TableName: 'bench', Key: { pk: { S: 'p' }, sk: { N: '3' } } },
  Query: { TableName: 'bench', KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': { S: 'p' } } },
};

/** A pool whose statements are counted (`counter.statements`). @param {import('pg').Pool} pool */
function counting(pool) {
  const counter = { statements: 0 };
  const counted = new Proxy(pool, {
    get(target, property) {
      if (property === 'query') return (/** @type {unknown[]} */ ...args) => (counter.statements++, target.query(...args));
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { pool: counted, counter };
}

/** One build's main engine (creates the table, puts 10 items) and request process reads, on a database of its own. */
async function setUp(pg, dist, index) {
  const load = (path) => import(`${dist}/${path}`);
  const [{ openPostgresEngine, PostgresEngine }, { openPgPool }, { dynamodbOperations }, { localReads }, { TableCatalog }, { defaultDeployment }, { systemClock }] = await Promise.all([
    load('storage/postgres/postgres-engine.js'),
    load('storage/postgres/pg-pool.js'),
    load('api/dynamodb-operations.js'),
    load('processes/local-reads.js'),
    load('table/table-catalog.js'),
    load('shared/arns.js'),
    load('shared/clock.js'),
  ]);
  const url = await pg.createDatabase(`request_reads_${index}`);
  const main = await openPostgresEngine({ url });
  const { pool, counter } = counting(await openPgPool({ url, size: 4 }));
  const reader = new PostgresEngine(pool);
  const ctx = { engine: main, catalog: new TableCatalog(main), clock: systemClock, deployment: defaultDeployment };
  await dynamodbOperations.CreateTable(ctx, {
    TableName: 'bench',
    KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
    AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'sk', AttributeType: 'N' }],
    BillingMode: 'PAY_PER_REQUEST',
  });
  for (let i = 0; i < 10; i++) await dynamodbOperations.PutItem(ctx, { TableName: 'bench', Item: { pk: { S: 'p' }, sk: { N: String(i) }, v: { S: 'x'.repeat(100) } } });
  const operations = localReads(reader, defaultDeployment).operations;
  return { dist, operations, counter, close: async () => (await main.close(), await reader.close()) };
}

const pg = await startBenchPostgres();
const builds = [];
try {
  for (const [i, dist] of dists.entries()) builds.push(await setUp(pg, dist, i));
  /** @type {Map<string, number[]>} medians by build and operation */
  const medians = new Map();
  /** @type {Map<string, number>} the least CPU a call of any round (this process: the request process's side) */
  const cpus = new Map();
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? builds : [...builds].reverse();
    for (const build of order) {
      for (const [op, input] of Object.entries(OPS)) {
        const run = build.operations.get(op);
        await run(input); // the definition read and cached
        const times = [];
        const cpu = process.cpuUsage();
        for (let i = 0; i < calls; i++) {
          const start = process.hrtime.bigint();
          await run(input);
          times.push(Number(process.hrtime.bigint() - start) / 1000);
        }
        const used = process.cpuUsage(cpu);
        times.sort((a, b) => a - b);
        const key = `${build.dist} ${op}`;
        medians.set(key, [...(medians.get(key) ?? []), times[times.length >> 1]]);
        cpus.set(key, Math.min(cpus.get(key) ?? Infinity, (used.user + used.system) / calls));
        console.error(`round ${round} ${key}: median ${times[times.length >> 1].toFixed(0)} µs, p90 ${times[Math.floor(times.length * 0.9)].toFixed(0)} µs, load ${loadavg()[0].toFixed(1)}`);
      }
    }
  }
  console.log('| build | operation | statements a call | CPU a call, best round (µs) | median of the rounds’ medians (µs) | rounds’ medians (µs) |\n| --- | --- | --- | --- | --- | --- |');
  for (const build of builds) {
    for (const [op, input] of Object.entries(OPS)) {
      const before = build.counter.statements;
      for (let i = 0; i < 1000; i++) await build.operations.get(op)(input);
      const statements = (build.counter.statements - before) / 1000;
      const all = medians.get(`${build.dist} ${op}`) ?? [];
      const sorted = [...all].sort((a, b) => a - b);
      console.log(`| ${build.dist} | ${op} | ${statements.toFixed(2)} | ${cpus.get(`${build.dist} ${op}`)?.toFixed(1)} | ${sorted[sorted.length >> 1]?.toFixed(0)} | ${all.map((v) => v.toFixed(0)).join(', ')} |`);
    }
  }
} finally {
  for (const build of builds) await build.close();
  await pg.stop();
}
