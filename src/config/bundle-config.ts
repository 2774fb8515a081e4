import { isBuiltin } from 'node:module';
import { dirname, isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BuildOptions, Message, Plugin } from 'esbuild';
import { ConfigError } from './config-error.js';
import { buildStartedAt, cacheEntryDir, defaultCacheDir, readCachedBuild, storeBuild, type CachedBuild } from '../functions/build-cache.js';
import type { BareImport } from '../functions/bundler-plugins.js';
import { build } from '../functions/esbuild-loader.js';
import { importModule } from '../shared/import-module.js';

const EDDY_NAMESPACE = 'eddy-config';
const RESOLVING = Symbol('resolving');

/** Bump when the plugins' behaviour changes: part of the cache key, as Eddy's and esbuild's versions are. */
const CONFIG_BUNDLER_VERSION = 1;

/** Imports of the config so far: each gets a URL of its own, so the module is evaluated again. */
let loads = 0;

/**
 * Bundles a TypeScript config with esbuild and imports the result, returning the module's namespace and
 * the files that went into it (the config and the files it imports, packages left out: what `eddy dev`
 * watches). The bundle is kept under `cacheDir` (never beside the user's files) with the record of what
 * it was built from, as handlers' bundles are: a restart whose config and imported files are unchanged
 * imports it again without loading esbuild.
 */
export async function importTypeScriptConfig(file: string, cacheDir = defaultCacheDir()): Promise<{ module: Record<string, unknown>; files: string[] }> {
  const dir = await cacheEntryDir(cacheDir, 'config', [CONFIG_BUNDLER_VERSION, buildOptions(file)]);
  const { bundle, inputs } = (await readCachedBuild<CachedBuild>(dir)) ?? (await bundleConfig(file, dir));
  // Evaluated afresh each time (an edited config, or one that reads the environment), as a new file would be.
  const module = await importModule(`${pathToFileURL(bundle).href}?load=${++loads}`);
  return { module, files: inputs };
}

async function bundleConfig(file: string, dir: string): Promise<{ bundle: string; inputs: string[] }> {
  const imports: BareImport[] = [];
  const startedAt = buildStartedAt();
  let result;
  try {
    result = await build({ ...buildOptions(file), plugins: [eddyModule, externalPackages(imports)] });
  } catch (error) {
    const messages = (error as { errors?: Message[] }).errors ?? [];
    if (messages.length === 0) throw error;
    throw new ConfigError(messages.map((m) => `${file}: cannot be compiled: ${where(dirname(file), m)}${m.text}`));
  }
  const inputs = Object.keys(result.metafile.inputs)
    .filter((input) => !input.includes(':')) // the eddy-config namespace, not a file
    .map((input) => resolve(dirname(file), input));
  const bundle = await storeBuild<CachedBuild>(dir, result.outputFiles[0]!.contents, { inputs, imports, startedAt }, {});
  return { bundle, inputs };
}

/** esbuild's options but the plugins: with Eddy's and esbuild's versions, the cache key. */
function buildOptions(file: string) {
  return {
    entryPoints: [file],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    write: false,
    metafile: true,
    sourcemap: 'inline',
    logLevel: 'silent',
    absWorkingDir: dirname(file),
    // The bundle runs from the cache directory, so the config's own location is pinned here.
    define: {
      'import.meta.url': JSON.stringify(pathToFileURL(file).href),
      'import.meta.filename': JSON.stringify(file),
      'import.meta.dirname': JSON.stringify(dirname(file)),
    },
    // `require()` in an ES module bundle needs a require function; this one resolves from the config's place.
    banner: { js: `import { createRequire as __eddyCreateRequire } from 'node:module'; const require = __eddyCreateRequire(${JSON.stringify(file)});` },
  } as const satisfies BuildOptions;
}

/** `FILE:LINE:COLUMN: `, the column counted from 1 as editors do (esbuild counts from 0). */
const where = (dir: string, m: Message) =>
  m.location ? `${resolve(dir, m.location.file)}:${m.location.line}:${m.location.column + 1}: ` : '';

/**
 * `import { defineConfig } from 'eddy'` works without Eddy in the user's node_modules (a global install,
 * or these tests): 'eddy' becomes a module whose `defineConfig` returns its argument, as the real one does.
 */
const eddyModule: Plugin = {
  name: 'eddy-module',
  setup(b) {
    b.onResolve({ filter: /^eddy$/ }, () => ({ path: 'eddy', namespace: EDDY_NAMESPACE }));
    b.onLoad({ filter: /.*/, namespace: EDDY_NAMESPACE }, () => ({
      contents: 'export const defineConfig = (config) => config;',
      loader: 'js',
    }));
  },
};

/**
 * Packages stay out of the bundle (esbuild's `packages: 'external'`), but a bare `import 'pkg'` left as
 * is would be resolved from the cache directory, where there is no node_modules. So each is resolved
 * from the importing file, as esbuild would bundle it, and imported by its absolute file URL.
 */
function externalPackages(seen: BareImport[]): Plugin {
  return {
    name: 'external-packages',
    setup(b) {
      b.onResolve({ filter: /.*/ }, async (args) => {
        if (args.pluginData === RESOLVING || args.kind === 'entry-point') return undefined;
        if (args.path.startsWith('.') || isAbsolute(args.path)) return undefined;
        if (isBuiltin(args.path)) return { path: args.path, external: true };
        const resolved = await b.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, pluginData: RESOLVING });
        // For the cache's record: a package installed, moved or removed since makes the bundle stale.
        seen.push({ specifier: args.path, resolveDir: args.resolveDir, resolved: resolved.errors.length === 0 && !resolved.external ? resolved.path : undefined });
        if (resolved.errors.length > 0) return { errors: resolved.errors };
        if (resolved.external) return { path: resolved.path, external: true };
        // import() takes a URL; require() takes a path.
        const path = args.kind === 'require-call' ? resolved.path : pathToFileURL(resolved.path).href;
        return { path, external: true };
      });
    },
  };
}
