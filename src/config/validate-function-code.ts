import { existsSync, statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { pythonModuleFiles } from '../functions/process-code.js';
import { runtimeKind } from '../functions/function-spec.js';
import { at, type ConfigChecker, type ConfigPath } from './config-checker.js';
import type { NormalizedFunction } from './normalized-config.js';
import { PythonVersions } from './python-version.js';

const NODE_HANDLER = /^(.+\.(?:ts|mts|cts|js|mjs|cjs))(?:#([A-Za-z_$][A-Za-z0-9_$]*))?$/;
/** Lambda's Python handler: a module path (dots or slashes between names) and the function's name. */
const PYTHON_HANDLER = /^[A-Za-z_]\w*(?:[./][A-Za-z_]\w*)*\.[A-Za-z_]\w*$/;
/** Lambda's Handler constraint (`[^\s]+`, at most 128 characters), all a custom runtime's needs to meet. */
const ANY_HANDLER = /^\S{1,128}$/;
const RUNTIME = {
  test: /^(?:nodejs\d+\.x|python3\.\d+|provided\.al2023|provided\.al2)$/,
  what: 'a runtime: nodejs<version>.x, python3.<minor>, provided.al2023 or provided.al2',
};
const NODE_FORM = '"path/to/module.ts#exportName" (a .ts, .mts, .cts, .js, .mjs or .cjs file; #exportName defaults to #handler)';
const PYTHON_FORM = '"module.function" (Lambda\'s Python handler: "index_users.index_users" runs index_users.py\'s index_users)';
/** The interpreters' versions, asked once per config load (a checker is one load's), however many functions they run. */
const pythonVersionsByLoad = new WeakMap<ConfigChecker, PythonVersions>();

export type FunctionCode = Pick<NormalizedFunction, 'handler' | 'runtime' | 'codeDir' | 'pythonPath'>;

/**
 * A function's code: where it is (`codeDir`, default the config file's directory `baseDir`), the
 * handler relative to it and the runtime that runs it — as written, or what the handler names: a
 * `.ts` / `.js` file is Node.js, a `module.function` whose module is a `.py` file in `codeDir` is
 * Python, labelled with the version of the interpreter that will run it (`python3` or `pythonPath`,
 * asked once per load; AWS_EXECUTION_ENV and GetFunction's Runtime show the label, what
 * runs is that interpreter whatever a written runtime says). Whether the code itself is there and loads
 * is the build's to say (config-functions.ts).
 */
export function validateFunctionCode(check: ConfigChecker, fn: Record<string, unknown>, path: ConfigPath, baseDir: string): FunctionCode | undefined {
  const field = (name: string) => at(path, name);
  const written = fn['runtime'] === undefined ? undefined : check.string(fn['runtime'], field('runtime'), RUNTIME);
  const codeDir = fn['codeDir'] === undefined ? baseDir : directory(check, fn['codeDir'], field('codeDir'), baseDir);
  let pythonPath: string | undefined;
  if (fn['pythonPath'] !== undefined) {
    const value = check.string(fn['pythonPath'], field('pythonPath'), { test: /\S/, what: 'a Python interpreter: a command or a path' });
    // A bare command is looked up on the PATH; a path is the config file's, as every path here.
    if (value !== undefined) pythonPath = value.includes('/') ? resolve(baseDir, value) : value;
  }
  if (!check.present(fn['handler'], field('handler'))) return undefined;
  if ((fn['runtime'] !== undefined && written === undefined) || codeDir === undefined || (fn['pythonPath'] !== undefined && pythonPath === undefined)) return undefined;
  const handler = fn['handler'];
  const code = (runtime: string | undefined, value: string): FunctionCode => ({
    handler: value,
    ...(runtime !== undefined && { runtime }),
    codeDir,
    ...(pythonPath !== undefined && { pythonPath }),
  });
  let out: FunctionCode | undefined;
  const kind = written === undefined ? undefined : runtimeKind(written);
  if (kind === 'node' || (kind === undefined && typeof handler === 'string' && NODE_HANDLER.test(handler))) {
    const match = typeof handler === 'string' ? NODE_HANDLER.exec(handler) : null;
    if (!match) return check.expected(field('handler'), `${NODE_FORM} for runtime ${written}`, handler);
    out = code(written, `${match[1]}#${match[2] ?? 'handler'}`);
  } else if (kind === 'python') {
    if (typeof handler !== 'string' || !PYTHON_HANDLER.test(handler)) return check.expected(field('handler'), `${PYTHON_FORM} for runtime ${written}`, handler);
    out = code(written, handler);
  } else if (kind === 'provided') {
    if (typeof handler !== 'string' || !ANY_HANDLER.test(handler)) return check.expected(field('handler'), `1 to 128 characters without spaces (runtime ${written} passes it to bootstrap as _HANDLER)`, handler);
    out = code(written, handler);
  } else if (typeof handler === 'string' && PYTHON_HANDLER.test(handler)) {
    const modules = pythonModuleFiles(codeDir, handler);
    if (!modules.some((file) => existsSync(file))) {
      check.problem(field('handler'), `expected ${NODE_FORM} or "module.function" naming a Python module in ${codeDir}, got ${JSON.stringify(handler)} (no ${modules[0]}; or write the runtime)`);
      return undefined;
    }
    let versions = pythonVersionsByLoad.get(check);
    if (versions === undefined) pythonVersionsByLoad.set(check, (versions = new PythonVersions()));
    out = code(versions.runtimeOf(pythonPath ?? 'python3', codeDir), handler);
  } else {
    return check.expected(field('handler'), `${NODE_FORM} or "module.function" naming a Python module`, handler);
  }
  if (pythonPath !== undefined && runtimeKind(out.runtime) !== 'python') {
    check.problem(field('pythonPath'), `only a Python function has an interpreter (this one's runtime is ${out.runtime ?? 'Node.js'})`);
    return undefined;
  }
  return out;
}

/** An existing directory, absolute (a relative one is the config file's). */
function directory(check: ConfigChecker, raw: unknown, path: ConfigPath, baseDir: string): string | undefined {
  const value = check.string(raw, path, { test: /\S/, what: 'a directory' });
  if (value === undefined) return undefined;
  const dir = isAbsolute(value) ? value : resolve(baseDir, value);
  let isDirectory = false;
  try {
    isDirectory = statSync(dir).isDirectory();
  } catch {
    // missing, or a file on the way
  }
  if (!isDirectory) {
    check.problem(path, `expected a directory, got ${JSON.stringify(value)} (${dir} is none)`);
    return undefined;
  }
  return dir;
}
