import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from './esbuild-loader.js';

const scripts = new Map<string, Promise<string>>();

/**
 * The worker's entry script as one plain ESM file under `cacheDir`: worker-main is bundled with its
 * imports, so it runs the same from src/ (TypeScript, under tsx) and from dist/. Built once per process
 * and cache directory; the file name is the content hash, so concurrent Eddy processes agree.
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
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    write: false,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]!.contents;
  const hash = createHash('sha256').update(code).digest('hex').slice(0, 16);
  const path = join(cacheDir, `eddy-worker-${hash}.mjs`);
  if (!existsSync(path)) await writeAtomically(path, code);
  return path;
}

/** Writes beside the target and renames, so a reader never sees half a file. */
export async function writeAtomically(path: string, contents: Uint8Array | string): Promise<void> {
  await mkdir(join(path, '..'), { recursive: true });
  const temporary = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  await writeFile(temporary, contents);
  await rename(temporary, path);
}
