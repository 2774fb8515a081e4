// The three servers a run compares. Each `start` returns a running ServerProcess plus anything to clean up;
// `table` says whether the target needs the benchmark table and prefill (the ceiling answers `{}` to anything).
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startServerProcess } from './server-process.mjs';

const run = promisify(execFile);
const require = createRequire(import.meta.url);

/**
 * @typedef {object} StartOptions
 * @property {string} root  the repository root
 * @property {string[]} launch  argv prefix for the server, e.g. taskset
 * @property {boolean} build  run `npm run build` before starting Eddy
 * @property {string[]} eddyArgs  extra arguments for `eddy start`
 */

/**
 * @typedef {object} Target
 * @property {string} id
 * @property {string} label  as shown in the results table
 * @property {boolean} table
 * @property {boolean} [stream]  whether the benchmark table gets a stream (default true)
 * @property {(options: StartOptions) => Promise<{ server: import('./server-process.mjs').ServerProcess, cleanup?: () => Promise<void> }>} start
 */

/** @type {Target} */
const ceiling = {
  id: 'ceiling',
  label: 'ceiling (node:http, parse body, answer `{}`)',
  table: false,
  start: async ({ root, launch }) => ({
    server: await startServerProcess({ name: 'ceiling', command: ['node', 'bench/ceiling-server.mjs'], cwd: root, launch }),
  }),
};

/**
 * The ceiling on PostgreSQL: the same server plus one round trip to the database `url` per request, through a
 * pool of `pool` connections (Eddy's default 10), a prepared read of one row by primary key.
 * @param {string} url
 * @param {number} [pool]
 * @returns {Pick<Target, 'id' | 'label' | 'table' | 'start'>}
 */
export function postgresCeiling(url, pool = 10) {
  return {
    id: 'postgres-ceiling',
    label: `ceiling on PostgreSQL (node:http, parse body, one prepared read by primary key through a pool of ${pool}, answer it)`,
    table: false,
    start: async ({ root, launch }) => ({
      server: await startServerProcess({
        name: 'postgres-ceiling',
        command: ['node', 'bench/postgres-ceiling-server.mjs', '--url', url, '--pool', String(pool)],
        cwd: root,
        launch,
      }),
    }),
  };
}

/** @type {Target} */
const dynalite = {
  id: 'dynalite',
  label: `dynalite ${packageVersion('dynalite')} (in memory)`,
  table: true,
  start: async ({ root, launch }) => ({
    server: await startServerProcess({ name: 'dynalite', command: ['node', 'bench/dynalite-server.mjs'], cwd: root, launch }),
  }),
};

/** @type {Target} */
const eddy = {
  id: 'eddy',
  label: 'Eddy (durable storage, stream on)',
  table: true,
  start: (options) => startEddy(options),
};

/** The same Eddy with no stream on the table: the difference is what enabling a stream costs. @type {Target} */
const eddyNoStream = {
  ...eddy,
  id: 'eddy-nostream',
  label: 'Eddy (durable storage, no stream)',
  stream: false,
};

/** @param {StartOptions} options */
async function startEddy({ root, launch, build, eddyArgs }) {
  if (build) {
    try {
      await run('npm', ['run', 'build'], { cwd: root, maxBuffer: 16 * 1024 * 1024 });
    } catch (error) {
      const { stdout = '', stderr = '' } = /** @type {{ stdout?: string, stderr?: string }} */ (error);
      throw new Error(`npm run build failed:\n${stdout}${stderr}`.trim());
    }
  }
  const cli = join(root, 'dist/cli/eddy.js');
  if (!existsSync(cli)) throw new Error('dist/cli/eddy.js does not exist (not built yet)');
  const data = await mkdtemp(join(tmpdir(), 'eddy-bench-'));
  const cleanup = () => rm(data, { recursive: true, force: true });
  try {
    const command = ['node', cli, 'start', '--port', '0', '--data', data, ...eddyArgs];
    return { server: await startServerProcess({ name: 'eddy', command, cwd: root, launch }), cleanup };
  } catch (error) {
    await cleanup();
    throw error;
  }
}

export const TARGETS = [ceiling, dynalite, eddy, eddyNoStream];

/** @param {string} name */
function packageVersion(name) {
  try {
    return require(`${name}/package.json`).version;
  } catch {
    return '(not installed)';
  }
}
