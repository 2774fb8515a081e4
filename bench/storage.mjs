// Eddy on SQLite beside Eddy on PostgreSQL, in one run (issue 22):
//   requests: PutItem, GetItem and Query driven by wrk, exactly as `npm run bench` drives its targets
//             (same Lua scripts, tables, prefill and checks: lib/measure-target.mjs), engines interleaved by round;
//   triggers: stream-trigger records/s end to end with 1, 2 and 3 Eddy nodes on one PostgreSQL database,
//             beside one node on SQLite (lib/storage-triggers.mjs).
// PostgreSQL is a throwaway server started here (lib/postgres-server.mjs) with durability on, pinned to the
// same CPU as Eddy: the server side gets one core whichever engine it uses, wrk (or this process) the other.
// Prints markdown and writes bench/results/storage.json. See docs/benchmarks.md, "PostgreSQL (issue 22)".
import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, release } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chooseCpus, launchPrefix } from './lib/cpu-pinning.mjs';
import { formatLoad, loadSampler } from './lib/process-tree.mjs';
import { startBenchPostgres } from './lib/postgres-server.mjs';
import { OPS } from './lib/report.mjs';
import { ENGINES, measureEngines, sideBySide, storageTarget } from './lib/storage-requests.mjs';
import { measureTriggers } from './lib/storage-triggers.mjs';
import { wrkVersion } from './lib/wrk.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const USAGE = `usage: npm run bench:storage -- [options]
      --phases LIST      requests,triggers (default both)
      --engines LIST     ${ENGINES.join(',')} (default ceiling,sqlite,postgres-ceiling,postgres;
                         postgres-async = synchronous_commit off; the ceilings apply to the requests phase)
  -t, --threads N        wrk threads (default 1)
  -c, --connections N    wrk connections, and concurrent writes in the trigger phase (default 32)
  -d, --duration T       measured run per operation, wrk syntax (default 10s)
      --warmup T         unmeasured run before each measured one; 0 = none (default 2s)
      --rounds N         rounds over the engines (default 2)
      --pick best|median which round gives the figure (default best)
      --ops LIST         put,get,query (default all three)
      --items N          items prefilled for GetItem (default 10000)
      --nodes LIST       Eddy nodes on PostgreSQL in the trigger phase (default 1,2,3; SQLite: always 1)
      --records N        records written in each trigger run (default 5000)
      --backlog N        records written with the second mapping disabled, then drained (default 20000)
      --shards N         stream shards of the trigger table (default 3)
      --pool N           --storage-pool of every Eddy on PostgreSQL (default: Eddy's own, 10)
      --no-pin           do not pin (wrk / this process on one CPU, Eddy and PostgreSQL on the other)
      --no-build         do not run \`npm run build\` first
      --out FILE         results file (default bench/results/storage.json)`;

const { values: flags } = parseFlags();
if (flags.help) {
  console.log(USAGE);
  process.exit(0);
}
const phases = list('phases', ['requests', 'triggers']);
const engines = /** @type {import('./lib/storage-requests.mjs').Engine[]} */ (list('engines', [...ENGINES]));
const ops = /** @type {import('./lib/report.mjs').Op[]} */ (list('ops', Object.keys(OPS)));
const nodeCounts = list('nodes', ['1', '2', '3', '4', '5', '6']).map(Number);
const [threads, connections, rounds, items, records, backlog, shards] = ['threads', 'connections', 'rounds', 'items', 'records', 'backlog', 'shards'].map(positiveInt);
const pool = flags.pool === undefined ? undefined : positiveInt('pool');
const warmup = flags.warmup === '0' ? undefined : flags.warmup;
if (flags.pick !== 'best' && flags.pick !== 'median') usageError(`--pick takes best or median, got ${flags.pick}`);
const pick = /** @type {'best' | 'median'} */ (flags.pick);

const wrk = await wrkVersion();
if (phases.includes('requests') && wrk === undefined) {
  console.error('wrk is not installed: run `bash bench/setup.sh` first.');
  process.exit(1);
}
const pinning = await chooseCpus(!flags['no-pin']);
const launch = { wrk: launchPrefix(pinning?.wrk), server: launchPrefix(pinning?.server) };
if (!flags['no-build']) {
  log('npm run build');
  execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'ignore' });
}

const usesPostgres = engines.some((e) => e.startsWith('postgres')) || phases.includes('triggers');
const postgres = usesPostgres ? await startBenchPostgres({ launch: launch.server }) : undefined;
/** @type {(() => Promise<void>) | undefined} */
let stopLive;
const interrupted = new AbortController();
for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) {
  process.on(signal, async () => {
    interrupted.abort();
    await stopLive?.();
    await postgres?.stop();
    process.exit(130);
  });
}
const postgresVersion = postgres === undefined ? undefined : execFileSync('postgres', ['--version'], { encoding: 'utf8' }).trim();
log(`${pinning ? `wrk and this process on CPU ${pinning.wrk}, Eddy and PostgreSQL on CPU ${pinning.server}` : 'no CPU pinning'}; ${postgresVersion ?? 'no PostgreSQL'}`);

const sections = [];
/** @type {Record<string, unknown>} */
const json = {};
try {
  if (phases.includes('requests')) {
    const targets = engines.map((engine) => storageTarget(engine, { postgres, pool }));
    const load = loadSampler();
    const results = await measureEngines(targets, {
      root: ROOT,
      ops,
      threads,
      connections,
      duration: flags.duration,
      warmup,
      items,
      pinning,
      launch,
      build: false,
      eddyArgs: [],
      rounds,
      pick,
      signal: interrupted.signal,
      log,
      onRunning: (stop) => (stopLive = stop),
    });
    const loadSeen = await load.stop();
    const markdown = sideBySide(results, ops, { rounds, pick });
    sections.push(`wrk -t${threads} -c${connections} -d${flags.duration}, warm-up ${warmup ?? 'none'}; load average (1 min) ${formatLoad(loadSeen)}\n\n${markdown}`);
    json.requests = { results, load: loadSeen };
  }
  if (phases.includes('triggers')) {
    // This process writes the load: on wrk's CPU, as bench/triggers.mjs does.
    if (pinning) execFileSync('taskset', ['-cp', String(pinning.wrk), String(process.pid)], { stdio: 'ignore' });
    const runs = [{ engine: /** @type {const} */ ('sqlite'), nodes: 1 }, ...nodeCounts.map((nodes) => ({ engine: /** @type {const} */ ('postgres'), nodes }))];
    const results = [];
    for (const run of runs) {
      log(`triggers: ${run.engine}, ${run.nodes} node(s), ${records} records`);
      const result = await measureTriggers({ root: ROOT, ...run, records, backlog, shards, connections, pool, postgres, launch: launch.server, log });
      log(`triggers: ${run.engine} × ${run.nodes}: ${Math.round(result.recordsPerSec)} records/s (writes ${Math.round(result.writesPerSec)}/s, lag ${result.lagMs} ms); backlog ${Math.round(result.drainPerSec)} records/s`);
      results.push(result);
    }
    sections.push(triggerTable(results));
    json.triggers = results;
  }
} finally {
  await postgres?.stop();
}

const report = sections.join('\n\n');
const args = process.argv.slice(2).map((a) => (/^[\w./,=:-]+$/.test(a) ? a : `'${a.replaceAll("'", "'\\''")}'`));
const command = `npm run bench:storage${args.length > 0 ? ` -- ${args.join(' ')}` : ''}`;
const out = resolve(ROOT, flags.out);
await mkdir(dirname(out), { recursive: true });
const machine = { cpus: cpus().length, cpuModel: cpus()[0]?.model, kernel: release(), node: process.version, wrk, postgres: postgresVersion };
await writeFile(out, `${JSON.stringify({ date: new Date().toISOString(), command, machine, pinning: pinning ?? null, ...json, markdown: report }, null, 2)}\n`);
console.log(`\n${report}\n\ncommand: ${command}\nresults: ${flags.out}`);

/** @param {import('./lib/storage-triggers.mjs').TriggerResult[]} results */
function triggerTable(results) {
  const us = (/** @type {number | undefined} */ x) => (x === undefined ? '?' : `${Math.round(x)} µs`);
  const lines = [
    `Stream triggers: ${records} PutItem of new keys from ${connections} connections spread over the nodes; a table with ${shards} stream shards, one mapping (BatchSize 100) to a no-op handler. Backlog: ${backlog} records written (BatchWriteItem) with a second such mapping disabled, then the mapping enabled; records/s from enabling to the last batch (in brackets: enabling → first batch; the backlog's BatchWriteItem records/s).`,
    '',
    '| Engine | nodes | shards held per node | writes/s | **records/s end to end** | last ack → last record | backlog drained, records/s | Eddy CPU a record | PostgreSQL CPU a record | idle: Eddy / PostgreSQL CPU | load average: live / backlog |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...results.map((r) =>
      [
        r.engine,
        r.nodes,
        r.shardsPerNode.join(' / '),
        Math.round(r.writesPerSec).toLocaleString('en-US'),
        Number.isNaN(r.recordsPerSec) ? `incomplete: ${r.delivered} of ${r.records}` : `**${Math.round(r.recordsPerSec).toLocaleString('en-US')}**${r.delivered > r.records ? ` (${r.delivered - r.records} delivered twice)` : ''}`,
        `${r.lagMs} ms`,
        Number.isNaN(r.drainPerSec) ? `incomplete: ${r.drained} of ${r.backlog}` : `${Math.round(r.drainPerSec).toLocaleString('en-US')} (${r.drainFirstMs} ms; ${Math.round(r.backlogWritesPerSec).toLocaleString('en-US')})`,
        us(r.eddyCpuUs),
        r.engine === 'postgres' ? us(r.postgresCpuUs) : '—',
        `${r.idleEddyPercent ?? '?'} % / ${r.engine === 'postgres' ? `${r.idlePostgresPercent ?? '?'} %` : '—'}`,
        `${formatLoad(r.load)} / ${formatLoad(r.drainLoad)}`,
      ].join(' | '),
    ).map((row) => `| ${row} |`),
  ];
  return lines.join('\n');
}

function parseFlags() {
  try {
    return parseArgs({
      options: {
        phases: { type: 'string', default: 'requests,triggers' },
        engines: { type: 'string', default: 'ceiling,sqlite,postgres-ceiling,postgres' },
        threads: { type: 'string', short: 't', default: '1' },
        connections: { type: 'string', short: 'c', default: '32' },
        duration: { type: 'string', short: 'd', default: '10s' },
        warmup: { type: 'string', default: '2s' },
        rounds: { type: 'string', default: '2' },
        pick: { type: 'string', default: 'best' },
        ops: { type: 'string', default: 'put,get,query' },
        items: { type: 'string', default: '10000' },
        nodes: { type: 'string', default: '1,2,3' },
        records: { type: 'string', default: '5000' },
        backlog: { type: 'string', default: '20000' },
        shards: { type: 'string', default: '3' },
        pool: { type: 'string' },
        'no-pin': { type: 'boolean', default: false },
        'no-build': { type: 'boolean', default: false },
        out: { type: 'string', default: 'bench/results/storage.json' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    return usageError(error instanceof Error ? error.message : String(error));
  }
}

/** @param {string} message */
function log(message) {
  console.error(`[bench:storage] ${message}`);
}

/** @param {string} name */
function positiveInt(name) {
  const value = Number(flags[name]);
  if (!Number.isInteger(value) || value < 1) usageError(`--${name} must be a positive integer, got ${flags[name]}`);
  return value;
}

/** @param {string} name @param {string[]} allowed */
function list(name, allowed) {
  const values = flags[name].split(',').map((v) => v.trim()).filter((v) => v !== '');
  const unknown = values.filter((v) => !allowed.includes(v));
  if (values.length === 0 || unknown.length > 0) usageError(`--${name} takes a comma-separated list of ${allowed.join(', ')}`);
  return values;
}

/** @param {string} message @returns {never} */
function usageError(message) {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(2);
}
