// PutItem under sustained load against `eddy start --data <temp>` while the size of SQLite's write-ahead log
// is sampled: does the WAL stay bounded, and what do the stalls a checkpoint can cause do to the p99?
// wrk drives PutItem exactly as `npm run bench` does (bench/wrk/put-item.lua, a table with a
// NEW_AND_OLD_IMAGES stream); the WAL file (`<data>/eddy.sqlite-wal`) is stat'ed every 20 ms.
// Rounds alternate the --durability modes given. See docs/benchmarks.md, "Issue 24".
import { statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { benchClient, createBenchTable } from './lib/bench-table.mjs';
import { chooseCpus, launchPrefix } from './lib/cpu-pinning.mjs';
import { cpuUse, sampleCpu } from './lib/cpu-usage.mjs';
import { TABLE_NAME } from './lib/item.mjs';
import { startServerProcess } from './lib/server-process.mjs';
import { runWrk } from './lib/wrk.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const { values: flags } = parseArgs({
  options: {
    duration: { type: 'string', default: '20s' },
    connections: { type: 'string', default: '32' },
    rounds: { type: 'string', default: '2' },
    modes: { type: 'string', default: 'default' },
    'no-pin': { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (flags.help) {
  console.log(`node bench/wal-size.mjs [--duration 20s] [--connections 32] [--rounds 2] [--modes default|power,process] [--no-pin]
  Needs dist/ (npm run build). --modes: each a value of eddy start --durability, or "default" (no flag).`);
  process.exit(0);
}
const pinning = await chooseCpus(!flags['no-pin']);
const launch = { wrk: launchPrefix(pinning?.wrk), server: launchPrefix(pinning?.server) };
const modes = flags.modes.split(',');
const results = [];

for (let round = 1; round <= Number(flags.rounds); round++) {
  for (const mode of modes) {
    const data = await mkdtemp(join(tmpdir(), 'eddy-wal-'));
    const args = mode === 'default' ? [] : ['--durability', mode];
    const server = await startServerProcess({
      name: 'eddy',
      command: ['node', join(ROOT, 'dist/cli/eddy.js'), 'start', '--port', '0', '--data', data, ...args],
      cwd: ROOT,
      launch: launch.server,
    });
    const client = benchClient(server.endpoint);
    try {
      await createBenchTable(client, { stream: true });
      const wal = join(data, 'eddy.sqlite-wal');
      const sizes = [];
      const sampler = setInterval(() => {
        try {
          sizes.push(statSync(wal).size);
        } catch {
          // not there yet
        }
      }, 20);
      const load = loadavg()[0];
      const before = await sampleCpu(server.pid, pinning);
      const wrk = await runWrk({
        endpoint: server.endpoint,
        script: 'put-item',
        scriptArgs: [TABLE_NAME, `r${round}-`],
        threads: 1,
        connections: Number(flags.connections),
        duration: flags.duration,
        launch: launch.wrk,
      });
      clearInterval(sampler);
      const cpu = cpuUse(before, await sampleCpu(server.pid, pinning), wrk.durationUs);
      const result = {
        round,
        mode,
        requestsPerSec: Math.round(wrk.requestsPerSec),
        p50Ms: wrk.latencyUs.p50 / 1000,
        p99Ms: wrk.latencyUs.p99 / 1000,
        maxMs: wrk.latencyUs.max / 1000,
        errors: wrk.errors,
        walMaxMiB: +(Math.max(0, ...sizes) / 2 ** 20).toFixed(1),
        walEndMiB: +((sizes.at(-1) ?? 0) / 2 ** 20).toFixed(1),
        serverCpuPercent: cpu.serverCpuPercent,
        load1: +load.toFixed(2),
      };
      results.push(result);
      console.error(JSON.stringify(result));
    } finally {
      client.destroy();
      await server.stop();
      await rm(data, { recursive: true, force: true });
    }
  }
}

console.log('| round | durability | PutItem req/s | p50 | p99 | max | WAL max | WAL at end | server CPU | load (1 min) |');
console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
for (const r of results) {
  console.log(
    `| ${r.round} | ${r.mode} | ${r.requestsPerSec.toLocaleString('en')} | ${r.p50Ms.toFixed(2)} ms | ${r.p99Ms.toFixed(2)} ms | ${r.maxMs.toFixed(1)} ms | ` +
      `${r.walMaxMiB} MiB | ${r.walEndMiB} MiB | ${r.serverCpuPercent ?? '?'} % | ${r.load1} |`,
  );
}
