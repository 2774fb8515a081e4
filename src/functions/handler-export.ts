import { FunctionBuildError } from './errors.js';
import { displayName, parseHandler, type ResolvedFunctionSpec } from './function-spec.js';
import type { HandlerBundle } from './handler-bundler.js';

/** The handler module builds but does not export the handler it names (Lambda's Runtime.HandlerNotFound). */
export class HandlerNotFoundError extends FunctionBuildError {}

/**
 * Checks that the bundle exports the handler, from the export names esbuild reported, so no user code
 * runs to find out. A module with a default export (every CommonJS module has one) may hold the handler
 * as a property of it, as Lambda's runtime looks there too: that is only known when the module loads,
 * where a missing one is Runtime.HandlerNotFound at invocation.
 */
export function checkHandlerExport(spec: ResolvedFunctionSpec, bundle: HandlerBundle): void {
  const { file, exportName } = parseHandler(spec.handler);
  if (bundle.exports.includes(exportName) || bundle.exports.includes('default')) return;
  const names = bundle.exports.length === 0 ? 'nothing' : bundle.exports.join(', ');
  throw new HandlerNotFoundError(displayName(spec), [`${file} has no export named "${exportName}" (it exports: ${names})`]);
}
