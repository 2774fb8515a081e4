// Spawns a server under test as a child process (through a launch prefix such as taskset), waits for the
// `http://127.0.0.1:PORT` line it prints when ready, and stops it again.
import { spawn } from 'node:child_process';

const URL_PATTERN = /http:\/\/127\.0\.0\.1:(\d+)/;
const READY_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 5_000;
const KEPT_OUTPUT_LINES = 40;

/**
 * @typedef {object} ServerProcess
 * @property {string} endpoint  e.g. `http://127.0.0.1:41234`
 * @property {number} pid
 * @property {() => string} output  the last lines the server printed (stdout and stderr), for diagnostics
 * @property {() => Promise<void>} stop  SIGTERM, then SIGKILL if it has not exited within 5 s
 * @property {() => Promise<void>} kill  SIGKILL (a crash: nothing is finished or closed), resolves once it has exited
 */

/**
 * @param {object} options
 * @param {string} options.name  for messages
 * @param {string[]} options.command  argv, e.g. ['node', 'bench/ceiling-server.mjs']
 * @param {string} options.cwd
 * @param {string[]} options.launch  argv prefix, e.g. taskset (see cpu-pinning.mjs)
 * @returns {Promise<ServerProcess>}
 */
export async function startServerProcess({ name, command, cwd, launch }) {
  const argv = [...launch, ...command];
  const child = spawn(argv[0], argv.slice(1), { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  /** @type {string[]} */
  const lines = [];
  const output = () => lines.join('\n');
  // Not events.once: that would reject, unhandled, when spawning fails.
  const exited = new Promise((resolve) => child.once('exit', resolve));

  const endpoint = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(`${name} printed no http://127.0.0.1:PORT line within ${READY_TIMEOUT_MS} ms`), READY_TIMEOUT_MS);
    let settled = false;
    /** @param {string} message */
    function fail(message) {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${message}\n${output()}`));
    }
    /** @param {{ partial: string }} stream @param {Buffer} chunk */
    function onData(stream, chunk) {
      const text = stream.partial + chunk.toString('utf8');
      const complete = text.split('\n');
      stream.partial = /** @type {string} */ (complete.pop());
      for (const line of complete) {
        if (line === '') continue;
        lines.push(line);
        if (lines.length > KEPT_OUTPUT_LINES) lines.shift();
        const match = URL_PATTERN.exec(line);
        if (match !== null && !settled) {
          settled = true;
          clearTimeout(timer);
          resolve(`http://127.0.0.1:${match[1]}`);
        }
      }
    }
    // Keep draining both pipes for the whole run, so a chatty server never blocks on a full pipe.
    const out = { partial: '' };
    const err = { partial: '' };
    child.stdout.on('data', (chunk) => onData(out, chunk));
    child.stderr.on('data', (chunk) => onData(err, chunk));
    child.on('error', (error) => fail(`${name} could not be spawned: ${error.message}`));
    child.on('exit', (code, signal) => fail(`${name} exited before it was ready (code ${code}, signal ${signal})`));
  });

  return {
    endpoint,
    pid: /** @type {number} */ (child.pid),
    output,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    },
    kill: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGKILL');
      await exited;
    },
  };
}
