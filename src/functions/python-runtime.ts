import { fileURLToPath } from 'node:url';

/**
 * Eddy's Python bootstrap (runtimes/python, shipped in the package): the Runtime API loop that
 * imports the handler and runs it as Lambda's Python runtime does. The same relative path holds from
 * src/functions (tests) and dist/functions (the package).
 */
export const PYTHON_BOOTSTRAP = fileURLToPath(new URL('../../runtimes/python/eddy_bootstrap.py', import.meta.url));

/** The build's check of a handler module: parsed, not imported (see the script). */
export const PYTHON_HANDLER_CHECK = fileURLToPath(new URL('../../runtimes/python/eddy_check_handler.py', import.meta.url));

/** The command a Python environment runs: the interpreter (`python3` on the PATH by default), unbuffered, on the bootstrap. */
export function pythonCommand(pythonPath = 'python3'): { command: string; args: string[] } {
  return { command: pythonPath, args: ['-u', PYTHON_BOOTSTRAP] };
}
