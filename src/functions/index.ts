// The function runtime: bundles handlers and runs them in execution environments (worker threads, or processes speaking the Runtime API), as Lambda runs them.
export { FunctionRuntime, type DeployedFunction, type FunctionRuntimeOptions, type InvokeRequest, type InvokeResult, type LogEntry } from './function-runtime.js';
export { MAX_ENVIRONMENTS, parseHandler, resolveSpec, type FunctionIsolation, type FunctionSpec, type ResolvedFunctionSpec } from './function-spec.js';
export { FunctionBuildError, FunctionNotFoundError, FunctionThrottledError, InvalidFunctionSpecError, InvalidPayloadError } from './errors.js';
export type { WhenBusy } from './environment-pool.js';
