import type { BuildOptions } from 'esbuild';
import { dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildStartedAt, cacheEntryDir, readCachedBuild, storeBuild, type CachedBuild } from './build-cache.js';
import { build } from './esbuild-loader.js';

const scripts = new Map<string, Promise<string>>();

/**
 * The worker's entry script as one plain ESM file under `cacheDir`: worker-main is bundled with its
 * imports, so it runs the same from src/ (TypeScript, under tsx) and from dist/. Built once per process
 * and cache directory, and kept across restarts while its sources are unchanged (a restart then starts no
 * esbuild for it); the file name is the content hash, so concurrent Eddy processes agree.
 */
export function workerScript(cacheDir: string): Promise<string> {
  let script = scripts.get(cacheDir);
  if (script === undefined) {
    script = bundleWorkerMain(cacheDir);
    script.catch(() => scripts.delete(cacheDir));
    scripts.set(cacheDir, script);
  }
  return script;
}

async function bundleWorkerMain(cacheDir: string): Promise<string> {
  const here = fileURLToPath(import.meta.url);
  const entry = join(here, '..', `worker-main${extname(here)}`);
  const options = {
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    write: false,
    metafile: true,
    logLevel: 'silent',
  } as const satisfies BuildOptions;
  const dir = await cacheEntryDir(cacheDir, 'worker', [options]);
  const cached = await readCachedBuild<CachedBuild>(dir);
  if (cached !== undefined) return cached.bundle;
  const startedAt = buildStartedAt();
  const result = await build({ ...options, absWorkingDir: dirname(entry) });
  const inputs = Object.keys(result.metafile.inputs).map((input) => resolve(dirname(entry), input));
  return storeBuild<CachedBuild>(dir, result.outputFiles[0]!.contents, { inputs, imports: [], startedAt }, {});
}
