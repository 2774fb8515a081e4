// Runs every *.test.ts / *.test.mjs under src/, test/, examples/ and bench/ with node's test runner, as plain
// JavaScript: scripts/compile-tests.mjs first mirrors the repository into .test-build/ with the TypeScript
// transpiled (docs/testing.md), and files that can share a process run several to one (scripts/test-batches.mjs;
// EDDY_TEST_BATCH=0: one process per file). EDDY_TEST_TSX=1 runs the sources through tsx instead, as before.
// Usage: npm test [-- <path filter>...]   e.g. npm test -- put-item expressions
import { spawnSync } from 'node:child_process';
import { appendFileSync, readdirSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, delimiter, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildDir, compiledName, compileTests } from './compile-tests.mjs';
import { batchable, longestFirst, writeBatches } from './test-batches.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

function testFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) return [];
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return testFiles(path);
    return /\.test\.m?[tj]s$/.test(entry.name) ? [relative(root, path)] : [];
  });
}

// The package entry point ('eddy' → dist/) is tested too, so build first (esbuild, well under a second).
const built = spawnSync(process.execPath, [join(root, 'scripts/build.mjs')], { cwd: root, stdio: 'inherit' });
if (built.status !== 0) process.exit(built.status ?? 1);

const filters = process.argv.slice(2);
const files = ['src', 'test', 'examples', 'bench']
  .flatMap((dir) => testFiles(join(root, dir)))
  .filter((file) => filters.length === 0 || filters.some((f) => file.includes(f)))
  .sort();
if (files.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}

let nodeArgs = ['--import', 'tsx'];
let paths = files;
const env = { ...process.env, NODE_ENV: 'test', EDDY_TEST_DIST: 'built' };
skipPyenvShims(env);
if (process.env.EDDY_TEST_TSX !== '1') {
  const { failures } = await compileTests();
  for (const { source, message } of failures) console.error(`not transpiled: ${relative(root, source)}: ${message}`);
  // A fixture broken on purpose has no .js and is no test; a test file that cannot be transpiled is a failure.
  if (failures.some(({ source }) => files.includes(relative(root, source)))) process.exit(1);
  // Source maps as under tsx: a stack trace names the line of the .ts.
  nodeArgs = ['--enable-source-maps'];
  paths = files.map((file) => {
    const name = compiledName(basename(file));
    return name === undefined ? file : relative(root, join(buildDir, dirname(file), name));
  });
  // Several files to a process where they can share one (scripts/test-batches.mjs); EDDY_TEST_BATCH=0: one each.
  if (process.env.EDDY_TEST_BATCH !== '0') {
    const shared = new Set(files.filter((file) => batchable(root, file)));
    const alone = paths.filter((_, i) => !shared.has(files[i]));
    const members = paths.filter((_, i) => shared.has(files[i]));
    // A directory per run: several runs may share the checkout (other terminals).
    const batchDir = join(buildDir, '.batches', String(process.pid));
    process.once('exit', () => rmSync(batchDir, { recursive: true, force: true }));
    const batches = writeBatches(root, batchDir, members);
    paths = [...longestFirst(root, batchDir, alone), ...batches].sort();
    if (process.env.EDDY_TEST_TIMES) recordBatches(process.env.EDDY_TEST_TIMES, batches);
  }
  // test/helpers/cli.ts runs a script's transpiled .js from there.
  env.EDDY_TEST_BUILD = buildDir;
  // EDDY_TEST_TIMES=<file>: each node process records its wall and CPU time there at exit (scripts/test-times.mjs).
  if (process.env.EDDY_TEST_TIMES) {
    env.EDDY_TEST_TIMES = resolve(process.env.EDDY_TEST_TIMES);
    env.NODE_OPTIONS = `${env.NODE_OPTIONS ?? ''} --require ${JSON.stringify(join(root, 'scripts/test-process-times.cjs'))}`.trim();
  }
  await startSharedPostgres(env);
}
/** The members of each batch, for scripts/test-times.mjs: the batch files are removed when the run ends. */
function recordBatches(file, batches) {
  for (const batch of batches) {
    const members = [...readFileSync(join(root, batch), 'utf8').matchAll(/^import "file:\/\/(.*)";$/gm)].map((m) => relative(root, m[1]));
    appendFileSync(file, `${JSON.stringify({ batch: join(root, batch), members })}\n`);
  }
}

/**
 * Where pyenv manages Python, `python3` and `aws` on the PATH are its shims: a bash script running `pyenv exec`,
 * which finds the version and runs the program with that version's bin/ first on the PATH. The tests start
 * Python hundreds of times (the AWS CLI, boto3, Python functions), each through the shim at 0.4–0.5 s of CPU
 * more than the program alone. The tests get that PATH once: every call then finds the program the shim would
 * have run, directly. Only for a single pyenv version other than the system's (whose shims add nothing).
 */
function skipPyenvShims(env) {
  const dirs = (env.PATH ?? '').split(delimiter);
  if (!dirs.some((dir) => /[\\/]shims$/.test(dir) && /pyenv/.test(dir))) return;
  const pyenv = (command) => spawnSync('pyenv', [command], { env, encoding: 'utf8' }).stdout?.trim() ?? '';
  const version = pyenv('version-name');
  if (version === '' || version === 'system' || version.includes(delimiter)) return;
  const bin = join(pyenv('prefix'), 'bin');
  if (existsSync(bin)) env.PATH = [bin, ...dirs].join(delimiter);
}

/**
 * One throwaway PostgreSQL server for the whole run instead of one per test file (initdb and a server start
 * cost 1.5–3 s of CPU each): test/helpers/postgres-cluster.ts makes each file's databases in it when
 * EDDY_TEST_POSTGRES_SERVER names it. Started only when some chosen file can use it; stopped on exit.
 */
async function startSharedPostgres(env) {
  if (env.EDDY_TEST_POSTGRES_SERVER) return; // a caller's server: use it as it is
  const usesPostgres = (file) => /postgres|contract\.test|EDDY_TEST_STORAGE/i.test(file + readFileSync(join(root, file), 'utf8'));
  const helper = await import(pathToFileURL(join(buildDir, 'test/helpers/postgres-cluster.js')).href);
  if (!files.some(usesPostgres) && helper.wireTestEngine(env) !== 'postgres') return;
  if (!helper.testEngines(env).includes('postgres') && helper.wireTestEngine(env) !== 'postgres') return;
  // Each file's pools and Eddys connect at once, two files at a time or more: room for them all.
  const cluster = await helper.startPostgresCluster({ maxConnections: 400 });
  env[helper.SHARED_SERVER_ENV] = cluster.server;
  // The helper's exit hook takes the server down; a signal must end the process for that hook to run.
  for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => process.exit(130));
}

// One test process a core. Much of a test's time is spent waiting (a child process starting, a browser, a lease's
// grace, PostgreSQL's server working), so one more may fill idle cores (docs/testing.md, step 9): not yet measured
// on a quiet machine, EDDY_TEST_CONCURRENCY=3 tries it.
const concurrency = Number(process.env.EDDY_TEST_CONCURRENCY) || Math.max(2, availableParallelism());
// Per test process (a file, or a batch of up to ten); EDDY_TEST_TIMEOUT_MS for runs of longer files (`npm run
// test:postgres` with the three-node test).
const timeoutMs = Number(process.env.EDDY_TEST_TIMEOUT_MS) || 240_000;
const result = spawnSync(
  process.execPath,
  [...nodeArgs, '--test', `--test-concurrency=${concurrency}`, `--test-timeout=${timeoutMs}`, ...paths],
  // EDDY_TEST_DIST: dist/ was built just now, so the CLI tests run its bin (test/helpers/cli.ts, docs/testing.md).
  { cwd: root, stdio: 'inherit', env },
);
process.exit(result.status ?? 1);
