import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/**
 * esbuild, imported when something is first built rather than when Eddy starts: a start whose handlers
 * are plain JavaScript or already bundled in the cache, with a JavaScript or JSON config, never loads it
 * (nor starts its service process). See docs/benchmarks.md, "Start-up".
 */
let loaded: Promise<typeof import('esbuild')> | undefined;

export function loadEsbuild(): Promise<typeof import('esbuild')> {
  loaded ??= import('esbuild');
  return loaded;
}

let version: string | undefined;

/** The installed esbuild's version (part of cache keys), read from its package.json without loading it. */
export function esbuildVersion(): string {
  version ??= (JSON.parse(readFileSync(createRequire(import.meta.url).resolve('esbuild/package.json'), 'utf8')) as { version: string }).version;
  return version;
}
