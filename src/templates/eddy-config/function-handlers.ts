// A template function's Handler and Runtime in the config's forms (src/config/validate-function-code.ts), and
// inline code (Code.ZipFile) written where it can run.
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import type { FunctionRuntimeName } from '../../config/config-types.js';
import { pythonModuleFiles } from '../../functions/process-code.js';

export type RuntimeKind = 'node' | 'python' | 'provided';

/**
 * The source extensions tried for a Node.js handler module, in this order: a TypeScript source first (a SAM
 * esbuild project names `app.handler` for `app.ts`; a `.js` beside a `.ts` is usually its compiled copy, and
 * Eddy runs and reloads sources), then Lambda's own order (`.js`, `.mjs`, `.cjs`).
 */
export const NODE_EXTENSIONS = ['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs'] as const;

/** What kind of runtime `runtime` is, or undefined for one Eddy does not run. */
export function runtimeKindOf(runtime: string): RuntimeKind | undefined {
  if (/^nodejs\d+\.x$/.test(runtime)) return 'node';
  if (/^python3\.\d+$/.test(runtime)) return 'python';
  if (runtime === 'provided.al2' || runtime === 'provided.al2023') return 'provided';
  return undefined;
}

export type HandlerAnswer = { handler: string } | { problem: string };

/**
 * Lambda's Node.js handler `path/file.export` (the module is the last path segment up to its first dot, as
 * the Node.js runtime interface client's _splitHandlerString reads it) → the config's `path/file.ext#export`,
 * with the first of NODE_EXTENSIONS that exists in `codeDir`.
 */
export function nodeHandler(codeDir: string, handler: string, entryPoints: readonly string[] = []): HandlerAnswer {
  const slash = handler.lastIndexOf('/');
  const dir = handler.slice(0, slash + 1);
  const base = handler.slice(slash + 1);
  const dot = base.indexOf('.');
  if (dot <= 0 || dot === base.length - 1) return { problem: `expected Lambda's "file.export" (e.g. "app.handler" for app.js's handler), got ${JSON.stringify(handler)}` };
  const exportPath = base.slice(dot + 1);
  if (!/^[A-Za-z_$][\w$]*$/.test(exportPath)) {
    return { problem: `the export "${exportPath}" is not a plain export name (Eddy runs a module's named export: "file.export")` };
  }
  const module = posix.join(dir, base.slice(0, dot));
  const tried = NODE_EXTENSIONS.map((ext) => `${module}${ext}`);
  const found = tried.find((file) => isFile(join(codeDir, file))) ?? entryPointOf(codeDir, module, entryPoints);
  if (found === undefined) return { problem: `no ${tried.join(', ')} in ${codeDir}${entryPoints.length > 0 ? ` (nor an esbuild entry point building ${module}.js)` : ''}` };
  return { handler: `${found}#${exportPath}` };
}

/**
 * The esbuild entry point (SAM's Metadata.BuildProperties.EntryPoints, relative to CodeUri) whose output is
 * `module`.js: esbuild writes each entry to its path under the entries' common directory (its default
 * outbase), so `src/handlers/orders.ts` alone builds `orders.js`, which Handler `orders.handler` names.
 */
function entryPointOf(codeDir: string, module: string, entryPoints: readonly string[]): string | undefined {
  const entries = entryPoints.map((entry) => posix.normalize(entry.replace(/^\.\//, '')));
  const dirs = entries.map((entry) => posix.dirname(entry).split('/'));
  const first = dirs[0] ?? [];
  let shared = 0;
  while (shared < first.length && dirs.every((parts) => parts[shared] === first[shared])) shared++;
  const common = first.slice(0, shared).join('/');
  const base = common === '' || common === '.' ? '' : `${common}/`;
  return entries.find((entry) => entry.startsWith(base) && entry.slice(base.length).replace(/\.[^./]+$/, '') === module && isFile(join(codeDir, entry)));
}

/** SAM's esbuild entry points of a function (its Metadata: BuildMethod esbuild, BuildProperties.EntryPoints), if any. */
export function esbuildEntryPoints(metadata: unknown): string[] {
  if (metadata === null || typeof metadata !== 'object') return [];
  const { BuildMethod: method, BuildProperties: properties } = metadata as Record<string, unknown>;
  const entries = method === 'esbuild' && properties !== null && typeof properties === 'object' ? (properties as Record<string, unknown>)['EntryPoints'] : undefined;
  return Array.isArray(entries) ? entries.filter((entry): entry is string => typeof entry === 'string') : [];
}

/** Lambda's Python handler `module.function` (`dir/module.function` too), checked to name a module in `codeDir`. */
export function pythonHandler(codeDir: string, handler: string): HandlerAnswer {
  if (!/^[A-Za-z_]\w*(?:[./][A-Za-z_]\w*)*\.[A-Za-z_]\w*$/.test(handler)) {
    return { problem: `expected Lambda's Python "module.function" (e.g. "app.handler" for app.py's handler), got ${JSON.stringify(handler)}` };
  }
  const files = pythonModuleFiles(codeDir, handler);
  return files.some(isFile) ? { handler } : { problem: `no ${files.join(' or ')}` };
}

/** The module Lambda writes Code.ZipFile to: `index.js` for Node.js, `index.py` for Python (AWS::Lambda::Function Code docs). */
export function inlineFileName(kind: 'node' | 'python'): string {
  return kind === 'node' ? 'index.js' : 'index.py';
}

/**
 * Writes inline code to `<dir>/<index.js|index.py>` (left alone when it already holds the text, so a
 * watcher sees no change) and returns the directory. A `.js` file may hold CommonJS or ES module syntax:
 * Eddy bundles Node.js handlers with esbuild, which reads either.
 */
export function writeInlineCode(dir: string, kind: 'node' | 'python', text: string): string {
  const file = join(dir, inlineFileName(kind));
  if (existsSync(file) && readFileSync(file, 'utf8') === text) return dir;
  mkdirSync(dir, { recursive: true });
  writeFileSync(file, text);
  return dir;
}

/** Whether `path` is an existing directory. */
export function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

export type { FunctionRuntimeName };
