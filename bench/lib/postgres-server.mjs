// A throwaway PostgreSQL server for the storage benchmarks, on the pattern of test/helpers/postgres-cluster.ts
// (initdb and pg_ctl into a temporary directory, a free port of 127.0.0.1, `runuser -u postgres` as root)
// but with durability ON: fsync, full-page writes and synchronous commit at PostgreSQL's defaults, where the
// test cluster turns all three off. A benchmark that compared SQLite on disk with a server that never waits
// for its disk would flatter PostgreSQL; a database may still opt out (createDatabase's synchronousCommit).
import { execFile, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

/** Where `program` is on the PATH, if it is. @param {string} program */
export function onPath(program) {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir !== '' && existsSync(join(dir, program))) return join(dir, program);
  }
  return undefined;
}

/**
 * @typedef {object} BenchPostgres
 * @property {string} server  postgres:// URL of the maintenance database
 * @property {number} pid  the postmaster's (its backends are its children)
 * @property {(name: string, options?: { synchronousCommit?: boolean }) => Promise<string>} createDatabase  answers its URL
 * @property {(name: string) => Promise<void>} dropDatabase
 * @property {() => Promise<void>} stop  `pg_ctl stop -m fast`, then the directory removed
 */

/**
 * @param {{ launch?: string[], maxConnections?: number, settings?: string[] }} [options]  launch: argv prefix
 *   (taskset) the server and every backend it forks run under; settings: more `name=value` server settings
 * @returns {Promise<BenchPostgres>}
 */
export async function startBenchPostgres({ launch = [], maxConnections = 100, settings = [] } = {}) {
  if (onPath('initdb') === undefined) throw new Error('initdb is not on the PATH (install postgresql, or add its bin directory)');
  const dir = mkdtempSync(join(tmpdir(), 'eddy-bench-pg-'));
  const data = join(dir, 'data');
  const log = join(dir, 'server.log');
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const id = (flag) => Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout);
    chownSync(dir, id('-u'), id('-g'));
  }
  /** @param {string} name @param {string[]} args @param {string[]} [prefix] */
  const argv = (name, args, prefix = []) => {
    const program = onPath(name) ?? name;
    return [...prefix, ...(asRoot ? ['runuser', '-u', 'postgres', '--'] : []), program, ...args];
  };
  /** @param {string[]} command */
  const exec = ([file, ...args]) => run(file, args, { cwd: dir });
  const stopNow = () => {
    if (existsSync(join(data, 'postmaster.pid'))) {
      const [file, ...args] = argv('pg_ctl', ['stop', '-D', data, '-m', 'immediate', '-s']);
      spawnSync(file, args, { stdio: 'ignore', cwd: dir });
    }
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', stopNow);
  try {
    // --no-sync only skips syncing initdb's own files; the server's commits are synced as usual.
    await exec(argv('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C', '--no-sync', '--no-instructions']));
    const port = await freePort();
    const options = [`-p ${port}`, `-k ${dir}`, '-c listen_addresses=127.0.0.1', `-c max_connections=${maxConnections}`, ...settings.map((s) => `-c ${s}`)];
    await exec(argv('pg_ctl', ['start', '-w', '-t', '60', '-s', '-D', data, '-l', log, '-o', options.join(' ')], launch));
    const base = `postgres://postgres@127.0.0.1:${port}`;
    const server = `${base}/postgres`;
    await assertDurable(server);
    return {
      server,
      pid: Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]),
      async createDatabase(name, { synchronousCommit = true } = {}) {
        await admin(server, [`CREATE DATABASE ${name}`, ...(synchronousCommit ? [] : [`ALTER DATABASE ${name} SET synchronous_commit = off`])]);
        return `${base}/${name}`;
      },
      dropDatabase: (name) => admin(server, [`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`]),
      async stop() {
        process.removeListener('exit', stopNow);
        if (existsSync(join(data, 'postmaster.pid'))) await exec(argv('pg_ctl', ['stop', '-D', data, '-m', 'fast', '-s']));
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    const serverLog = existsSync(log) ? readFileSync(log, 'utf8') : '';
    process.removeListener('exit', stopNow);
    stopNow();
    throw new Error(`could not start PostgreSQL: ${/** @type {Error} */ (error).message}${serverLog ? `\nserver log:\n${serverLog}` : ''}`);
  }
}

/** The figures are only worth their label if the server really waits for its disk. @param {string} url */
async function assertDurable(url) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query(`SELECT name, setting FROM pg_settings WHERE name IN ('fsync', 'full_page_writes', 'synchronous_commit')`);
    const off = rows.filter((r) => r.setting !== 'on');
    if (off.length > 0) throw new Error(`durability is off: ${off.map((r) => `${r.name}=${r.setting}`).join(', ')}`);
  } finally {
    await client.end();
  }
}

/** @param {string} url @param {string[]} statements */
async function admin(url, statements) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const sql of statements) await client.query(sql);
  } finally {
    await client.end();
  }
}

/** @returns {Promise<number>} */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
