import { execFile, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { after } from 'node:test';
import { promisify } from 'node:util';

/**
 * Throwaway PostgreSQL clusters for tests: `initdb` into a temporary directory, `pg_ctl start` on a free
 * port of 127.0.0.1 (its socket in that directory too, so nothing is shared with a system server), one
 * database created, and `stop()` removing it all. About a second of wall time and 1.5–3 s of CPU per
 * cluster, so `npm test` starts ONE for the whole run (scripts/test.mjs, `EDDY_TEST_POSTGRES_SERVER`) and
 * each test file takes databases in it through sharedPostgresCluster(); run alone, a file starts its own.
 *
 * PostgreSQL refuses to run as root, so as root the cluster belongs to the `postgres` user (`runuser`);
 * as anyone else it is the caller's. Durability is off (fsync, full pages, synchronous commit): a test
 * cluster never outlives its process, and what it tests is transactions and locks, not the disk.
 */

export interface PostgresCluster {
  /** postgres:// URL of the database created at start, user `postgres`, no password (trust). */
  readonly url: string;
  /** postgres:// URL of the server's maintenance database (`postgres`), for creating and dropping databases. */
  readonly server: string;
  /**
   * Creates one more database on the cluster (a fresh one per test) and answers its URL. `migrated`: a copy
   * of a database Eddy's migrations already ran on (made once per server, MIGRATED_TEMPLATE), which Eddy opens
   * as it would a new empty one, in a third less time than an empty database plus the migrations.
   */
  createDatabase(options?: { migrated?: boolean }): Promise<string>;
  /** Stops the server at once (`pg_ctl stop -m immediate`) and removes its directory; on a run's shared server, drops this file's databases. */
  stop(): Promise<void>;
}

export type TestEngine = 'sqlite' | 'postgres';

const ENGINES: readonly TestEngine[] = ['sqlite', 'postgres'];

const run = promisify(execFile);

/** Where `program` is on the PATH, if it is. */
function onPath(program: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir !== '' && existsSync(join(dir, program))) return join(dir, program);
  }
  return undefined;
}

/** Whether `initdb` is on the PATH: PostgreSQL tests run by default only where a cluster can be made. */
export function initdbOnPath(): boolean {
  return onPath('initdb') !== undefined;
}

/**
 * The engines tests run on: `EDDY_TEST_ENGINES` (comma-separated, e.g. `sqlite,postgres` or `postgres`);
 * unset, both when `initdb` is on the PATH, else SQLite alone.
 */
export function testEngines(env: NodeJS.ProcessEnv = process.env, hasInitdb: () => boolean = initdbOnPath): TestEngine[] {
  const named = env.EDDY_TEST_ENGINES?.trim();
  if (!named) return hasInitdb() ? [...ENGINES] : ['sqlite'];
  const engines = [...new Set(named.split(',').map((name) => name.trim()).filter((name) => name !== ''))];
  for (const engine of engines) {
    if (!(ENGINES as readonly string[]).includes(engine)) {
      throw new Error(`EDDY_TEST_ENGINES names an unknown engine '${engine}'; known: ${ENGINES.join(', ')}`);
    }
  }
  return engines as TestEngine[];
}

/**
 * The engine the wire-level suites' in-memory Eddys (test/helpers/eddy.ts) run on: PostgreSQL under
 * `EDDY_TEST_STORAGE=postgres`, or when `EDDY_TEST_ENGINES` names PostgreSQL alone; else SQLite. Both at once
 * would double every suite's time: `npm test` runs them on SQLite and `npm run test:postgres` on PostgreSQL.
 */
export function wireTestEngine(env: NodeJS.ProcessEnv = process.env): TestEngine {
  if (env.EDDY_TEST_STORAGE === 'postgres') return 'postgres';
  return env.EDDY_TEST_ENGINES?.trim() && testEngines(env).join() === 'postgres' ? 'postgres' : 'sqlite';
}

/** Where scripts/test.mjs puts the URL of the server it started for the whole run (see sharedPostgresCluster). */
export const SHARED_SERVER_ENV = 'EDDY_TEST_POSTGRES_SERVER';

/**
 * One cluster for the calling test file: the function answered starts it on first use (so a file whose
 * PostgreSQL tests are all skipped starts none) and the same one after; it is stopped when the suite
 * this was called in ends (call it at a file's top level, or in the describe that uses it). Under
 * `npm test` it is the run's server instead (`EDDY_TEST_POSTGRES_SERVER`): the file's databases are made
 * there, under names no other file uses, and dropped when the suite ends.
 */
export function sharedPostgresCluster(env: NodeJS.ProcessEnv = process.env): () => Promise<PostgresCluster> {
  let cluster: Promise<PostgresCluster> | undefined;
  after(async () => {
    const started = cluster;
    cluster = undefined;
    // A cluster that failed to start has already failed the tests that asked for it.
    if (started) await started.then((c) => c.stop(), () => {});
  });
  const server = env[SHARED_SERVER_ENV];
  return () => (cluster ??= server ? onServer(server) : startPostgresCluster());
}

let filesOnServer = 0;

/** Databases of one test file on a server someone else started and stops: made with unique names, dropped by stop(). */
async function onServer(server: string): Promise<PostgresCluster> {
  const prefix = `eddy_${process.pid}_${++filesOnServer}`;
  const made: string[] = [];
  let count = 0;
  const createDatabase = async (options: { migrated?: boolean } = {}) => {
    const name = `${prefix}_${count++}`; // counted before any await: several may be on their way at once
    await adminQuery(server, [`CREATE DATABASE ${name}${await copyClause(server, options)}`]);
    made.push(name);
    return new URL(`/${name}`, server).href;
  };
  const url = await createDatabase();
  return {
    url,
    server,
    createDatabase,
    // FORCE: a pool a failed test left open must not keep its database (and the server's disk) alive.
    stop: () => adminQuery(server, made.splice(0).map((name) => `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)),
  };
}

/** Starts a cluster; rejects (with the server's log) when it cannot. */
export async function startPostgresCluster(options: { maxConnections?: number } = {}): Promise<PostgresCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'eddy-pg-'));
  const data = join(dir, 'data');
  const log = join(dir, 'server.log');
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const owner = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
    const group = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
    if (owner.status !== 0 || group.status !== 0) {
      rmSync(dir, { recursive: true, force: true });
      throw new Error('running as root, PostgreSQL needs a `postgres` user to run as, and there is none');
    }
    chownSync(dir, Number(owner.stdout), Number(group.stdout));
  }
  // As root, every server command runs as postgres, by its full path (a login.defs may reset the PATH),
  // from the cluster's directory: postgres may not be allowed into the caller's.
  const command = (name: string, args: string[]) => {
    const program = onPath(name) ?? name;
    return asRoot ? run('runuser', ['-u', 'postgres', '--', program, ...args], { cwd: dir }) : run(program, args, { cwd: dir });
  };
  const stopNow = () => {
    if (existsSync(join(data, 'postmaster.pid'))) {
      const [program, args] = [onPath('pg_ctl') ?? 'pg_ctl', ['stop', '-D', data, '-m', 'immediate', '-s']] as const;
      spawnSync(asRoot ? 'runuser' : program, asRoot ? ['-u', 'postgres', '--', program, ...args] : [...args], { stdio: 'ignore', cwd: dir });
    }
    rmSync(dir, { recursive: true, force: true });
  };
  // A file whose tests crash or time out still takes its server down (synchronously: 'exit' cannot wait).
  process.once('exit', stopNow);
  try {
    await command('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C', '--no-sync', '--no-instructions']);
    const port = await startOnFreePort(dir, data, log, command, options.maxConnections ?? 100);
    const url = `postgres://postgres@127.0.0.1:${port}`;
    let databases = 0;
    const createDatabase = async (options: { migrated?: boolean } = {}) => {
      const name = databases === 0 ? 'eddy' : `eddy_${databases}`;
      databases += 1;
      await adminQuery(`${url}/postgres`, [`CREATE DATABASE ${name}${await copyClause(`${url}/postgres`, options)}`]);
      return `${url}/${name}`;
    };
    const first = await createDatabase();
    return {
      url: first,
      server: `${url}/postgres`,
      createDatabase,
      async stop() {
        process.removeListener('exit', stopNow);
        if (existsSync(join(data, 'postmaster.pid'))) await command('pg_ctl', ['stop', '-D', data, '-m', 'immediate', '-s']);
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    const serverLog = existsSync(log) ? readFileSync(log, 'utf8') : '';
    process.removeListener('exit', stopNow);
    stopNow();
    throw new Error(`could not start a PostgreSQL test cluster: ${(error as Error).message}${serverLog ? `\nserver log:\n${serverLog}` : ''}`, { cause: error });
  }
}

/** `pg_ctl start -w` (which waits until the server accepts connections), on a new free port when the one picked was taken meanwhile. */
async function startOnFreePort(
  dir: string,
  data: string,
  log: string,
  command: (program: string, args: string[]) => Promise<unknown>,
  maxConnections: number,
): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const options = [
      `-p ${port}`,
      `-k ${dir}`,
      '-c listen_addresses=127.0.0.1',
      '-F',
      '-c full_page_writes=off',
      '-c synchronous_commit=off',
      '-c shared_buffers=32MB',
      `-c max_connections=${maxConnections}`,
    ].join(' ');
    try {
      await command('pg_ctl', ['start', '-w', '-t', '30', '-s', '-D', data, '-l', log, '-o', options]);
      return port;
    } catch (error) {
      if (attempt >= 3 || !/could not bind|already in use/i.test(existsSync(log) ? readFileSync(log, 'utf8') : '')) throw error;
    }
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** The database every `migrated` database of a server is copied from: Eddy's PostgreSQL migrations applied, nothing else. */
export const MIGRATED_TEMPLATE = 'eddy_migrated_template';

const templates = new Map<string, Promise<void>>();
const fileCopies = new Map<string, Promise<boolean>>();

/**
 * What follows CREATE DATABASE's name: ` TEMPLATE …` for a migrated database (making the template on first
 * use), and the copy strategy. PostgreSQL 15 made WAL_LOG the default, which writes every page of the copy
 * to the WAL: about 160 ms of the server's CPU per database, against 50 ms for FILE_COPY (the template's
 * files copied between two checkpoints, which fsync off makes cheap; earlier versions' only way). The tests
 * make a database per test, hundreds in a run.
 */
async function copyClause(server: string, options: { migrated?: boolean }): Promise<string> {
  let fileCopy = fileCopies.get(server);
  if (fileCopy === undefined) {
    fileCopy = serverVersion(server).then((version) => version >= 150000);
    fileCopies.set(server, fileCopy);
    fileCopy.catch(() => fileCopies.delete(server));
  }
  const strategy = (await fileCopy) ? ' STRATEGY FILE_COPY' : '';
  if (!options.migrated) return strategy;
  let made = templates.get(server);
  if (made === undefined) {
    made = migratedTemplate(server);
    templates.set(server, made);
    made.catch(() => templates.delete(server));
  }
  await made;
  return ` TEMPLATE ${MIGRATED_TEMPLATE}${strategy}`;
}

async function serverVersion(server: string): Promise<number> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: server });
  await client.connect();
  try {
    return Number((await client.query<{ v: string }>("SELECT current_setting('server_version_num') AS v")).rows[0]!.v);
  } finally {
    await client.end();
  }
}

/**
 * Makes MIGRATED_TEMPLATE on `server` unless it is there. Test files of one run share the server, so one
 * makes it under an advisory lock and the others find it made; its pool is closed before the lock is let
 * go, since PostgreSQL copies a template only while nobody is connected to it.
 */
async function migratedTemplate(server: string): Promise<void> {
  const { default: pg } = await import('pg');
  const { openPgPool } = await import('../../src/storage/postgres/pg-pool.js');
  const { applyPostgresMigrations } = await import('../../src/storage/postgres/postgres-migrations.js');
  const client = new pg.Client({ connectionString: server });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock(hashtext('eddy test migrated template'))");
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [MIGRATED_TEMPLATE]);
    if (found.rowCount === 0) {
      // Made under another name and renamed when migrated: a run killed halfway leaves no half-made template.
      const making = `${MIGRATED_TEMPLATE}_making`;
      await client.query(`DROP DATABASE IF EXISTS ${making} WITH (FORCE)`);
      await client.query(`CREATE DATABASE ${making}`);
      const pool = await openPgPool({ url: new URL(`/${making}`, server).href, size: 1 });
      try {
        await applyPostgresMigrations(pool);
      } finally {
        await pool.end();
      }
      await client.query(`ALTER DATABASE ${making} RENAME TO ${MIGRATED_TEMPLATE}`);
    }
  } finally {
    await client.end(); // ends the session, and the advisory lock with it
  }
}

async function adminQuery(url: string, statements: readonly string[]): Promise<void> {
  if (statements.length === 0) return;
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const sql of statements) await client.query(sql);
  } finally {
    await client.end();
  }
}
