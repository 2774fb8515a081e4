// Process runtimes beside the Node worker path, through FunctionRuntime.invoke (no HTTP in front, so
// the numbers are the environments' own): for a Python handler (python3 on the PATH, Eddy's bootstrap,
// the Runtime API) and the same no-op as a Node worker —
//   warm: --invocations sequential invocations after a warm-up, p50 / p99;
//   --python names the interpreter (default python3 on the PATH);
//   cold: --functions fresh functions' first invocation (process spawn, interpreter start, module
//   import, first /next), as FunctionRuntime reports it (Init Duration) and end to end.
// Prints a markdown table. Needs a build (npm run build) unless --no-build.
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const { values: flags } = parseArgs({
  options: {
    invocations: { type: 'string', default: '3000' },
    functions: { type: 'string', default: '10' },
    python: { type: 'string', default: 'python3' },
    'no-build': { type: 'boolean', default: false },
  },
});
if (!flags['no-build']) execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'ignore' });
const { FunctionRuntime } = await import(join(ROOT, 'dist/functions/function-runtime.js'));

const dir = await mkdtemp(join(tmpdir(), 'eddy-bench-process-'));
await writeFile(join(dir, 'noop.py'), 'def handler(event, context):\n    return {"ok": True, "n": event["n"]}\n');
await writeFile(join(dir, 'noop.mjs'), 'export const handler = async (event) => ({ ok: true, n: event.n });\n');
const runtime = new FunctionRuntime({
  endpoint: () => 'http://127.0.0.1:4566',
  region: 'us-east-1',
  account: '000000000000',
  logger: { info() {}, warn() {}, error() {}, debug() {} },
  logLevel: 'quiet',
  cacheDir: join(dir, 'cache'),
});
const environment = { PYTHONDONTWRITEBYTECODE: '1' };
const kinds = {
  [`Python (process, Runtime API; ${flags.python})`]: (name) => ({ name, runtime: 'python3.12', handler: 'noop.handler', baseDir: dir, environment, pythonPath: flags.python }),
  'Node (worker thread)': (name) => ({ name, handler: 'noop.mjs#handler', baseDir: dir }),
};

const rows = [];
for (const [label, spec] of Object.entries(kinds)) {
  const warmName = `warm-${rows.length}`;
  await runtime.deploy(spec(warmName));
  for (let i = 0; i < 200; i++) await runtime.invoke(warmName, { payload: JSON.stringify({ n: i }) });
  const warm = [];
  for (let i = 0; i < Number(flags.invocations); i++) {
    const started = performance.now();
    await runtime.invoke(warmName, { payload: JSON.stringify({ n: i }) });
    warm.push(performance.now() - started);
  }
  const init = [];
  const cold = [];
  for (let i = 0; i < Number(flags.functions); i++) {
    const name = `cold-${rows.length}-${i}`;
    await runtime.deploy(spec(name));
    const started = performance.now();
    const result = await runtime.invoke(name, { payload: '{"n":0}' });
    cold.push(performance.now() - started);
    init.push(result.initDurationMs ?? NaN);
    await runtime.remove(name);
  }
  rows.push({ label, warm, cold, init });
}
await runtime.close();
await rm(dir, { recursive: true, force: true });

const quantile = (values, q) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(q * values.length))];
const ms = (value) => `${value.toFixed(2)} ms`;
console.log('| environment | warm p50 | warm p99 | cold start p50 (Init Duration) | cold invocation p50 (end to end) |');
console.log('|---|---|---|---|---|');
for (const { label, warm, cold, init } of rows) {
  console.log(`| ${label} | ${ms(quantile(warm, 0.5))} | ${ms(quantile(warm, 0.99))} | ${ms(quantile(init, 0.5))} | ${ms(quantile(cold, 0.5))} |`);
}
