// Where a request's CPU time goes: Eddy (or the ceiling) started under `node --cpu-prof`, pinned like the
// throughput benchmark (wrk on one CPU, the server on the other), one operation driven by wrk, the server
// stopped so that it writes its profile, and the profile's self time summed by category — Node's HTTP
// and sockets, SQLite, Eddy's front (routing, body, signature, response), DynamoDB validation and
// operation code, GC … — as a share of the busy time and as µs a request. Only the samples taken while wrk
// ran are counted: the start, the table's creation and its prefill (10,000 durable writes, 15–20 % of a
// 15 s Query profile) are left out. The profile's timestamps and process.hrtime are the same monotonic
// clock, in µs. Beside the profile, the server's CPU time over wrk's run as the kernel counts it (/proc, user and
// system): the profile samples a thread blocked in a system call as that call, so `writev` there is mostly the
// kernel's work on the loopback, which the system time shows. See docs/benchmarks.md.
//
// Usage: npm run build && npm run bench:profile -- --op get [--target eddy|ceiling] [--duration 20s]
//        [--eddy-args="--durability process"] [--keep DIR] [--top N] [--no-profile]
//        (--no-profile: no profiler, only the /proc CPU time)
import { readFileSync, readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { benchClient, createBenchTable, prefillItems } from './lib/bench-table.mjs';
import { chooseCpus, launchPrefix } from './lib/cpu-pinning.mjs';
import { PREFILL_KEY_PREFIX, QUERY_LIMIT, QUERY_PARTITION_PREFIX, QUERY_PARTITIONS, QUERY_SORT_KEY_PREFIX, QUERY_TABLE_NAME, TABLE_NAME } from './lib/item.mjs';
import { createQueryTable } from './lib/query-table.mjs';
import { startServerProcess } from './lib/server-process.mjs';
import { runWrk } from './lib/wrk.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const ITEMS = 10_000;
const { values: flags } = parseArgs({
  options: {
    op: { type: 'string', default: 'get' },
    target: { type: 'string', default: 'eddy' },
    duration: { type: 'string', default: '20s' },
    connections: { type: 'string', default: '32' },
    'eddy-args': { type: 'string', default: '' },
    keep: { type: 'string' },
    top: { type: 'string', default: '0' },
    'no-profile': { type: 'boolean', default: false },
  },
});
const op = /** @type {'put' | 'get' | 'query'} */ (flags.op);
if (!['put', 'get', 'query'].includes(op)) throw new Error(`--op takes put, get or query, got ${op}`);

const pinning = await chooseCpus(true);
const profiles = flags.keep ?? (await mkdtemp(join(tmpdir(), 'eddy-request-profile-')));
const data = await mkdtemp(join(tmpdir(), 'eddy-request-profile-data-'));
const cli = join(ROOT, 'dist/cli/eddy.js');
const profiling = flags['no-profile'] ? ['node'] : ['node', '--cpu-prof', `--cpu-prof-dir=${profiles}`];
const command =
  flags.target === 'ceiling'
    ? [...profiling, join(ROOT, 'bench/ceiling-server.mjs')]
    : [...profiling, cli, 'start', '--port', '0', '--data', data, ...flags['eddy-args'].split(' ').filter(Boolean)];
const server = await startServerProcess({ name: flags.target, command, cwd: ROOT, launch: launchPrefix(pinning?.server) });
let requests = 0;
/** The server's CPU time over wrk's run, in µs. */
let cpu = { user: 0, system: 0 };
/** The load's window on the monotonic clock, in µs (the profile's timestamps). */
const window = { from: 0, to: Infinity };
try {
  if (flags.target !== 'ceiling') {
    const client = benchClient(server.endpoint);
    await createBenchTable(client, { stream: true });
    if (op === 'get') await prefillItems(server.endpoint, ITEMS);
    if (op === 'query') await createQueryTable(client, server.endpoint, { stream: true });
    client.destroy();
  }
  const scriptArgs = {
    put: [TABLE_NAME, 'item-'],
    get: [TABLE_NAME, PREFILL_KEY_PREFIX, String(ITEMS)],
    query: [QUERY_TABLE_NAME, QUERY_PARTITION_PREFIX, String(QUERY_PARTITIONS), QUERY_SORT_KEY_PREFIX, String(QUERY_LIMIT)],
  }[op];
  const script = { put: 'put-item', get: 'get-item', query: 'query' }[op];
  const cpuBefore = processCpu(server.pid);
  window.from = Number(process.hrtime.bigint() / 1000n);
  const result = await runWrk({
    endpoint: server.endpoint,
    script,
    scriptArgs,
    threads: 1,
    connections: Number(flags.connections),
    duration: flags.duration,
    launch: launchPrefix(pinning?.wrk),
  });
  window.to = Number(process.hrtime.bigint() / 1000n);
  const cpuAfter = processCpu(server.pid);
  cpu = { user: cpuAfter.user - cpuBefore.user, system: cpuAfter.system - cpuBefore.system };
  requests = result.requests;
  console.log(`${flags.target} ${op}: ${Math.round(result.requestsPerSec)} req/s, p50 ${result.latencyUs.p50} µs, p99 ${result.latencyUs.p99} µs (${requests} requests)`);
} finally {
  await server.stop();
  await rm(data, { recursive: true, force: true });
}

const cpuLine = `CPU over wrk's run (/proc${flags['no-profile'] ? '' : ', profiler included'}): user ${(cpu.user / requests).toFixed(1)}, system ${(cpu.system / requests).toFixed(1)} µs a request`;
if (flags['no-profile']) {
  console.log(cpuLine);
  await rm(profiles, { recursive: true, force: true });
  process.exit(0);
}

// The main thread's profile is the largest (workers write their own).
const [file] = readdirSync(profiles)
  .filter((f) => f.endsWith('.cpuprofile'))
  .map((f) => join(profiles, f))
  .sort((a, b) => readFileSync(b).length - readFileSync(a).length);
if (file === undefined) throw new Error(`no profile written to ${profiles}`);
report(JSON.parse(readFileSync(file, 'utf8')), requests, window);
console.log(`\n${cpuLine}`);
if (flags.keep === undefined) await rm(profiles, { recursive: true, force: true });
else console.log(`profile: ${file}`);

/**
 * @param {{ nodes: { id: number, callFrame: { functionName: string, url: string, lineNumber: number } }[], startTime: number, samples: number[], timeDeltas: number[] }} profile
 * @param {number} requests
 * @param {{ from: number, to: number }} window
 */
function report(profile, requests, window) {
  const modules = bundleModules();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  /** @type {Map<string, number>} */
  const categories = new Map();
  /** @type {Map<string, number>} */
  const functions = new Map();
  let total = 0;
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    const micros = profile.timeDeltas[i] ?? 0;
    at += micros;
    if (at < window.from || at > window.to) return;
    const node = /** @type {typeof profile.nodes[number]} */ (byId.get(id));
    const category = categoryOf(node.callFrame, modules);
    categories.set(category, (categories.get(category) ?? 0) + micros);
    const name = `${node.callFrame.functionName || '(anonymous)'} ${node.callFrame.url.replace(/^.*\/(dist|bench)\//, '$1/')}`;
    if (category !== 'idle') functions.set(name, (functions.get(name) ?? 0) + micros);
    total += micros;
  });
  const busy = total - (categories.get('idle') ?? 0);
  console.log(`busy ${(busy / 1e6).toFixed(2)} s of ${(total / 1e6).toFixed(2)} s profiled: ${(busy / requests).toFixed(1)} µs a request (wrk's run only)`);
  console.log('| where (self time) | share of busy | µs a request |\n| --- | --- | --- |');
  for (const [category, micros] of [...categories].filter(([c]) => c !== 'idle').sort((a, b) => b[1] - a[1])) {
    if (micros / busy < 0.005) continue;
    console.log(`| ${category} | ${((100 * micros) / busy).toFixed(1)} % | ${(micros / requests).toFixed(1)} |`);
  }
  const top = Number(flags.top);
  if (top > 0) {
    console.log(`\ntop ${top} functions by self time:`);
    for (const [name, micros] of [...functions].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${((100 * micros) / busy).toFixed(1).padStart(5)} %  ${name}`);
  }
}

/**
 * The `// src/…` module markers of each bundle file a profile names (the CLI's bundle and its chunks): the
 * first line of each module, in order, by file URL.
 * @returns {(url: string) => [number, string][]}
 */
function bundleModules() {
  /** @type {Map<string, [number, string][]>} */
  const byUrl = new Map();
  return (url) => {
    let markers = byUrl.get(url);
    if (markers === undefined) {
      markers = [];
      let text = '';
      try {
        // The command's bundle is compiled by vm.Script (src/cli/load-command-line.ts): its frames name a path, not a URL.
        text = readFileSync(url.startsWith('file:') ? fileURLToPath(url) : url, 'utf8');
      } catch {
        // not a file: no modules
      }
      text.split('\n').forEach((line, i) => {
        const match = /^\/\/ ((?:src|node_modules)\/\S+)$/.exec(line);
        if (match) markers.push([i, /** @type {string} */ (match[1])]);
      });
      byUrl.set(url, markers);
    }
    return markers;
  };
}

/**
 * @param {{ functionName: string, url: string, lineNumber: number }} frame
 * @param {(url: string) => [number, string][]} modules
 */
function categoryOf({ functionName, url, lineNumber }, modules) {
  if (functionName === '(idle)') return 'idle';
  if (functionName === '(garbage collector)') return 'garbage collector';
  if (functionName === '(program)') return 'V8 and Node, unattributed (program)';
  if (url.includes('async_hooks')) return 'async hooks';
  if (functionName === 'writev' || functionName === 'writeUtf8String' || /^node:(_http|net|internal\/(stream|streams|http)|events)/.test(url)) {
    return "Node's HTTP, sockets and streams";
  }
  if (url.includes('zlib') || functionName === 'crc32') return 'zlib (CRC32 of answers, stream blocks)';
  if (functionName === 'fdatasync' || url === 'node:fs') return 'fs (WAL flushes)';
  if (functionName.startsWith('compile') || url.includes('/modules/')) return 'start-up: compiling and loading modules';
  if (url.startsWith('node:') || url === '') return `Node, other (${functionName || 'anonymous'})`.replace(/\(\(/, '(');
  if (url.includes('/bench/')) return 'the server script';
  if (!url.includes('/dist/')) return `other (${url})`;
  const module = moduleAt(modules(url), lineNumber);
  if (module.startsWith('src/storage/sqlite')) return 'SQLite engine, with better-sqlite3 calls';
  if (module.startsWith('src/storage')) return 'storage, shared';
  if (module.startsWith('src/api') || module.startsWith('src/auth') || module.startsWith('src/shared/read-body')) {
    return "Eddy's HTTP front: route, body, signature, answer";
  }
  if (module.includes('/validation/') || module.startsWith('src/shared/validation')) return 'DynamoDB request validation';
  if (module.startsWith('src/table/expressions')) return 'DynamoDB expressions';
  if (module.startsWith('src/table')) return 'DynamoDB operations: keys, items, marshalling';
  if (module.startsWith('src/streams')) return 'stream records';
  return `Eddy, other (${module.split('/').slice(0, 2).join('/')})`;
}

/**
 * @param {[number, string][]} modules
 * @param {number} line
 */
function moduleAt(modules, line) {
  let found = '?';
  for (let lo = 0, hi = modules.length - 1; lo <= hi; ) {
    const mid = (lo + hi) >> 1;
    const [start, name] = /** @type {[number, string]} */ (modules[mid]);
    if (start <= line) {
      found = name;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/**
 * A process's CPU time so far, all threads, from /proc/PID/stat (clock ticks of 10 ms: over a 15 s run of
 * 100,000 requests, 0.1 µs a request).
 * @param {number} pid
 * @returns {{ user: number, system: number }} µs
 */
function processCpu(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return { user: Number(fields[11]) * 10_000, system: Number(fields[12]) * 10_000 };
}
