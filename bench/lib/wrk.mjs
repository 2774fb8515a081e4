// Runs wrk with one of the bench/wrk/*.lua scripts and reads the JSON line their done() hook prints.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const SCRIPTS_DIR = fileURLToPath(new URL('../wrk/', import.meta.url));

/**
 * @typedef {object} WrkSummary  wrk's own figures; times in microseconds
 * @property {number} durationUs
 * @property {number} requests
 * @property {number} bytes
 * @property {{ connect: number, read: number, write: number, status: number, timeout: number }} errors
 * @property {{ min: number, mean: number, stdev: number, max: number, p50: number, p90: number, p99: number, p999: number }} latencyUs
 */

/** @returns {Promise<string | undefined>} wrk's version line, or undefined when wrk is not installed */
export async function wrkVersion() {
  try {
    // `wrk -v` prints its version and usage, then exits 1.
    await run('wrk', ['-v']);
  } catch (error) {
    const output = /** @type {{ stdout?: string, code?: unknown }} */ (error);
    if (output.code === 'ENOENT') return undefined;
    return output.stdout?.split('\n')[0]?.trim();
  }
  return undefined;
}

/**
 * @param {object} options
 * @param {string} options.endpoint
 * @param {'put-item' | 'get-item' | 'query'} options.script
 * @param {string[]} options.scriptArgs  passed to the script's init(args)
 * @param {number} options.threads
 * @param {number} options.connections
 * @param {string} options.duration  wrk's syntax: `10s`, `1m`
 * @param {string[]} options.launch  argv prefix, e.g. taskset (see cpu-pinning.mjs)
 * @param {AbortSignal} [options.signal]  kills wrk when aborted
 * @returns {Promise<WrkSummary & { requestsPerSec: number, text: string }>}
 */
export async function runWrk({ endpoint, script, scriptArgs, threads, connections, duration, launch, signal }) {
  const wrkArgs = [
    `-t${threads}`,
    `-c${connections}`,
    `-d${duration}`,
    '--latency',
    '-s',
    `${SCRIPTS_DIR}${script}.lua`,
    `${endpoint}/`,
    '--',
    ...scriptArgs,
  ];
  const [file, ...args] = [...launch, 'wrk', ...wrkArgs];
  const { stdout } = await run(file, args, { maxBuffer: 16 * 1024 * 1024, signal });
  const line = stdout.split('\n').find((l) => l.startsWith('WRK_JSON '));
  if (line === undefined) throw new Error(`wrk printed no WRK_JSON line:\n${stdout}`);
  /** @type {WrkSummary} */
  const summary = JSON.parse(line.slice('WRK_JSON '.length));
  const text = stdout.split('\n').filter((l) => !l.startsWith('WRK_JSON ')).join('\n');
  return { ...summary, requestsPerSec: summary.requests / (summary.durationUs / 1e6), text };
}
