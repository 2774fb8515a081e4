import type { FunctionRuntime } from '../functions/function-runtime.js';
import { lambdaErrors } from '../lambda/lambda-errors.js';

/** `POST /_eddy/functions/logs` `{ function, limit? }`: a function's most recent log lines. */
export async function functionLogs(runtime: FunctionRuntime, input: unknown): Promise<unknown> {
  const { function: name, limit } = (input ?? {}) as { function?: unknown; limit?: unknown };
  if (typeof name !== 'string' || !runtime.get(name)) {
    throw lambdaErrors.functionNotFound(typeof name === 'string' ? name : String(name));
  }
  if (limit !== undefined && (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1)) {
    throw lambdaErrors.validation('limit must be a positive integer');
  }
  return { lines: runtime.logs(name, limit as number | undefined) };
}
