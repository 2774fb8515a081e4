import type { Environment } from './environment.js';
import { lambdaIdentity, type ResolvedFunctionSpec } from './function-spec.js';
import { timeoutMessage } from './error-payload.js';
import { billedDuration, endLine, reportLine, startLine, type ReportFields } from './invocation-log.js';
import type { ErrorPayload } from './worker-protocol.js';

export interface InvokeResult {
  requestId: string;
  /** JSON text of the handler's result (`null` for none), or of Lambda's error object. */
  payload: string;
  functionError?: 'Unhandled';
  /** This invocation's log lines, START to REPORT, newline-terminated. */
  logs: string;
  durationMs: number;
  billedDurationMs: number;
  maxMemoryUsedMB: number;
  coldStart: boolean;
  /** How long the module took to load, on a cold start. */
  initDurationMs?: number;
}

export interface InvocationLog {
  /** Records a line in the function's log (and so in `lines` while the invocation runs). */
  log: (line: string, requestId: string) => void;
  /** The invocation's own lines, filled by `log` and by the environment's output. */
  lines: string[];
}

/** One invocation on an acquired environment, framed by Lambda's START / END / REPORT lines. */
export async function runInvocation(
  environment: Environment,
  spec: ResolvedFunctionSpec,
  message: { requestId: string; payload: string; clientContext: string | undefined; invokedFunctionArn?: string },
  output: InvocationLog,
): Promise<InvokeResult> {
  const { requestId } = message;
  const coldStart = environment.invocations === 0;
  output.log(startLine(requestId, lambdaIdentity(spec).version), requestId);
  const ran = await environment.invoke(message, spec.timeoutSeconds);
  const { outcome } = ran;
  // A timed-out invocation lasted its whole timeout, as Lambda reports it (the timer may fire a hair early).
  const durationMs = outcome.kind === 'timeout' ? Math.max(ran.durationMs, spec.timeoutSeconds * 1000) : ran.durationMs;

  let payload: string;
  let failed = true;
  const report: Partial<ReportFields> = {};
  switch (outcome.kind) {
    case 'success':
    case 'error':
      payload = outcome.payload;
      failed = outcome.kind === 'error';
      break;
    case 'init-error':
      payload = JSON.stringify(outcome.error);
      output.log(errorLine(undefined, 'Uncaught Exception', outcome.error), requestId);
      output.log(`INIT_REPORT Init Duration: ${(environment.initDurationMs ?? 0).toFixed(2)} ms\tPhase: init\tStatus: error\tError Type: ${outcome.error.errorType}`, requestId);
      report.status = 'error';
      report.errorType = outcome.error.errorType;
      break;
    case 'timeout':
      payload = JSON.stringify(outcome.error);
      output.log(`${new Date().toISOString()} ${requestId} ${timeoutMessage(spec.timeoutSeconds)}`, requestId);
      report.status = 'timeout';
      break;
    case 'crash':
      payload = JSON.stringify(outcome.error);
      if (outcome.exitError) {
        output.log(outcome.error.errorMessage, requestId);
        output.log(outcome.error.errorType, requestId);
      }
      report.status = 'error';
      report.errorType = outcome.exitError ? outcome.error.errorType : 'Runtime.ExitError';
      break;
  }

  const maxMemoryUsedMB = Math.max(1, environment.memoryUsedMB);
  output.log(endLine(requestId), requestId);
  output.log(
    reportLine({
      requestId,
      durationMs,
      billedDurationMs: billedDuration(durationMs),
      memorySizeMB: spec.memorySizeMB,
      maxMemoryUsedMB,
      initDurationMs: coldStart ? environment.initDurationMs : undefined,
      ...report,
    }),
    requestId,
  );
  return {
    requestId,
    payload,
    ...(failed ? { functionError: 'Unhandled' as const } : {}),
    logs: output.lines.map((line) => `${line}\n`).join(''),
    durationMs,
    billedDurationMs: billedDuration(durationMs),
    maxMemoryUsedMB,
    coldStart,
    ...(coldStart && environment.initDurationMs !== undefined && { initDurationMs: environment.initDurationMs }),
  };
}

/** Lambda's text-format error line: `<time>\t<request id>\tERROR\t<label> \t{"errorType":…,"stack":[…]}`. */
function errorLine(requestId: string | undefined, label: string, error: ErrorPayload): string {
  const body = JSON.stringify({ errorType: error.errorType, errorMessage: error.errorMessage, stack: error.trace ?? [] });
  return `${new Date().toISOString()}\t${requestId}\tERROR\t${label} \t${body}`;
}
