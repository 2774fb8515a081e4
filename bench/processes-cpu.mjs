// CPU time a request of each Eddy process (the main process, and each request process with --processes N),
// read from /proc over a wrk run: which process pays for a PutItem or a GetItem, steadier than requests/s on a
// shared machine (a busy machine slows every hop; the CPU a request costs moves less). Linux only; wrk on CPU 0,
// Eddy unpinned. Each request process's figure is its CPU over all the run's requests (add them for the total).
// See docs/benchmarks.md.
//
// Usage: npm run build && node bench/processes-cpu.mjs [--checkout DIR] [--processes 2] [--seconds 5] [--op put|get]
//        (--checkout: another worktree's dist/ and bench/, to compare builds in the same minute)
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values: flags } = parseArgs({
  options: { checkout: { type: 'string' }, processes: { type: 'string', default: '2' }, seconds: { type: 'string', default: '5' }, op: { type: 'string', default: 'put' } },
});
const checkout = resolve(flags.checkout ?? fileURLToPath(new URL('..', import.meta.url)));
const { benchClient, createBenchTable } = await import(join(checkout, 'bench/lib/bench-table.mjs'));
const data = mkdtempSync(join(tmpdir(), 'eddy-processes-cpu-'));
const several = Number(flags.processes) > 1 ? ['--processes', flags.processes] : [];
const eddy = spawn(process.execPath, [join(checkout, 'dist/cli/eddy.js'), 'start', '--port', '0', '--data', data, ...several], { stdio: ['ignore', 'pipe', 'inherit'] });
try {
  let out = '';
  const endpoint = await new Promise((resolveEndpoint, reject) => {
    eddy.once('exit', () => reject(new Error(`eddy exited: ${out}`)));
    eddy.stdout.on('data', (chunk) => {
      out += chunk;
      const ready = /ready on (http:\/\/\S+)/.exec(out);
      if (ready) resolveEndpoint(ready[1]);
    });
  });
  /** utime + stime, in clock ticks (100 a second). */
  const ticks = (pid) => {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return Number(fields[11]) + Number(fields[12]);
  };
  const requestProcesses = () =>
    readdirSync(`/proc/${eddy.pid}/task`)
      .flatMap((task) => readFileSync(`/proc/${eddy.pid}/task/${task}/children`, 'utf8').split(' ').filter(Boolean).map(Number))
      .filter((pid) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('__request-process'));
  const client = benchClient(endpoint);
  await createBenchTable(client);
  client.destroy();
  const script = join(checkout, 'bench/wrk', flags.op === 'get' ? 'get-item.lua' : 'put-item.lua');
  const wrk = (seconds) => execFileSync('taskset', ['-c', '0', 'wrk', '-t1', '-c32', `-d${seconds}s`, endpoint, '-s', script, '--', 'bench', 'k-'], { encoding: 'utf8' });
  wrk(1); // warm-up
  const pids = [eddy.pid, ...requestProcesses()];
  const before = pids.map(ticks);
  const report = wrk(flags.seconds);
  const after = pids.map(ticks);
  const requests = Number(/(\d+) requests in/.exec(report)[1]);
  const perRequest = (i) => Math.round(((after[i] - before[i]) * 10_000) / requests);
  const rate = Number(/Requests\/sec:\s+([\d.]+)/.exec(report)[1]).toFixed(0);
  const load = readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
  const others = pids.length > 1 ? `, request processes ${pids.slice(1).map((_, i) => perRequest(i + 1)).join(' + ')} µs` : '';
  console.log(`${new Date().toISOString().slice(11, 19)} ${checkout} --processes ${flags.processes} ${flags.op}: ${rate} req/s; CPU a request: main ${perRequest(0)} µs${others}; load ${load}`);
} finally {
  eddy.kill('SIGTERM');
  await new Promise((done) => (eddy.exitCode === null ? eddy.once('exit', done) : done()));
  rmSync(data, { recursive: true, force: true });
}
