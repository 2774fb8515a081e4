// Writes on PostgreSQL from two builds side by side (issue 24): BatchWriteItem items/s, PutItem/s and GetItem/s
// against Eddy on a durable throwaway PostgreSQL (bench/lib/postgres-server.mjs), Eddy and the server pinned
// to one CPU and this client to the other, as bench/storage.mjs pins them. Each build is a directory holding a
// built dist/ (e.g. a `git archive` of the commit before a change, built there); the builds take turns round
// by round, each round on a fresh database, so that the machine's load falls on both alike.
//
//   node bench/batch-write.mjs --roots /tmp/before,. [--items 5000] [--batch-concurrency 4] [--rounds 3]
//
// BatchWriteItem: `--items` new items in requests of 25, `--batch-concurrency` requests in flight, table
// `bench` with a NEW_AND_OLD_IMAGES stream. PutItem: as many new items, 32 in flight. GetItem: each of the
// PutItem's items read once, 32 in flight. Every figure is the whole phase's count over its wall time; the
// table gives each build's best round and every round.
// See docs/benchmarks.md, "Issue 24 on PostgreSQL".
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { benchClient, createBenchTable } from './lib/bench-table.mjs';
import { chooseCpus, launchPrefix } from './lib/cpu-pinning.mjs';
import { benchItem, TABLE_NAME } from './lib/item.mjs';
import { jsonClient } from './lib/json-client.mjs';
import { startBenchPostgres } from './lib/postgres-server.mjs';
import { formatLoad, loadSampler } from './lib/process-tree.mjs';
import { startServerProcess } from './lib/server-process.mjs';

const { values: flags } = parseArgs({
  options: {
    roots: { type: 'string', default: '.' },
    items: { type: 'string', default: '5000' },
    'batch-concurrency': { type: 'string', default: '4' },
    rounds: { type: 'string', default: '3' },
    'no-pin': { type: 'boolean', default: false },
  },
});
const roots = flags.roots.split(',').map((root) => resolve(root));
const items = Number(flags.items);
const batchConcurrency = Number(flags['batch-concurrency']);
const rounds = Number(flags.rounds);
for (const root of roots) {
  if (!existsSync(join(root, 'dist/cli/eddy.js'))) throw new Error(`${root}/dist/cli/eddy.js does not exist (build it first)`);
}

const pinning = await chooseCpus(!flags['no-pin']);
const launch = launchPrefix(pinning?.server);
if (pinning) execFileSync('taskset', ['-cp', String(pinning.wrk), String(process.pid)], { stdio: 'ignore' });
const postgres = await startBenchPostgres({ launch });

/** @type {Record<string, { batch: number[], put: number[], get: number[], load: string[] }>} */
const results = Object.fromEntries(roots.map((root) => [root, { batch: [], put: [], get: [], load: [] }]));
try {
  for (let round = 1; round <= rounds; round++) {
    for (const [i, root] of roots.entries()) {
      const figures = await measure(root, `bw_${round}_${i}`);
      const result = results[root];
      result.batch.push(figures.batch);
      result.put.push(figures.put);
      result.get.push(figures.get);
      result.load.push(figures.load);
      console.log(`round ${round} ${root}: BatchWriteItem ${figures.batch} items/s, PutItem ${figures.put}/s, GetItem ${figures.get}/s (load ${figures.load})`);
    }
  }
} finally {
  await postgres.stop();
}

console.log(`\n${items} items a phase; BatchWriteItem of 25, ${batchConcurrency} in flight; PutItem and GetItem 32 in flight; ${rounds} rounds, best (every round):`);
console.log('| build | BatchWriteItem items/s | PutItem/s | GetItem/s | load average |');
console.log('| --- | --- | --- | --- | --- |');
for (const root of roots) {
  const { batch, put, get, load } = results[root];
  const cell = (/** @type {number[]} */ list) => `${Math.max(...list).toLocaleString('en')} (${list.map((n) => n.toLocaleString('en')).join(', ')})`;
  console.log(`| ${root} | ${cell(batch)} | ${cell(put)} | ${cell(get)} | ${load.join('; ')} |`);
}

/**
 * One build on a fresh database: the three phases, each timed alone.
 * @param {string} root @param {string} database
 */
async function measure(root, database) {
  const url = await postgres.createDatabase(database);
  const data = await mkdtemp(join(tmpdir(), 'eddy-bench-bw-'));
  const command = ['node', join(root, 'dist/cli/eddy.js'), 'start', '--port', '0', '--data', data, '--storage', url];
  const server = await startServerProcess({ name: 'eddy', command, cwd: root, launch });
  const client = jsonClient(server.endpoint, 32);
  const sdk = benchClient(server.endpoint);
  const load = loadSampler(1_000);
  try {
    await createBenchTable(sdk);
    const batch = await timed(items, async () => {
      const batches = Math.ceil(items / 25);
      await inFlight(batches, batchConcurrency, async (b) => {
        let requests = Array.from({ length: Math.min(25, items - b * 25) }, (_, j) => ({ PutRequest: { Item: benchItem(`batch-${b * 25 + j}`, j) } }));
        while (requests.length > 0) {
          const answer = await client.call('DynamoDB_20120810.BatchWriteItem', { RequestItems: { [TABLE_NAME]: requests } });
          requests = answer.UnprocessedItems?.[TABLE_NAME] ?? [];
        }
      });
    });
    const put = await timed(items, () => inFlight(items, 32, (n) => client.call('DynamoDB_20120810.PutItem', { TableName: TABLE_NAME, Item: benchItem(`put-${n}`, n) })));
    const get = await timed(items, () =>
      inFlight(items, 32, async (n) => {
        const answer = await client.call('DynamoDB_20120810.GetItem', { TableName: TABLE_NAME, Key: { pk: { S: `put-${n}` } } });
        if (answer.Item === undefined) throw new Error(`put-${n} was not found`);
      }),
    );
    return { batch, put, get, load: formatLoad(await load.stop()) };
  } finally {
    sdk.destroy();
    client.close();
    await server.stop();
    await rm(data, { recursive: true, force: true });
    await postgres.dropDatabase(database);
  }
}

/** `count` over the seconds `work` took, rounded. @param {number} count @param {() => Promise<unknown>} work */
async function timed(count, work) {
  const started = performance.now();
  await work();
  return Math.round(count / ((performance.now() - started) / 1000));
}

/** Runs `task(0)` … `task(count - 1)`, `width` at a time. @param {number} count @param {number} width @param {(n: number) => Promise<unknown>} task */
async function inFlight(count, width, task) {
  let next = 0;
  const worker = async () => {
    while (next < count) await task(next++);
  };
  await Promise.all(Array.from({ length: width }, worker));
}
