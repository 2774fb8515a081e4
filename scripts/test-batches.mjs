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
 * well inside the per-process timeout (scripts/test.mjs: ten of them took 25–50 s on a loaded machine) and the
 * two workers stay evenly loaded.
 */
const BATCH_SIZE = 10;

/**
 * Directories whose files run alone whatever they hold: the CLI, example and cross-client files spend their
 * time in the child processes they start (sharing the test process saves little), and each takes 10–50 s.
 */
const ALONE_DIRECTORIES = /^(?:test\/cli|test\/cross-client|test\/fuzz|examples)\//;

/** The shard leases across a jump: started first (LONG_FIRST below), as it waits out the leases' real-time grace. */
const ALONE_FILES = /\/time-lease-nodes\.test\.ts$/;

/**
 * What keeps a file in a process of its own: hooks or awaits at its top level (in a batch they would be the whole
 * process's, running around every member's tests), process-wide state it changes (environment, listeners,
 * exit code, working directory), a PostgreSQL server of its own, and choosing the wire tests' storage.
 */
const ALONE = [
  /^(?:before|after|beforeEach|afterEach)\(/m,
  /^\S.*\bawait\b/m, // top-level await: it would run while the batch loads, before any member's tests
  /process\.env(?:\.\w+|\[[^\]]+\])\s*=[^=]/,
  /process\.(?:exitCode|exit\(|chdir|on\(|once\(|removeAllListeners)/,
  /mock\.(?:timers|method)/,
  /startPostgresCluster|EDDY_TEST_STORAGE|EDDY_TEST_THREE_NODES/,
];

/**
 * A file using PostgreSQL shares a process like any other: sharedPostgresCluster() (directly, or through
 * eddyNodes, store-contract.ts, processes-eddy.ts) makes its databases on the run's one server under names no
 * other file of the run uses, and drops them when the suite that asked ends — or, asked at a file's top level,
 * when the batch ends (the `after` it registers is then the process's). A file that starts a server of its own
 * (startPostgresCluster), or the opt-in three-node kill -9 test, still runs alone.
 */

/** Whether the test file `file` (its .ts, relative to `root`) may share a process. */
export function batchable(root, file) {
  const path = file.replaceAll('\\', '/');
  if (!file.endsWith('.test.ts') || ALONE_DIRECTORIES.test(path)) return false;
  if (ALONE_FILES.test(path)) return false;
  const text = readFileSync(join(root, file), 'utf8');
  return !ALONE.some((pattern) => pattern.test(text));
}

/**
 * The group a file's batch is drawn from: a module of src/ with its subdirectories (src/table/… is one group, so
 * its ten small directories do not each pay for a process of their own), else the file's directory (each
 * directory of test/conformance is one service's wire tests).
 */
function area(file) {
  const parts = dirname(file).split(/[\\/]/);
  if (parts[0] === '.test-build') parts.shift();
  return (parts[0] === 'src' ? parts.slice(0, 2) : parts).join('/');
}

/**
 * Writes the batch files for `members` (transpiled paths, relative to `root`) into `dir`, grouped by
 * area (above) and BATCH_SIZE at most each; answers their paths relative to `root`.
 */
export function writeBatches(root, dir, members) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const byArea = groupBy(members, area);
  const batches = [];
  for (const [key, files] of byArea) {
    for (let i = 0; i < files.length; i += BATCH_SIZE) {
      const group = files.slice(i, i + BATCH_SIZE);
      const name = `${key.replaceAll(/[\\/]/g, '_')}_${i / BATCH_SIZE + 1}.batch.test.mjs`;
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
