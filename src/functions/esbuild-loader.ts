import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/**
 * esbuild, imported when something is first built rather than when Eddy starts: a start whose handlers
 * are plain JavaScript or already bundled in the cache, with a JavaScript or JSON config, never loads it
 * (nor starts its service process). See docs/benchmarks.md, "Start-up".
 */
let loaded: Promise<typeof import('esbuild')> | undefined;

function loadEsbuild(): Promise<typeof import('esbuild')> {
  loaded ??= import('esbuild');
  return loaded;
}

/**
 * How long esbuild's service process outlives the last build. It holds about 14 MiB while it lives and
 * is started again by the next build in some milliseconds (a save in `eddy dev`), so it need not idle along.
 */
const SERVICE_IDLE_MS = 2_000;
let building = 0;
let idle: NodeJS.Timeout | undefined;

/** esbuild's `build`, loading esbuild first; its service process is stopped once builds have paused. */
export const build = (async (options) => {
  building++; // before any await: an idle stop must not fall between this build's start and its call
  clearTimeout(idle);
  try {
    const esbuild = await loadEsbuild();
    return await esbuild.build(options);
  } finally {
    if (--building === 0) idle = setTimeout(() => void loadEsbuild().then((esbuild) => esbuild.stop()), SERVICE_IDLE_MS).unref();
  }
}) as typeof import('esbuild').build;

let version: string | undefined;

/** The installed esbuild's version (part of cache keys), read from its package.json without loading it. */
export function esbuildVersion(): string {
  version ??= (JSON.parse(readFileSync(createRequire(import.meta.url).resolve('esbuild/package.json'), 'utf8')) as { version: string }).version;
  return version;
}
