// Where a PutItem's time goes on PostgreSQL: the same wrk PutItem load as `npm run bench` against Eddy on
// PostgreSQL (durable, pinned with Eddy to one CPU, wrk on the other), in variants — stream on or off,
// synchronous_commit on or off — and for each, what Eddy's connections were doing (pg_stat_activity sampled
// every 10 ms: on CPU, idle in transaction, or waiting, and on what) and the statements that took the
// server's time (pg_stat_statements). `node bench/storage-waits.mjs [--duration 8s] [--profile DIR] [--no-build]`;
// --profile writes each Eddy's CPU profile (node --cpu-prof) into DIR.
// See docs/benchmarks.md, "PostgreSQL (issue 22)".
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { benchClient, createBenchTable } from './lib/bench-table.mjs';
import { chooseCpus, launchPrefix } from './lib/cpu-pinning.mjs';
import { TABLE_NAME } from './lib/item.mjs';
import { startBenchPostgres } from './lib/postgres-server.mjs';
import { formatLoad, loadSampler } from './lib/process-tree.mjs';
import { startServerProcess } from './lib/server-process.mjs';
import { runWrk } from './lib/wrk.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const { values: flags } = parseArgs({
  options: {
    duration: { type: 'string', default: '8s' },
    connections: { type: 'string', default: '32' },
    profile: { type: 'string' },
    'no-build': { type: 'boolean', default: false },
  },
});
const VARIANTS = [
  { id: 'stream, synchronous_commit on', stream: true, synchronousCommit: true },
  { id: 'no stream, synchronous_commit on', stream: false, synchronousCommit: true },
  { id: 'stream, synchronous_commit off', stream: true, synchronousCommit: false },
];

if (!flags['no-build']) execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'ignore' });
const pinning = await chooseCpus(true);
const launch = { wrk: launchPrefix(pinning?.wrk), server: launchPrefix(pinning?.server) };
const postgres = await startBenchPostgres({ launch: launch.server, settings: ['shared_preload_libraries=pg_stat_statements', 'pg_stat_statements.track=all', 'pg_stat_statements.track_planning=on'] });
const sections = [];
try {
  const admin = new pg.Client({ connectionString: postgres.server });
  await admin.connect();
  await admin.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
  for (const [i, variant] of VARIANTS.entries()) {
    const name = `waits_${i}`;
    const url = await postgres.createDatabase(name, { synchronousCommit: variant.synchronousCommit });
    const data = await mkdtemp(join(tmpdir(), 'eddy-bench-waits-'));
    const profile = flags.profile === undefined ? [] : ['--cpu-prof', '--cpu-prof-dir', flags.profile, '--cpu-prof-name', `eddy-${name}.cpuprofile`];
    const command = ['node', ...profile, join(ROOT, 'dist/cli/eddy.js'), 'start', '--port', '0', '--data', data, '--storage', url];
    const server = await startServerProcess({ name: 'eddy', command, cwd: ROOT, launch: launch.server });
    const client = benchClient(server.endpoint);
    try {
      await createBenchTable(client, { stream: variant.stream });
      const wrk = { endpoint: server.endpoint, script: /** @type {const} */ ('put-item'), threads: 1, connections: Number(flags.connections), launch: launch.wrk };
      await runWrk({ ...wrk, duration: '2s', scriptArgs: [TABLE_NAME, 'warm-'] });
      await admin.query('SELECT pg_stat_statements_reset()');
      const load = loadSampler();
      const sampling = sampleWaits(admin, name);
      const result = await runWrk({ ...wrk, duration: flags.duration, scriptArgs: [TABLE_NAME, 'item-'] });
      const waits = await sampling.stop();
      const statements = await topStatements(admin, name);
      const p = (/** @type {number} */ us) => `${(us / 1000).toFixed(2)} ms`;
      sections.push(
        [
          `### ${variant.id}: ${Math.round(result.requestsPerSec).toLocaleString('en-US')} PutItem/s, p50 ${p(result.latencyUs.p50)}, p99 ${p(result.latencyUs.p99)}; load average ${formatLoad(await load.stop())}`,
          '',
          `Eddy's connections, ${waits.samples} samples (share of connection-samples; idle = back in the pool):`,
          '',
          ...waits.rows.map(([what, share]) => `- ${what}: ${share}`),
          '',
          '| statement | calls | mean execution | mean planning | total (both) |',
          '| --- | --- | --- | --- | --- |',
          ...statements.map((s) => `| \`${s.query}\` | ${s.calls} | ${Number(s.mean).toFixed(3)} ms | ${Number(s.plan).toFixed(3)} ms | ${Math.round(Number(s.total))} ms |`),
        ].join('\n'),
      );
    } finally {
      client.destroy();
      await server.stop();
      await postgres.dropDatabase(name);
      await rm(data, { recursive: true, force: true });
    }
  }
  await admin.end();
} finally {
  await postgres.stop();
}
console.log(`\n${sections.join('\n\n')}`);

/** @param {pg.Client} admin @param {string} database */
function sampleWaits(admin, database) {
  /** @type {Map<string, number>} */
  const counts = new Map();
  let samples = 0;
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const { rows } = await admin.query(
        `SELECT state, wait_event_type, wait_event FROM pg_stat_activity WHERE datname = $1 AND backend_type = 'client backend' AND query NOT LIKE 'LISTEN%'`,
        [database],
      );
      samples += 1;
      for (const r of rows) {
        const what = r.state === 'active' ? (r.wait_event ? `active, waiting on ${r.wait_event_type}:${r.wait_event}` : 'active, on CPU (or runnable)') : `${r.state}${r.wait_event && r.state !== 'idle' ? ` (${r.wait_event})` : ''}`;
        counts.set(what, (counts.get(what) ?? 0) + 1);
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
      const total = [...counts.values()].reduce((a, b) => a + b, 0);
      const rows = [...counts].sort((a, b) => b[1] - a[1]).map(([what, n]) => [what, `${((100 * n) / total).toFixed(1)} %`]);
      return { samples, rows };
    },
  };
}

/** @param {pg.Client} admin @param {string} database */
async function topStatements(admin, database) {
  const { rows } = await admin.query(
    `SELECT left(regexp_replace(query, '\\s+', ' ', 'g'), 110) AS query, calls, mean_exec_time AS mean, mean_plan_time AS plan,
            total_exec_time + total_plan_time AS total
     FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid WHERE d.datname = $1 ORDER BY total_exec_time + total_plan_time DESC LIMIT 8`,
    [database],
  );
  return rows;
}
