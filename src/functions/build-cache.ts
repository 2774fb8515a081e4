import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BareImport } from './bundler-plugins.js';
import { checkBuildRecord, recordBuild, type BuildRecord } from './build-record.js';
import { esbuildVersion } from './esbuild-loader.js';
import { ownTemporaryDirectory, privateTemporaryDirectory } from '../shared/private-directory.js';

let defaultDir: string | undefined;

/**
 * Where built bundles are kept across restarts when no directory is chosen: the handlers', the TypeScript
 * config's and the function workers' entry. Outside the data directory, so a fresh data directory (and
 * --memory) reuses what an earlier run of the same sources built. When `<tmpdir>/eddy-<uid>/cache` is not
 * private (privateTemporaryDirectory), a directory of this process's own: it builds everything again.
 */
export const defaultCacheDir = (): string => (defaultDir ??= privateTemporaryDirectory('cache') ?? ownTemporaryDirectory('eddy-cache-'));

/**
 * A build's start in real time, which the files' modification times it is compared with are in (see
 * {@link recordBuild}): not Eddy's clock, which `eddy time` moves.
 */
export const buildStartedAt = (): number => Date.now();

/** What every cache entry's manifest holds; each kind of build adds its own fields. */
export interface CachedBuild {
  /** The bundle, named by its contents' hash. */
  bundle: string;
  /** esbuild's inputs, absolute. */
  inputs: string[];
  record: BuildRecord;
}

/**
 * The directory of a build's cache entry: `<cacheDir>/<kind>/<hash>`, the hash of everything besides the
 * files' contents that decides the output (esbuild's options, and Eddy's and esbuild's versions, added here).
 */
export async function cacheEntryDir(cacheDir: string, kind: string, settings: readonly unknown[]): Promise<string> {
  const key = JSON.stringify([await eddyVersion(), esbuildVersion(), ...settings]);
  return join(cacheDir, kind, createHash('sha256').update(key).digest('hex').slice(0, 24));
}

/**
 * The entry's manifest while its build still holds (see {@link checkBuildRecord}); undefined when there is
 * none, when it cannot be read (a partial or corrupt file is rebuilt over, never fatal) or when something
 * the build read has changed since.
 */
export async function readCachedBuild<T extends CachedBuild>(entryDir: string): Promise<T | undefined> {
  const path = join(entryDir, 'manifest.json');
  let manifest: T;
  try {
    manifest = JSON.parse(await readFile(path, 'utf8')) as T;
  } catch {
    return undefined;
  }
  if (typeof manifest?.record !== 'object' || typeof manifest.bundle !== 'string' || !existsSync(manifest.bundle)) return undefined;
  const state = await checkBuildRecord(manifest.record).catch(() => 'stale' as const);
  if (state === 'stale') return undefined;
  // Touched but unchanged files (a checkout, a formatter): stamp their new times, so the next check only stats them.
  if (state === 'refreshed') await writeAtomically(path, JSON.stringify(manifest));
  return manifest;
}

/**
 * Keeps a finished build in its entry: the bundle under its contents' hash (`<hex16>.mjs`), then the
 * manifest, each written to a temporary file and renamed. The manifest is left out (and an older one
 * removed) when a file changed while esbuild read it: the next start builds again. Returns the bundle's path.
 */
export async function storeBuild<T extends CachedBuild>(
  entryDir: string,
  code: Uint8Array,
  build: { inputs: string[]; imports: readonly BareImport[]; startedAt: number },
  extra: Omit<T, keyof CachedBuild>,
): Promise<string> {
  const bundle = join(entryDir, `${createHash('sha256').update(code).digest('hex').slice(0, 16)}.mjs`);
  if (!existsSync(bundle)) {
    await writeAtomically(bundle, code);
    await pruneOldBundles(entryDir, bundle);
  }
  const manifestPath = join(entryDir, 'manifest.json');
  const record = await recordBuild(build.inputs, build.imports, build.startedAt);
  if (record === undefined) await rm(manifestPath, { force: true });
  else await writeAtomically(manifestPath, JSON.stringify({ ...extra, bundle, inputs: build.inputs, record }));
  return bundle;
}

/**
 * Drops an entry's bundles not written for a day. Not sooner: another Eddy process sharing the cache may
 * still start workers on (or import) a previous build.
 */
async function pruneOldBundles(dir: string, keep: string): Promise<void> {
  const dayAgo = Date.now() - 86_400_000;
  for (const name of await readdir(dir)) {
    const path = join(dir, name);
    if (!name.endsWith('.mjs') || path === keep) continue;
    const stats = await stat(path).catch(() => undefined);
    if (stats !== undefined && stats.mtimeMs < dayAgo) await rm(path, { force: true });
  }
}

/** Writes beside the target and renames, so a reader never sees half a file. */
export async function writeAtomically(path: string, contents: Uint8Array | string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  await writeFile(temporary, contents);
  await rename(temporary, path);
}

let version: Promise<string> | undefined;

/** Eddy's own `name@version`, from the package.json above this module (in src/ and in dist/ alike). */
function eddyVersion(): Promise<string> {
  version ??= (async () => {
    for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
      const manifest = await readFile(join(dir, 'package.json'), 'utf8').then((text) => JSON.parse(text) as { name?: unknown; version?: unknown }, () => undefined);
      if (typeof manifest?.name === 'string') return `${manifest.name}@${String(manifest.version)}`;
      if (dirname(dir) === dir) return 'unknown';
    }
  })();
  return version;
}
