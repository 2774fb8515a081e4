// Test files that can share a process are run several to a process (docs/testing.md, "Fewer processes"). Each
// test process pays for starting node and loading what its file imports — Eddy and the AWS SDK clients, about a
// second of CPU for a wire-level file — and on 2 cores that CPU is the run's time. A batch is one generated file
// importing its members' transpiled .js files: node's runner runs their suites one after the other in one process,
// each still reported under its own names and .ts locations.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * Files per batch: enough to share the loading, few enough that a batch of the longest wire-level files stays
 * well inside the per-process timeout (scripts/test.mjs) and the two workers stay evenly loaded.
 */
const BATCH_SIZE = 6;

/**
 * Directories whose files run alone whatever they hold: the CLI, example and cross-client files spend their
 * time in the child processes they start (sharing the test process saves little), and each takes 10–50 s.
 */
const ALONE_DIRECTORIES = /^(?:test\/cli|test\/cross-client|test\/fuzz|examples)\//;

/**
 * What keeps a file in a process of its own: hooks or awaits at its top level (in a batch they would be the whole
 * process's, running around every member's tests), process-wide state it changes (environment, listeners,
 * exit code, working directory), and PostgreSQL servers and nodes (long files that start servers or Eddy nodes
 * on one database, or choose the wire tests' storage).
 */
const ALONE = [
  /^(?:before|after|beforeEach|afterEach)\(/m,
  /^\S.*\bawait\b/m, // top-level await: it would run while the batch loads, before any member's tests
  /process\.env(?:\.\w+|\[[^\]]+\])\s*=[^=]/,
  /process\.(?:exitCode|exit\(|chdir|on\(|once\(|removeAllListeners)/,
  /mock\.(?:timers|method)/,
  /startPostgresCluster|sharedPostgresCluster|EDDY_TEST_STORAGE/,
];

/**
 * A storage-contract file (describeStoreContract) shares a process although it uses PostgreSQL: its databases
 * are made on the run's server, and the hooks test/helpers/store-contract.ts registers at the top level only
 * drop them and remove its SQLite files, which in a batch happens when the batch ends. Any other file that
 * names PostgreSQL runs alone.
 */
const POSTGRES = /postgres/i;
const CONTRACT = /\bdescribeStoreContract\b/;

/** Whether the test file `file` (its .ts, relative to `root`) may share a process. */
export function batchable(root, file) {
  if (!file.endsWith('.test.ts') || ALONE_DIRECTORIES.test(file.replaceAll('\\', '/'))) return false;
  const source = join(root, file);
  const text = readFileSync(source, 'utf8');
  if (POSTGRES.test(text) && !CONTRACT.test(text)) return false;
  return !ALONE.some((pattern) => pattern.test(text));
}

/**
 * Writes the batch files for `members` (transpiled paths, relative to `root`) into `dir`, grouped by
 * directory and BATCH_SIZE at most each; answers their paths relative to `root`.
 */
export function writeBatches(root, dir, members) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const byDirectory = groupBy(members, (file) => dirname(file));
  const batches = [];
  for (const [directory, files] of byDirectory) {
    for (let i = 0; i < files.length; i += BATCH_SIZE) {
      const group = files.slice(i, i + BATCH_SIZE);
      const name = `${relative(root, directory).replaceAll(/[\\/]/g, '_').replace(/^\.test-build_/, '')}_${i / BATCH_SIZE + 1}.batch.test.mjs`;
      const lines = group.map((file) => `import ${JSON.stringify(pathToFileURL(join(root, file)).href)};`);
      writeFileSync(join(dir, name), `// ${group.length} test files in one process (scripts/test-batches.mjs)\n${lines.join('\n')}\n`);
      batches.push(relative(root, join(dir, name)));
    }
  }
  return batches;
}

/**
 * The files that take 10–60 s each (child processes: the packed package, the AWS CLI and boto3, the CLI, the
 * examples, the browser, the fuzz; the shard leases across a jump, 20 s of leases' real-time grace), in the
 * order they should start. Node's runner sorts the files it is given by path and starts them in that order,
 * a few at a time: a 57 s file started last keeps one worker busy while the others have nothing left.
 */
const LONG_FIRST = [/package-install\./, /\/cross-client\//, /\/test\/cli\//, /\/examples\//, /\/test\/browser\//, /\/test\/fuzz\//, /\/time-lease-nodes\./];

/**
 * `paths` (transpiled, relative to `root`) with the long files replaced by one-line files in `dir` that import
 * them, named so that they sort before every other file, longest first; a file still runs alone in its process.
 */
export function longestFirst(root, dir, paths) {
  mkdirSync(dir, { recursive: true });
  return paths.map((path) => {
    const rank = LONG_FIRST.findIndex((pattern) => pattern.test(`/${path.replaceAll('\\', '/')}`));
    if (rank === -1) return path;
    const name = `0${String(rank).padStart(2, '0')}_${relative(root, path).replaceAll(/[\\/]/g, '_').replace(/^\.test-build_/, '').replace(/\.js$/, '')}.first.test.mjs`;
    writeFileSync(join(dir, name), `// started first: it takes long (scripts/test-batches.mjs)\nimport ${JSON.stringify(pathToFileURL(join(root, path)).href)};\n`);
    return relative(root, join(dir, name));
  });
}

function groupBy(items, key) {
  const groups = new Map();
  for (const item of items) {
    const k = key(item);
    if (!groups.has(k)) groups.set(k, []);
    groups.get(k).push(item);
  }
  return groups;
}
