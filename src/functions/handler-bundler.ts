import type { BuildOptions } from 'esbuild';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildFailure } from './build-failure.js';
import { buildStartedAt, cacheEntryDir, readCachedBuild, storeBuild, type CachedBuild } from './build-cache.js';
import { build } from './esbuild-loader.js';
import { installedPackages, type BareImport } from './bundler-plugins.js';
import { FunctionBuildError } from './errors.js';
import { displayName, parseHandler, type ResolvedFunctionSpec } from './function-spec.js';

/** A handler bundled into one ESM file, ready for a worker to import. */
export interface HandlerBundle {
  /** Absolute path of the bundle (`.mjs`, inline source map). */
  readonly path: string;
  readonly exportName: string;
  /** Base64 SHA-256 of the bundle, as Lambda shows CodeSha256. */
  readonly codeSha256: string;
  readonly codeSize: number;
  /** Absolute paths of every source file that went into the bundle. */
  readonly inputs: readonly string[];
  /** The bundle's export names, as esbuild found them (a CommonJS module's are only `default`). */
  readonly exports: readonly string[];
  /** Taken from the cache directory rather than built. */
  readonly cached: boolean;
}

/** The cache entry's manifest; its inputs are the handler's source graph, inlined packages included. */
interface Manifest extends CachedBuild {
  codeSha256: string;
  codeSize: number;
  exports: string[];
}

/** Bump when the plugin's behaviour or the manifest changes: part of every cache key, as Eddy's and esbuild's versions are. */
const BUNDLER_VERSION = 5;

/**
 * Bundles a handler with esbuild (node 20, ESM, dependencies inlined; `@aws-sdk/*` and packages with
 * native addons left to their installed copies, see {@link installedPackages}). Cached under `cacheDir`,
 * keyed by the build's settings (entry, options, Eddy's and esbuild's versions); an entry is reused while
 * its {@link BuildRecord} still holds: the files the build read and the packages its imports found (or
 * did not find) are as they were. A package imported but not installed fails the build, naming it and
 * the command that installs it.
 */
export async function bundleHandler(spec: ResolvedFunctionSpec, cacheDir: string): Promise<HandlerBundle> {
  const { file, exportName } = parseHandler(spec.handler);
  const entry = resolve(spec.baseDir, file);
  if (!existsSync(entry)) {
    throw new FunctionBuildError(displayName(spec), [`handler file ${file} does not exist (looked for ${entry})`]);
  }
  const options = buildOptions(entry, spec.baseDir);
  const dir = await cacheEntryDir(cacheDir, 'functions', [BUNDLER_VERSION, options]);
  const cached = await readCachedBuild<Manifest>(dir);
  if (cached !== undefined) {
    const { bundle, codeSha256, codeSize, inputs, exports } = cached;
    return { path: bundle, exportName, codeSha256, codeSize, inputs, exports, cached: true };
  }

  const imports: BareImport[] = [];
  const startedAt = buildStartedAt();
  let result;
  try {
    // The outfile fixes the source map's relative paths; the real name is the content hash.
    result = await build({ ...options, outfile: join(dir, 'bundle.mjs'), plugins: [installedPackages(imports)] });
  } catch (error) {
    throw buildFailure(displayName(spec), error, spec.baseDir);
  }
  const code = result.outputFiles[0]!.contents;
  const codeSha256 = createHash('sha256').update(code).digest('base64');
  const inputs = Object.keys(result.metafile.inputs).map((input) => resolve(spec.baseDir, input)).filter((path) => existsSync(path));
  const exports = Object.values(result.metafile.outputs)[0]?.exports ?? [];
  const bundle = await storeBuild<Manifest>(dir, code, { inputs, imports, startedAt }, { codeSha256, codeSize: code.byteLength, exports });
  return { path: bundle, exportName, codeSha256, codeSize: code.byteLength, inputs, exports, cached: false };
}

/** esbuild's options but the outfile and plugins, which are the same for every build. */
function buildOptions(entry: string, baseDir: string) {
  return {
    entryPoints: [entry],
    absWorkingDir: baseDir,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    sourcemap: 'inline',
    sourcesContent: false,
    metafile: true,
    write: false,
    logLevel: 'silent',
    // CommonJS dependencies inside an ESM bundle still call require() for node built-ins.
    banner: { js: "import { createRequire as __eddyCreateRequire } from 'node:module';\nconst require = __eddyCreateRequire(import.meta.url);" },
    // The bundle runs from the cache directory: module-location globals point at the handler file
    // instead (for every module of the bundle; esbuild cannot define them per module).
    define: {
      __filename: JSON.stringify(entry),
      __dirname: JSON.stringify(dirname(entry)),
      'import.meta.url': JSON.stringify(pathToFileURL(entry).href),
      'import.meta.filename': JSON.stringify(entry),
      'import.meta.dirname': JSON.stringify(dirname(entry)),
    },
  } as const satisfies BuildOptions;
}

/** The source files worth watching: the handler's own graph, without installed packages. */
export function sourceFiles(bundle: HandlerBundle): string[] {
  return bundle.inputs.filter((path) => !path.split(sep).includes('node_modules'));
}
