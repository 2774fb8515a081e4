import { spawnSync } from 'node:child_process';

/**
 * The runtime a handler naming a Python module gets when none is written and its interpreter cannot
 * say what it is (it is missing, or not a Python 3: the build then says so, naming the function).
 */
export const DEFAULT_PYTHON_RUNTIME = 'python3.12';

/**
 * The `python3.<minor>` label of the interpreters a config's Python functions run on, each asked once
 * per config load (a version manager's shim answers per directory, so by command and code directory).
 */
export class PythonVersions {
  readonly #labels = new Map<string, string>();

  /** The label of `command` (`python3` on the PATH, or a `pythonPath`) run in `cwd`, as Lambda's Runtime names it. */
  runtimeOf(command: string, cwd: string): string {
    const key = `${command}\0${cwd}`;
    let label = this.#labels.get(key);
    if (label === undefined) {
      label = interpreterRuntime(command, cwd) ?? DEFAULT_PYTHON_RUNTIME;
      this.#labels.set(key, label);
    }
    return label;
  }
}

/** What the interpreter says it is (`python3.11`), or undefined when it does not answer as a Python 3. */
function interpreterRuntime(command: string, cwd: string): string | undefined {
  const answer = spawnSync(command, ['-c', 'import sys;print(sys.version_info[0],sys.version_info[1])'], { cwd, encoding: 'utf8', timeout: 10_000 });
  const version = answer.status === 0 ? /^3 (\d+)$/.exec(answer.stdout.trim()) : null;
  return version === null ? undefined : `python3.${version[1]}`;
}
