import { ServiceError } from '../shared/service-error.js';

/*
 * The runtime's errors carry Lambda's wire codes, so the API layer can pass them through as they are;
 * the CLI and config loader show their messages.
 */

/** No function of that name is deployed. */
export class FunctionNotFoundError extends ServiceError {
  readonly functionName: string;
  constructor(functionName: string, arn: string) {
    super('ResourceNotFoundException', `Function not found: ${arn}`, 404);
    this.functionName = functionName;
  }
}

/** Every execution environment the function may have is busy (or its reserved concurrency is 0). */
export class FunctionThrottledError extends ServiceError {
  readonly functionName: string;
  constructor(functionName: string) {
    super('TooManyRequestsException', 'Rate Exceeded.', 429, { Reason: 'ReservedFunctionConcurrentInvocationLimitExceeded' });
    this.functionName = functionName;
  }
}

/**
 * The handler could not be bundled. Each problem is one line naming the file, and the line where esbuild
 * gives one (`src/a.ts:3:7: …`); a package the handler imports but nobody installed is a problem of its
 * own, with the command that installs it, and is listed in `missingPackages`.
 */
export class FunctionBuildError extends ServiceError {
  readonly functionName: string;
  readonly problems: readonly string[];
  /** Package names (`@aws-sdk/client-dynamodb`, `lodash`) imported but installed nowhere the import looks. */
  readonly missingPackages: readonly string[];
  /** Absolute paths of the files the problems point at: what `eddy dev` watches to try again. */
  readonly files: readonly string[];

  constructor(functionName: string, problems: readonly string[], missingPackages: readonly string[] = [], files: readonly string[] = []) {
    super('InvalidParameterValueException', `Could not build function ${functionName}: ${problems.join('\n')}`, 400);
    this.functionName = functionName;
    this.problems = problems;
    this.missingPackages = missingPackages;
    this.files = files;
  }
}

/** A function spec out of range (name, timeout, memory, environment). */
export class InvalidFunctionSpecError extends ServiceError {
  constructor(message: string) {
    super('InvalidParameterValueException', message, 400);
  }
}

/** The invocation payload is not JSON (Lambda's InvalidRequestContentException). */
export class InvalidPayloadError extends ServiceError {
  constructor(detail: string) {
    super('InvalidRequestContentException', `Could not parse request body into json: ${detail}`, 400);
  }
}
