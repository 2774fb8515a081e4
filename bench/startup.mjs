// Start-up benchmark (issue 24: ready ≤ 300 ms, idle RSS ≤ 80 MiB with the user-signup example's config).
// Spawns the built `eddy start` (dist/, as users run it) with examples/user-signup/eddy.config.ts, each round
// on a fresh data directory and then once more on the same one (a restart: tables and functions exist, the
// handlers' bundles are cached), and times from spawn to the "Eddy is ready" line and to the first DynamoDB
// request answered (ListTables, polled from spawn). After --settle ms without requests it reads the idle
// RSS from /proc (Eddy's own process, and with its children: esbuild's service process when a build
// started one), then sends the first application request (GET /users/{id}: a cold function, 404 from its
// handler), times it, and reads the RSS again after another --settle ms.
//
// --eddy-args passes more arguments to `eddy start` (e.g. "--durability process", to see what the flushes cost).
//
// Eddy runs with this process's environment. One variable there weighs on every start: Node 20 reads the
// certificates NODE_EXTRA_CA_CERTS names (and builds its whole root store) before running any JavaScript, about
// 40 ms of CPU on the machine of docs/benchmarks.md; the summary says when it is set.
//
//   npm run bench:startup -- --rounds 10 --settle 2000 [--eddy-args "..."] [--no-build] [--json]
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values: flags } = parseArgs({
  options: {
    rounds: { type: 'string', default: '5' },
    settle: { type: 'string', default: '2000' },
    config: { type: 'string', default: 'examples/user-signup/eddy.config.ts' },
    'eddy-args': { type: 'string', default: '' },
    'no-build': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (flags.help) {
  console.log('Usage: node bench/startup.mjs [--rounds N] [--settle MS] [--config FILE] [--eddy-args "ARGS"] [--no-build] [--json]');
  process.exit(0);
}
const rounds = Number(flags.rounds);
const settleMs = Number(flags.settle);
if (!flags['no-build']) execFileSync(process.execPath, [join(root, 'scripts/build.mjs')], { stdio: 'inherit' });

async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Resident set size in KiB of `pid`, and of `pid` with every descendant; and the threads `pid` runs. */
function rss(pid) {
  const ppid = new Map();
  const own = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const status = readFileSync(`/proc/${entry}/status`, 'utf8');
      ppid.set(Number(entry), Number(/^PPid:\s+(\d+)/m.exec(status)?.[1]));
      own.set(Number(entry), Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0));
    } catch {
      // gone meanwhile
    }
  }
  let tree = 0;
  for (const [at, kib] of own) {
    let up = at;
    while (up > 1 && up !== pid) up = ppid.get(up) ?? 0;
    if (up === pid) tree += kib;
  }
  const threads = Number(/^Threads:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
  return { own: own.get(pid) ?? 0, tree, threads };
}

/** CPU time (user + system, every thread) `pid` has used so far, in ms: less at the mercy of a busy machine than wall time. */
function cpuMs(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
}
const ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());

/** Polls `request` from now on until it answers; the milliseconds since `t0` when it did. */
async function firstAnswer(t0, request, deadline) {
  for (;;) {
    try {
      const response = await request();
      await response.arrayBuffer();
      if (response.status < 500) return performance.now() - t0;
    } catch {
      // not listening yet
    }
    if (performance.now() > deadline) throw new Error('no answer within the deadline');
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

/** One start of Eddy on `data`: the three times, the idle RSS, and what it printed. */
async function startOnce(data, signupData) {
  const port = await freePort();
  const httpPort = await freePort();
  const args = [join(root, 'dist/cli/eddy.js'), 'start', '--port', String(port), '--http-port', String(httpPort), '--data', data, '--config', join(root, flags.config), ...flags['eddy-args'].split(' ').filter(Boolean)];
  const t0 = performance.now();
  const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, USER_SIGNUP_DATA: signupData } });
  let output = '';
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const ready = new Promise((resolve, reject) => {
    const onData = (chunk) => {
      output += chunk;
      if (output.includes('Eddy is ready on')) resolve({ ms: performance.now() - t0, cpuMs: cpuMs(/** @type {number} */ (child.pid)) });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk) => (output += chunk));
    exited.then((code) => reject(new Error(`eddy exited (${code}) before it was ready:\n${output}`)));
  });
  const deadline = t0 + 30_000;
  const listTables = () =>
    fetch(`http://127.0.0.1:${port}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'DynamoDB_20120810.ListTables' },
      body: '{}',
    });
  const api = firstAnswer(t0, listTables, deadline);
  const { ms: readyMs, cpuMs: readyCpuMs } = await ready;
  const apiMs = await api;
  await new Promise((resolve) => setTimeout(resolve, settleMs));
  const idle = rss(/** @type {number} */ (child.pid));
  // The first application request starts a function (its worker, its bundle loaded): timed from when it is sent.
  const sent = performance.now();
  const appMs = await firstAnswer(sent, () => fetch(`http://127.0.0.1:${httpPort}/users/nobody`), deadline);
  await new Promise((resolve) => setTimeout(resolve, settleMs));
  const used = rss(/** @type {number} */ (child.pid));
  child.kill('SIGTERM');
  await exited;
  return { readyMs, readyCpuMs, apiMs, appMs, rssKiB: idle.own, treeRssKiB: idle.tree, idleThreads: idle.threads, usedRssKiB: used.own, usedTreeRssKiB: used.tree, output };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const max = (xs) => Math.max(...xs);
const results = { fresh: [], restart: [] };
const loadBefore = loadavg();
for (let round = 0; round < rounds; round++) {
  const dir = mkdtempSync(join(tmpdir(), 'eddy-startup-'));
  try {
    results.fresh.push(await startOnce(join(dir, 'data'), join(dir, 'user-signup')));
    results.restart.push(await startOnce(join(dir, 'data'), join(dir, 'user-signup')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  if (!flags.json) process.stderr.write(`round ${round + 1}/${rounds}: fresh ready ${results.fresh.at(-1).readyMs.toFixed(0)} ms, restart ready ${results.restart.at(-1).readyMs.toFixed(0)} ms\n`);
}
const loadAfter = loadavg();

const command = `node bench/startup.mjs ${process.argv.slice(2).join(' ')}`.trim();
const summary = Object.fromEntries(
  Object.entries(results).map(([kind, runs]) => [
    kind,
    Object.fromEntries(
      ['readyMs', 'readyCpuMs', 'apiMs', 'appMs', 'rssKiB', 'treeRssKiB', 'usedRssKiB', 'usedTreeRssKiB', 'idleThreads'].map((key) => [key, { median: median(runs.map((r) => r[key])), max: max(runs.map((r) => r[key])) }]),
    ),
  ]),
);
if (flags.json) {
  console.log(JSON.stringify({ command, rounds, settleMs, loadBefore, loadAfter, extraCaCerts: process.env.NODE_EXTRA_CA_CERTS ?? null, summary, runs: results }, (key, value) => (key === 'output' ? undefined : value), 2));
} else {
  const ms = (s) => `${s.median.toFixed(0)} / ${s.max.toFixed(0)} ms`;
  const mib = (s) => `${(s.median / 1024).toFixed(1)} / ${(s.max / 1024).toFixed(1)} MiB`;
  console.log(`\n${new Date().toISOString()}  ${command}`);
  console.log(`node ${process.version}, load average ${loadBefore.map((l) => l.toFixed(2)).join(' ')} before, ${loadAfter.map((l) => l.toFixed(2)).join(' ')} after`);
  if (process.env.NODE_EXTRA_CA_CERTS) console.log(`NODE_EXTRA_CA_CERTS is set (${process.env.NODE_EXTRA_CA_CERTS}): Node's own start reads it first`);
  console.log(`${rounds} rounds, ${flags.config}, median / max:\n`);
  console.log('| start | to ready | CPU time to ready | to first ListTables | first app request (cold function) | idle RSS | idle RSS with children | RSS after the request | … with children | idle threads |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const [kind, s] of Object.entries(summary)) {
    console.log(`| ${kind === 'fresh' ? 'fresh data dir' : 'restart (same dir)'} | ${ms(s.readyMs)} | ${ms(s.readyCpuMs)} | ${ms(s.apiMs)} | ${ms(s.appMs)} | ${mib(s.rssKiB)} | ${mib(s.treeRssKiB)} | ${mib(s.usedRssKiB)} | ${mib(s.usedTreeRssKiB)} | ${s.idleThreads.median} / ${s.idleThreads.max} |`);
  }
}
