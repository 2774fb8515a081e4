import { randomUUID } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import { isBuiltin } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Message, Plugin } from 'esbuild';
import { ConfigError } from './config-error.js';
import { build } from '../functions/esbuild-loader.js';

const EDDY_NAMESPACE = 'eddy-config';
const RESOLVING = Symbol('resolving');

/**
 * Bundles a TypeScript config with esbuild and imports the result, returning the module's namespace and
 * the files that went into it (the config and the files it imports, packages left out: what `eddy dev`
 * watches). The bundle is written to the OS temp directory (never beside the user's files) and removed
 * once imported.
 */
export async function importTypeScriptConfig(file: string): Promise<{ module: Record<string, unknown>; files: string[] }> {
  let code: string;
  let files: string[];
  try {
    const result = await build({
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
      // The bundle runs from the temp directory, so the config's own location is pinned here.
      define: {
        'import.meta.url': JSON.stringify(pathToFileURL(file).href),
        'import.meta.filename': JSON.stringify(file),
        'import.meta.dirname': JSON.stringify(dirname(file)),
      },
      // `require()` in an ES module bundle needs a require function; this one resolves from the config's place.
      banner: { js: `import { createRequire as __eddyCreateRequire } from 'node:module'; const require = __eddyCreateRequire(${JSON.stringify(file)});` },
      plugins: [eddyModule, externalPackages],
    });
    code = result.outputFiles[0]!.text;
    files = Object.keys(result.metafile.inputs)
      .filter((input) => !input.includes(':')) // the eddy-config namespace, not a file
      .map((input) => resolve(dirname(file), input));
  } catch (error) {
    const messages = (error as { errors?: Message[] }).errors ?? [];
    if (messages.length === 0) throw error;
    throw new ConfigError(messages.map((m) => `${file}: cannot be compiled: ${where(dirname(file), m)}${m.text}`));
  }
  const bundle = join(tmpdir(), `eddy-config-${randomUUID()}.mjs`);
  await writeFile(bundle, code);
  try {
    return { module: (await import(pathToFileURL(bundle).href)) as Record<string, unknown>, files };
  } finally {
    await rm(bundle, { force: true });
  }
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
 * is would be resolved from the temp directory, where there is no node_modules. So each is resolved
 * from the importing file, as esbuild would bundle it, and imported by its absolute file URL.
 */
const externalPackages: Plugin = {
  name: 'external-packages',
  setup(b) {
    b.onResolve({ filter: /.*/ }, async (args) => {
      if (args.pluginData === RESOLVING || args.kind === 'entry-point') return undefined;
      if (args.path.startsWith('.') || isAbsolute(args.path)) return undefined;
      if (isBuiltin(args.path)) return { path: args.path, external: true };
      const resolved = await b.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, pluginData: RESOLVING });
      if (resolved.errors.length > 0) return { errors: resolved.errors };
      if (resolved.external) return { path: resolved.path, external: true };
      // import() takes a URL; require() takes a path.
      const path = args.kind === 'require-call' ? resolved.path : pathToFileURL(resolved.path).href;
      return { path, external: true };
    });
  },
};
