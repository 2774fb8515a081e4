// Ranks the test processes of a run recorded with EDDY_TEST_TIMES (scripts/test-process-times.cjs):
//   EDDY_TEST_TIMES=/tmp/times.jsonl npm test; node scripts/test-times.mjs /tmp/times.jsonl [count]
// One line per test process (a file, or a batch of files), longest wall time first: its wall and CPU seconds, the
// CPU of the node processes it started (Eddy's CLI, function runtimes; not Python, Chromium or PostgreSQL), and
// what it ran. Then the run's span and the sums.
import { readFileSync } from 'node:fs';
import { isAbsolute, relative } from 'node:path';

const [file, count = '25'] = process.argv.slice(2);
if (!file) {
  console.error('usage: node scripts/test-times.mjs <EDDY_TEST_TIMES file> [count]');
  process.exit(2);
}
const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line));
const members = new Map(lines.filter((l) => l.batch).map((l) => [l.batch, l.members]));
// A worker thread shares its process's pid (`[worker eval]`): not a process of its own (the preload skips them).
const processes = lines.filter((l) => l.pid && !l.argv.includes('[worker eval]'));
const children = new Map();
for (const p of processes) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p]);
const descendantsCpu = (pid) => (children.get(pid) ?? []).reduce((sum, c) => sum + c.cpuMs + descendantsCpu(c.pid), 0);

// scripts/test.mjs starts node's runner with the test files' paths relative to the checkout; the runner starts
// one test process per path, with the path made absolute.
const isRunner = (p) => p.argv.length > 0 && p.argv.every((arg) => /\.test\.m?[jt]s$/.test(arg) && !isAbsolute(arg));
const runners = new Set(processes.filter(isRunner).map((p) => p.pid));
const tests = processes.filter((p) => runners.has(p.ppid)).sort((a, b) => b.wallMs - a.wallMs);
const root = process.cwd();
const name = (p) => {
  const path = p.argv[0];
  const inside = members.get(path);
  const short = relative(root, path).replace(/^\.test-build\/(?:\.batches\/\d+\/)?/, '');
  return inside ? `${short}: ${inside.map((m) => m.replace(/^\.test-build\//, '').replace(/\.js$/, '.ts')).join(' ')}` : short;
};
const s = (ms) => (ms / 1000).toFixed(1).padStart(6);
console.log('  wall    cpu  child  process');
for (const p of tests.slice(0, Number(count))) console.log(`${s(p.wallMs)} ${s(p.cpuMs)} ${s(descendantsCpu(p.pid))}  ${name(p)}`);
const start = Math.min(...tests.map((p) => p.startMs));
const end = Math.max(...tests.map((p) => p.startMs + p.wallMs));
const sum = (f) => tests.reduce((total, p) => total + f(p), 0);
console.log(`\n${tests.length} test processes over ${s(end - start)} s: wall ${s(sum((p) => p.wallMs))} s, CPU ${s(sum((p) => p.cpuMs))} s, their node children's CPU ${s(sum((p) => descendantsCpu(p.pid)))} s`);
