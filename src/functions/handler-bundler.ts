import { build, version as esbuildVersion, type BuildFailure, type Message } from 'esbuild';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { installedPackages } from './bundler-plugins.js';
import { FunctionBuildError } from './errors.js';
import { parseHandler, type ResolvedFunctionSpec } from './function-spec.js';
import { writeAtomically } from './worker-script.js';

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
}

interface Manifest {
  bundle: string;
  codeSha256: string;
  codeSize: number;
  /** Absolute path → hex SHA-256 of its contents when bundled. */
  inputs: Record<string, string>;
}

/** Bump when the build options change, so old cache entries are not reused. */
const OPTIONS_VERSION = 3;

/**
 * Bundles a handler with esbuild (node 20, ESM, dependencies inlined; `@aws-sdk/*` and packages with
 * native addons left to their installed copies, see {@link installedPackages}). Cached under `cacheDir`
 * by entry and options; an entry is reused while every input file still has the contents it was built from.
 */
export async function bundleHandler(spec: ResolvedFunctionSpec, cacheDir: string): Promise<HandlerBundle> {
  const { file, exportName } = parseHandler(spec.handler);
  const entry = resolve(spec.baseDir, file);
  if (!existsSync(entry)) {
    throw new FunctionBuildError(`Could not build function ${spec.name}: handler file ${file} does not exist (looked for ${entry})`);
  }
  const key = createHash('sha256').update(JSON.stringify([OPTIONS_VERSION, esbuildVersion, entry])).digest('hex').slice(0, 24);
  const dir = join(cacheDir, 'functions', key);
  const cached = await readCached(dir);
  if (cached !== undefined) return { ...cached, exportName };

  const outfile = join(dir, 'bundle.mjs'); // fixes the source map's relative paths; the real name is the content hash
  let result;
  try {
    result = await build({
      entryPoints: [entry],
      absWorkingDir: spec.baseDir,
      outfile,
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
      plugins: [installedPackages],
    });
  } catch (error) {
    throw new FunctionBuildError(`Could not build function ${spec.name}: ${describeFailure(error, spec.baseDir)}`);
  }
  const code = result.outputFiles[0]!.contents;
  const hash = createHash('sha256').update(code);
  const codeSha256 = hash.copy().digest('base64');
  const bundle = join(dir, `${hash.digest('hex').slice(0, 16)}.mjs`);
  if (!existsSync(bundle)) {
    await writeAtomically(bundle, code);
    await pruneOldBundles(dir, bundle);
  }
  const inputs: Record<string, string> = {};
  for (const input of Object.keys(result.metafile.inputs)) {
    const path = resolve(spec.baseDir, input);
    if (existsSync(path)) inputs[path] = await fileHash(path);
  }
  const manifest: Manifest = { bundle, codeSha256, codeSize: code.byteLength, inputs };
  await writeAtomically(join(dir, 'manifest.json'), JSON.stringify(manifest));
  return { path: bundle, exportName, codeSha256, codeSize: code.byteLength, inputs: Object.keys(inputs) };
}

/** The source files worth watching: the handler's own graph, without installed packages. */
export function sourceFiles(bundle: HandlerBundle): string[] {
  return bundle.inputs.filter((path) => !path.split(sep).includes('node_modules'));
}

/**
 * Drops this handler's bundles not written for a day. Not sooner: another Eddy process sharing the
 * cache may still start workers on a previous build.
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

async function readCached(dir: string): Promise<Omit<HandlerBundle, 'exportName'> | undefined> {
  let manifest: Manifest;
  try {
    manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as Manifest;
  } catch {
    return undefined;
  }
  if (!existsSync(manifest.bundle)) return undefined;
  for (const [path, hash] of Object.entries(manifest.inputs)) {
    if (!existsSync(path) || (await fileHash(path)) !== hash) return undefined;
  }
  return { path: manifest.bundle, codeSha256: manifest.codeSha256, codeSize: manifest.codeSize, inputs: Object.keys(manifest.inputs) };
}

async function fileHash(path: string): Promise<string> {
  return createHash('sha256').update(await readFile(path)).digest('hex');
}

/** esbuild's messages as `file:line:column: text`, the way editors and terminals link them. */
function describeFailure(error: unknown, baseDir: string): string {
  const messages = (error as Partial<BuildFailure>).errors;
  if (!Array.isArray(messages) || messages.length === 0) return error instanceof Error ? error.message : String(error);
  return messages.map((message: Message) => {
    const at = message.location;
    if (at === null) return message.text;
    const file = relative(baseDir, resolve(baseDir, at.file)) || at.file;
    return `${file}:${at.line}:${at.column + 1}: ${message.text}`;
  }).join('\n');
}
