// Function invoke latency: warm invocations (p50 / p99) and cold starts, through Eddy's Lambda API over
// HTTP (POST /2015-03-31/functions/NAME/invocations, as the SDKs send it, built by hand so the client adds
// little), against `eddy start --memory --config <generated config>` pinned to the second CPU.
//   warm: --invocations sequential invocations of a no-op handler (after a warm-up), one at a time;
//   cold: the first invocation of each of --functions fresh functions (a new worker, module load included).
// Prints a markdown table; see docs/benchmarks.md.
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chooseCpus, launchPrefix } from './lib/cpu-pinning.mjs';
import { startServerProcess } from './lib/server-process.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const { values: flags } = parseArgs({
  options: {
    invocations: { type: 'string', default: '5000' },
    functions: { type: 'string', default: '20' },
    'no-build': { type: 'boolean', default: false },
  },
});
const invocations = Number(flags.invocations);
const coldCount = Number(flags.functions);
if (!flags['no-build']) execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'ignore' });

const dir = await mkdtemp(join(tmpdir(), 'eddy-bench-functions-'));
await writeFile(join(dir, 'noop.mjs'), 'export const handler = async (event) => ({ ok: true, n: event.n });\n');
await writeFile(
  join(dir, 'cold.ts'),
  "interface Event { n: number }\nexport const handler = async (event: Event) => ({ cold: true, n: event.n });\n",
);
const functions = { noop: { handler: 'noop.mjs#handler' } };
for (let i = 0; i < coldCount; i++) functions[`cold${i}`] = { handler: 'cold.ts#handler' };
await writeFile(join(dir, 'eddy.config.json'), JSON.stringify({ functions }));

const pinning = await chooseCpus(true);
if (pinning) execFileSync('taskset', ['-cp', String(pinning.wrk), String(process.pid)], { stdio: 'ignore' });
const server = await startServerProcess({
  name: 'eddy',
  command: ['node', join(ROOT, 'dist/cli/eddy.js'), 'start', '--port', '0', '--memory', '--config', join(dir, 'eddy.config.json')],
  cwd: ROOT,
  launch: launchPrefix(pinning?.server),
});
const endpoint = new URL(server.endpoint);
const agent = new Agent({ keepAlive: true, maxSockets: 1 });

/** @param {string} name @param {object} event @returns {Promise<number>} ms */
function invoke(name, event) {
  const body = JSON.stringify(event);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: endpoint.hostname,
        port: endpoint.port,
        method: 'POST',
        path: `/2015-03-31/functions/${name}/invocations`,
        agent,
        headers: {
          'content-type': 'application/json',
          authorization: 'AWS4-HMAC-SHA256 Credential=bench/20261122/us-east-1/lambda/aws4_request, SignedHeaders=host, Signature=0',
          'x-amz-date': '20261122T000000Z',
          'content-length': Buffer.byteLength(body),
        },
      },
      (res) => {
        let text = '';
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => {
          if (res.statusCode !== 200 || res.headers['x-amz-function-error']) reject(new Error(`${name}: ${res.statusCode} ${text}`));
          else resolve(performance.now() - started);
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
try {
  for (let i = 0; i < 500; i++) await invoke('noop', { n: i });
  const warm = [];
  for (let i = 0; i < invocations; i++) warm.push(await invoke('noop', { n: i }));
  const cold = [];
  for (let i = 0; i < coldCount; i++) cold.push(await invoke(`cold${i}`, { n: i }));
  warm.sort((a, b) => a - b);
  cold.sort((a, b) => a - b);
  const ms = (x) => `${x.toFixed(2)} ms`;
  console.log(`\n| Invoke (RequestResponse, one at a time) | p50 | p99 | max |`);
  console.log('| --- | --- | --- | --- |');
  console.log(`| warm, no-op handler (${invocations} invocations) | ${ms(percentile(warm, 50))} | ${ms(percentile(warm, 99))} | ${ms(warm.at(-1))} |`);
  console.log(`| cold start: first invocation of a TypeScript function (${coldCount} functions) | ${ms(percentile(cold, 50))} | ${ms(percentile(cold, 99))} | ${ms(cold.at(-1))} |`);
} finally {
  agent.destroy();
  await server.stop();
  await rm(dir, { recursive: true, force: true });
}
