import type { FunctionBuildError } from './errors.js';
import { lambdaIdentity, type ResolvedFunctionSpec } from './function-spec.js';
import { HandlerNotFoundError } from './handler-export.js';
import { billedDuration, endLine, reportLine, startLine } from './invocation-log.js';
import type { InvocationLog, InvokeResult } from './invocation-run.js';
import { RuntimeStartError } from './process-code.js';
import type { ErrorPayload } from './worker-protocol.js';

/**
 * What Lambda's Node.js runtime answers when the code cannot be loaded: Runtime.HandlerNotFound (the
 * export is missing), Runtime.ImportModuleError (a module or package cannot be found), and
 * Runtime.UserCodeSyntaxError (anything else that stops esbuild: the code does not parse). The message
 * is the build's, one problem per line, so the caller reads what the terminal said.
 */
export function buildErrorPayload(error: FunctionBuildError): ErrorPayload {
  return { errorType: buildErrorType(error), errorMessage: error.problems.join('\n'), trace: [] };
}

export function buildErrorType(error: FunctionBuildError): string {
  if (error instanceof HandlerNotFoundError) return 'Runtime.HandlerNotFound';
  // A Python interpreter or a custom runtime's bootstrap that cannot be started.
  if (error instanceof RuntimeStartError) return 'Runtime.ExitError';
  // esbuild's "Could not resolve" (a relative import or a package), or the handler file itself missing.
  const unresolved = error.missingPackages.length > 0 || error.problems.some((problem) => /Could not resolve "|does not exist/.test(problem));
  return unresolved ? 'Runtime.ImportModuleError' : 'Runtime.UserCodeSyntaxError';
}

/**
 * An invocation of a function whose build failed (`eddy dev` keeps it deployed, broken): no environment
 * starts; it fails at once as an init failure does on Lambda, with START / END / REPORT lines around
 * the error, so triggers retry it and callers get a function error, as with any failing handler.
 */
export function brokenInvocation(spec: ResolvedFunctionSpec, error: FunctionBuildError, requestId: string, output: InvocationLog): InvokeResult {
  const payload = buildErrorPayload(error);
  output.log(startLine(requestId, lambdaIdentity(spec).version), requestId);
  const body = JSON.stringify({ errorType: payload.errorType, errorMessage: payload.errorMessage, stack: [] });
  output.log(`${new Date().toISOString()}\t${requestId}\tERROR\tInit Error \t${body}`, requestId);
  output.log(endLine(requestId), requestId);
  output.log(
    reportLine({
      requestId,
      durationMs: 0,
      billedDurationMs: billedDuration(0),
      memorySizeMB: spec.memorySizeMB,
      maxMemoryUsedMB: 0,
      status: 'error',
      errorType: payload.errorType,
    }),
    requestId,
  );
  return {
    requestId,
    payload: JSON.stringify(payload),
    functionError: 'Unhandled',
    logs: output.lines.map((line) => `${line}\n`).join(''),
    durationMs: 0,
    billedDurationMs: billedDuration(0),
    maxMemoryUsedMB: 0,
    coldStart: false,
  };
}

/**
 * The terminal's one line for a function that cannot be built (`eddy dev`):
 * `[indexUsers] cannot be built — invocations fail with Runtime.UserCodeSyntaxError until a save fixes it: src/a.ts:3:7: Expected ";" but found ")"`.
 */
export function brokenLine(name: string, error: FunctionBuildError): string {
  return `[${name}] cannot be built — invocations fail with ${buildErrorType(error)} until a save fixes it: ${error.problems.join('; ')}`;
}
