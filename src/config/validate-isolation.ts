import { runtimeKind, type FunctionIsolation } from '../functions/function-spec.js';
import type { ConfigChecker, ConfigPath } from './config-checker.js';
import type { FunctionCode } from './validate-function-code.js';

/**
 * A function's `isolation`: undefined when not written, false when wrong (reported). Only a Node.js
 * function has the choice — a worker thread (`thread`, the default) or a process of its own
 * (`process`); Python and custom runtimes always run as a process, so writing it for them is a mistake
 * worth naming rather than a setting quietly ignored.
 */
export function validateIsolation(check: ConfigChecker, raw: unknown, path: ConfigPath, code: FunctionCode | undefined): FunctionIsolation | undefined | false {
  if (raw === undefined) return undefined;
  const value = check.oneOf(raw, path, ['thread', 'process'] as const);
  if (value === undefined) return false;
  if (code !== undefined && runtimeKind(code.runtime) !== 'node') {
    check.problem(path, `only a Node.js function chooses where it runs (a ${code.runtime} function always runs as a process of its own)`);
    return false;
  }
  return value;
}
