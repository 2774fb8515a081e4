// Transpiles the TypeScript of src/, test/, examples/ and bench/ into .test-build/ (same layout, x.ts → x.js,
// x.mts → x.mjs), so that `npm test` runs the tests as plain JavaScript instead of through tsx, whose loader
// thread costs ~1.2 s of CPU in every test process that loads src/ (docs/testing.md).
//
// A transpiled module behaves as its source did under tsx: `import.meta.url` (and .filename, .dirname) is
// replaced by the source file's, so every `new URL('./fixtures/…', import.meta.url)`, a test reading a .ts
// source, the repository root a helper computes, the runtimes/ and dist/ src/ points at, and what a test writes
// beside itself all stay in the working tree; the inline source map names the .ts, so stack traces do too.
// Imports already say './x.js' for x.ts, so transpiled modules find each other; packages resolve from the
// node_modules above; any other file a module may import (.json, .mjs) is a symlink to the source's. Nothing
// but the test processes reads .test-build/: Eddy's own bundler, given a handler or config .ts of the tree,
// bundles the sources.
//
// Only files whose source changed are transpiled again (the .js carries its source's mtime); several runs
// may share the mirror at once (other terminals), so every file is written beside its target and renamed.
// Usage: node scripts/compile-tests.mjs   (prints nothing unless a file cannot be transpiled)
import { transform } from 'esbuild';
import { lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, renameSync, rmdirSync, statSync, symlinkSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';

export const root = fileURLToPath(new URL('..', import.meta.url));
export const buildDir = join(root, '.test-build');
const MIRRORED = ['src', 'test', 'examples', 'bench'];
const { compilerOptions } = JSON.parse(readFileSync(join(root, 'tsconfig.json'), 'utf8'));
const OPTIONS = {
  loader: 'ts',
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: 'inline',
  sourcesContent: false,
  tsconfigRaw: { compilerOptions: { target: compilerOptions.target, verbatimModuleSyntax: compilerOptions.verbatimModuleSyntax } },
};
// Transpiled output of another esbuild or other options is stale whatever the mtimes say.
const STAMP = JSON.stringify({ esbuild: createRequire(import.meta.url)('esbuild/package.json').version, OPTIONS, format: 2 });

/** The .js a source compiles to (x.ts → x.js, x.mts → x.mjs), or undefined for any other file. */
export function compiledName(name) {
  if (name.endsWith('.d.ts') || name.endsWith('.d.mts')) return undefined;
  if (name.endsWith('.ts')) return `${name.slice(0, -3)}.js`;
  if (name.endsWith('.mts')) return `${name.slice(0, -4)}.mjs`;
  return undefined;
}

/** Brings .test-build/ up to date with the working tree; answers how many files were transpiled and the failures. */
export async function compileTests() {
  mkdirSync(buildDir, { recursive: true });
  const stampFile = join(buildDir, '.stamp');
  const fresh = readOr(stampFile) !== STAMP;
  const jobs = [];
  for (const dir of MIRRORED) {
    if (exists(join(root, dir))) mirrorDir(join(root, dir), join(buildDir, dir), fresh, jobs);
    else removeStale(join(buildDir, dir));
  }
  const failures = (await Promise.all(jobs.map((job) => job()))).filter((failure) => failure !== undefined);
  if (fresh) writeAtomically(stampFile, STAMP);
  return { compiled: jobs.length, failures };
}

function mirrorDir(from, to, fresh, jobs) {
  // Never write through a symlink that stands where a directory now belongs (it would point into the sources).
  if (lstatOrUndefined(to)?.isSymbolicLink()) rmQuietly(to);
  mkdirSync(to, { recursive: true });
  const names = new Set();
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    names.add(entry.name);
    const source = join(from, entry.name);
    const target = join(to, entry.name);
    if (entry.isDirectory() && entry.name !== 'node_modules' && !entry.name.startsWith('.')) {
      mirrorDir(source, target, fresh, jobs);
      continue;
    }
    const output = entry.isFile() ? compiledName(entry.name) : undefined;
    if (output === undefined) {
      ensureSymlink(source, target);
      continue;
    }
    if (exists(join(from, output))) continue; // a .js of the sources' own is symlinked as itself
    names.add(output);
    const js = join(to, output);
    const mtime = statSync(source).mtimeMs;
    // Within a millisecond: utimes takes seconds as a double, which cannot hold every nanosecond of an mtime.
    if (!fresh && Math.abs((mtimeOf(js) ?? 0) - mtime) < 1) continue;
    jobs.push(() => compile(source, js, mtime));
  }
  for (const name of readdirSync(to)) {
    // *.tmp, *.link: another run's file on its way in (writeAtomically, ensureSymlink)
    if (!names.has(name) && !/\.\d+\.(tmp|link)$/.test(name)) removeStale(join(to, name));
  }
}

async function compile(source, js, mtime) {
  const define = {
    'import.meta.url': JSON.stringify(pathToFileURL(source).href),
    'import.meta.filename': JSON.stringify(source),
    'import.meta.dirname': JSON.stringify(dirname(source)),
  };
  let code;
  try {
    ({ code } = await transform(readFileSync(source, 'utf8'), { ...OPTIONS, define, sourcefile: source }));
  } catch (error) {
    // A fixture that is broken on purpose (tsx would fail on it too, the test expecting so) just has no .js.
    rmQuietly(js);
    const first = error.errors?.[0];
    return { source, message: first === undefined ? error.message : `${first.location?.line ?? 0}:${first.location?.column ?? 0}: ${first.text}` };
  }
  writeAtomically(js, code);
  utimesSync(js, Date.now() / 1000, mtime / 1000);
  return undefined;
}

/**
 * What the working tree no longer has: a symlink whose source is gone, the .js of a removed .ts, and directories
 * left empty by those. Anything else is left alone, for whoever put it there.
 */
function removeStale(path) {
  const stat = lstatOrUndefined(path);
  if (stat === undefined) return;
  if (stat.isSymbolicLink()) {
    if (!exists(path)) rmQuietly(path);
  } else if (stat.isDirectory()) {
    for (const name of readdirSync(path)) removeStale(join(path, name));
    try {
      rmdirSync(path);
    } catch {
      // not empty: kept with what someone put there
    }
  } else if (stat.isFile() && isCompiled(path)) {
    rmQuietly(path);
  }
}

/** esbuild's output ends with the inline source map naming the source it came from. */
function isCompiled(path) {
  return /\n\/\/# sourceMappingURL=data:application\/json;base64,[A-Za-z0-9+/=]+\n$/.test(readOr(path) ?? '');
}

function ensureSymlink(source, target) {
  let current;
  try {
    current = readlinkSync(target);
  } catch (error) {
    if (error.code === 'EINVAL') removeStale(target); // a directory or file where the symlink belongs: source changed kind
  }
  if (current === source) return;
  const temporary = `${target}.${process.pid}.link`;
  rmQuietly(temporary);
  symlinkSync(source, temporary);
  renameSync(temporary, target);
}

function writeAtomically(path, contents) {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, contents);
  renameSync(temporary, path);
}

function mtimeOf(path) {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return undefined;
  }
}

function lstatOrUndefined(path) {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}

function exists(path) {
  return mtimeOf(path) !== undefined;
}

function readOr(path) {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function rmQuietly(path) {
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { failures } = await compileTests();
  for (const { source, message } of failures) console.error(`not transpiled: ${source}: ${message}`);
}
