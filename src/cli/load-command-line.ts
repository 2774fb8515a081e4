/**
 * Loads the command line's code. A build (scripts/bundle-cli.mjs) puts all of it that Eddy's own sources
 * hold in one CommonJS file beside this one, eddy-bundle.cjs: Node's module loader spent half a millisecond
 * on each of the ~900 files otherwise. Compiling that one file (2.5 MB) still took 120–140 ms of every
 * start; V8's code cache, the bytecode of what an earlier start compiled, cuts it to about 40. Node 20 keeps
 * no code cache for ES modules (module.enableCompileCache is 22.1+), hence CommonJS, compiled here with
 * vm.Script and its cachedData. Without the bundle (a build whose sources did not bundle, or src/ run by
 * tsx) the modules load one by one.
 *
 * The cache is a file per bundle build under the user's private cache directory (privateTemporaryDirectory: a
 * planted one would be code run by every start).
 * It is written once, a second after a start whose cache was missing or refused (V8 refuses one made by
 * another Node or with other flags), so that it holds the functions the start ran.
 */
import { lstatSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { debuglog } from 'node:util';
import { Script } from 'node:vm';
import { privateTemporaryDirectory } from '../shared/private-directory.js';

export interface CommandLine {
  main(argv: string[]): Promise<number>;
  startCommand: typeof import('./start-command.js').startCommand;
}

/** How long after loading the cache is written: the start has run by then, and its functions are compiled. */
const WRITE_AFTER_MS = 1_000;

/** `NODE_DEBUG=eddy-code-cache` says what became of the cache. */
const debug = debuglog('eddy-code-cache');

export async function loadCommandLine(): Promise<CommandLine> {
  const bundle = fileURLToPath(new URL('./eddy-bundle.cjs', import.meta.url));
  let source: string;
  try {
    // The bundle is ASCII (scripts/bundle-cli.mjs escapes the rest): read as latin1, V8 keeps it one byte a character.
    source = readFileSync(bundle, 'latin1');
  } catch {
    const [{ main }, { startCommand }] = await Promise.all([import('./eddy-main.js'), import('./start-command.js')]);
    return { main, startCommand };
  }
  const cache = codeCacheFile(bundle);
  const cachedData = cache === undefined ? undefined : readIfPresent(cache);
  // The bundle is a function expression as written (scripts/bundle-cli.mjs): compiled as read, with no copy.
  const script = new Script(source, { filename: bundle, cachedData });
  if (cache === undefined) debug('no private cache directory: compiled without a code cache');
  else if (cachedData !== undefined && script.cachedDataRejected !== true) debug('compiled from the code cache %s', cache);
  else {
    debug(cachedData === undefined ? 'no code cache yet: %s' : 'code cache refused: %s', cache);
    setTimeout(() => writeCodeCache(cache, script), WRITE_AFTER_MS).unref();
  }
  const module = { exports: {} as CommandLine };
  // A dynamic import() in code compiled from a code cache finds no callback in Node 20 and fails; the
  // bundle's importModule (src/shared/import-module.ts) calls this one, in an ES module of Node's own loading.
  const importModule = (specifier: string): Promise<unknown> => import(specifier);
  (script.runInThisContext() as (...args: unknown[]) => void)(module.exports, createRequire(bundle), module, bundle, dirname(bundle), importModule);
  return module.exports;
}

/** The cache file of this bundle build for this Node and these flags, or undefined when no private directory holds it. */
function codeCacheFile(bundle: string): string | undefined {
  const dir = privateTemporaryDirectory('cache', 'code');
  if (dir === undefined) return undefined;
  const { size, mtimeMs } = lstatSync(bundle);
  const stamp = hash([size, mtimeMs, process.version, process.arch, ...process.execArgv].join('\0'));
  return join(dir, `${hash(bundle)}-${stamp}.bin`);
}

const hash = (text: string): string => createHash('sha256').update(text).digest('hex').slice(0, 16);

function readIfPresent(path: string): Buffer | undefined {
  try {
    const stat = lstatSync(path);
    const uid = process.getuid?.();
    return stat.isFile() && (uid === undefined || stat.uid === uid) ? readFileSync(path) : undefined;
  } catch {
    return undefined;
  }
}

/** Files of other bundles (other installs, other checkouts) not written for this long are removed. */
const UNUSED_BUNDLE_MS = 7 * 86_400_000;

/**
 * Writes the cache whole or not at all; removes the files of this bundle's earlier builds, and those of other
 * bundles written a week before this one (a bundle that still runs writes its file again after its next start).
 */
function writeCodeCache(path: string, script: Script): void {
  try {
    const temporary = `${path}.${process.pid}.tmp`;
    writeFileSync(temporary, script.createCachedData(), { mode: 0o600 });
    renameSync(temporary, path);
    debug('code cache written: %s', path);
    const dir = dirname(path);
    const own = path.slice(dir.length + 1);
    const bundlePrefix = own.slice(0, own.indexOf('-') + 1);
    // The file system's times, not a clock's: the file just written says what "now" is.
    const stale = lstatSync(path).mtimeMs - UNUSED_BUNDLE_MS;
    for (const name of readdirSync(dir)) {
      if (name === own) continue;
      if (name.startsWith(bundlePrefix) || lstatSync(join(dir, name)).mtimeMs < stale) rmSync(join(dir, name), { force: true });
    }
  } catch (error) {
    // The cache only saves time; a start without it is as correct.
    debug('code cache not written: %s', error);
  }
}
