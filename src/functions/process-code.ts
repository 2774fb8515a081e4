import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { access, readdir, readFile } from 'node:fs/promises';
import { isAbsolute, join, relative } from 'node:path';
import { promisify } from 'node:util';
import { FunctionBuildError } from './errors.js';
import { displayName, runtimeKind, type ResolvedFunctionSpec } from './function-spec.js';
import type { HandlerBundle } from './handler-bundler.js';
import { HandlerNotFoundError } from './handler-export.js';
import { PYTHON_HANDLER_CHECK, pythonCommand } from './python-runtime.js';

/** The runtime itself cannot start (no interpreter, no executable bootstrap): Runtime.ExitError when invoked. */
export class RuntimeStartError extends FunctionBuildError {}

/**
 * The interpreter each Python setting resolved to at the last build, by setting and code directory:
 * environments start it directly, so a version manager's shim (pyenv's costs ~90 ms) is not run on
 * every cold start. The shim's choice for that directory is what its `sys.executable` says.
 */
const interpreters = new Map<string, string>();

/** The command a process-runtime function's environments run (in its `baseDir`, the code directory). */
export function processCommand(spec: ResolvedFunctionSpec): { command: string; args: string[] } {
  if (runtimeKind(spec.runtime) !== 'python') return { command: join(spec.baseDir, 'bootstrap'), args: [] };
  const setting = spec.pythonPath ?? 'python3';
  return pythonCommand(interpreters.get(`${setting}\0${spec.baseDir}`) ?? setting);
}

/**
 * The code of a function that runs as a process, described as a bundle is: `path` the module or
 * executable it starts from, `inputs` the files whose change reloads it (hot reload), CodeSha256 over
 * them. Checked without running user code: the interpreter answers and the handler's module exists,
 * parses and binds the function's name (HandlerNotFoundError otherwise), or the executable `bootstrap`
 * exists. A name bound in ways a parse cannot see is only checked when the module loads
 * (Runtime.HandlerNotFound at invocation). Throws FunctionBuildError.
 */
export async function processBundle(spec: ResolvedFunctionSpec): Promise<HandlerBundle> {
  if (runtimeKind(spec.runtime) === 'python') {
    const entry = await pythonModuleFile(spec);
    await checkPythonHandler(spec, entry);
    return describe(entry, spec.handler.slice(spec.handler.lastIndexOf('.') + 1), [entry, ...(await pythonSources(spec.baseDir))]);
  }
  const bootstrap = join(spec.baseDir, 'bootstrap');
  try {
    await access(bootstrap, constants.X_OK);
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'there is none' : 'it is not executable';
    throw new RuntimeStartError(displayName(spec), [`runtime ${spec.runtime} starts ${bootstrap}, but ${why}`], [], [bootstrap]);
  }
  return describe(bootstrap, '', [bootstrap]);
}

/**
 * The files Lambda's `module.function` handler may import, in the order Python finds them:
 * `src/app.handler` → `src/app.py`, `src/app/__init__.py` (`/` and `.` in the module both step into folders).
 */
export function pythonModuleFiles(baseDir: string, handler: string): [string, string] {
  const path = join(baseDir, ...handler.slice(0, handler.lastIndexOf('.')).split(/[./]/));
  return [`${path}.py`, join(path, '__init__.py')];
}

async function pythonModuleFile(spec: ResolvedFunctionSpec): Promise<string> {
  const candidates = pythonModuleFiles(spec.baseDir, spec.handler);
  for (const candidate of candidates) {
    try {
      await access(candidate);
      return candidate;
    } catch {
      // try the package form
    }
  }
  // "does not exist" reads as Runtime.ImportModuleError to a broken function's invocations, as a Node handler file's absence does.
  const module = spec.handler.slice(0, spec.handler.lastIndexOf('.')).replaceAll('/', '.');
  const [file, init] = candidates.map((candidate) => relative(spec.baseDir, candidate));
  throw new FunctionBuildError(displayName(spec), [`handler ${spec.handler}: module ${module} does not exist in ${spec.baseDir} (no ${file}, no ${init})`], [], [candidates[0]]);
}

/**
 * The interpreter must answer as a Python 3 (what it really is, past any shim, is remembered), and
 * the handler's module must parse and bind the function's name at its top level: both found out by
 * runtimes/python/eddy_check_handler.py, which parses the module without importing it.
 */
/** How long python3 may take to import the handler's module and answer whether the handler is there. */
const PYTHON_CHECK_TIMEOUT_MS = 10_000;

async function checkPythonHandler(spec: ResolvedFunctionSpec, entry: string): Promise<void> {
  const command = spec.pythonPath ?? 'python3';
  const functionName = spec.handler.slice(spec.handler.lastIndexOf('.') + 1);
  let found: PythonCheck;
  try {
    const { stdout } = await promisify(execFile)(command, [PYTHON_HANDLER_CHECK, entry, functionName], { cwd: spec.baseDir, timeout: PYTHON_CHECK_TIMEOUT_MS });
    found = JSON.parse(stdout) as PythonCheck;
  } catch (error) {
    const failure = error as NodeJS.ErrnoException & { killed?: boolean };
    const reason = failure.code === 'ENOENT'
      ? 'was not found (install Python 3, or set pythonPath)'
      : failure.killed
        ? `did not answer the handler check within ${PYTHON_CHECK_TIMEOUT_MS / 1000} s (an overloaded machine, or a module that blocks on import)`
        : 'is not a working Python 3 (install Python 3, or set pythonPath)';
    throw new RuntimeStartError(displayName(spec), [`runtime ${spec.runtime}: ${command} ${reason}`]);
  }
  if (isAbsolute(found.executable)) interpreters.set(`${command}\0${spec.baseDir}`, found.executable);
  const file = relative(spec.baseDir, entry);
  if (found.syntaxError !== undefined) {
    const { line, column, message } = found.syntaxError;
    throw new FunctionBuildError(displayName(spec), [`${file}:${line ?? 0}:${column ?? 0}: ${message}`], [], [entry]);
  }
  if (!found.defined) {
    const functions = found.functions?.length ? found.functions.join(', ') : 'none';
    throw new HandlerNotFoundError(displayName(spec), [`${file} has no function named "${functionName}" (its functions: ${functions})`], [], [entry]);
  }
}

/** What eddy_check_handler.py prints. */
interface PythonCheck {
  executable: string;
  syntaxError?: { line: number | null; column: number | null; message: string };
  defined?: boolean;
  functions?: string[];
}

/** Folders that hold no handler code of the function's own: installed packages, caches, virtual environments. */
const SKIPPED = new Set(['node_modules', '__pycache__', 'site-packages', 'dist-packages', 'venv', 'env']);
/** Enough for a function's own sources; a directory with more is mostly something else. */
const MAX_SOURCES = 2000;

/** The `.py` files under the code directory, its own code only (see SKIPPED, and hidden folders). */
async function pythonSources(dir: string, found: string[] = []): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return found;
  }
  if (entries.some((entry) => entry.name === 'pyvenv.cfg')) return found;
  for (const entry of entries) {
    if (found.length >= MAX_SOURCES) break;
    if (entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory() && !SKIPPED.has(entry.name)) await pythonSources(path, found);
    else if (entry.isFile() && entry.name.endsWith('.py')) found.push(path);
  }
  return found;
}

async function describe(path: string, exportName: string, files: string[]): Promise<HandlerBundle> {
  const inputs = [...new Set(files)].sort();
  const hash = createHash('sha256');
  let codeSize = 0;
  for (const file of inputs) {
    const content = await readFile(file).catch(() => Buffer.alloc(0));
    codeSize += content.length;
    hash.update(`${file}\0${content.length}\0`).update(content);
  }
  return { path, exportName, codeSha256: hash.digest('base64'), codeSize, inputs, exports: [], cached: false };
}
