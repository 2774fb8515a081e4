import { ServiceError } from '../shared/service-error.js';

/**
 * Lambda's errors (REST-JSON): the SDKs read the code from the `x-amzn-ErrorType` header and the
 * message from the body's `message`; `Type` says whose fault it was.
 */
export class LambdaError extends ServiceError {
  constructor(code: string, message: string, statusCode: number, fields?: Record<string, unknown>) {
    super(code, message, statusCode, fields);
  }
}

export const lambdaErrors = {
  functionNotFound: (arn: string) => new LambdaError('ResourceNotFoundException', `Function not found: ${arn}`, 404),
  /** A missing resource in the operation's own words (e.g. "The function doesn't exist."). */
  resourceNotFound: (message: string) => new LambdaError('ResourceNotFoundException', message, 404),
  /** Sync Invoke over the function's reserved concurrency. */
  tooManyRequests: () =>
    new LambdaError('TooManyRequestsException', 'Rate Exceeded.', 429, { Reason: 'ReservedFunctionConcurrentInvocationLimitExceeded' }),
  invalidRequestContent: (message: string) => new LambdaError('InvalidRequestContentException', message, 400),
  invalidParameterValue: (message: string) => new LambdaError('InvalidParameterValueException', message, 400),
  requestTooLarge: (message: string) => new LambdaError('RequestTooLargeException', message, 413),
  /** A deployment package over Lambda's limits ("Zipped size must be smaller than 52428800 bytes"). */
  requestEntityTooLarge: (message: string) => new LambdaError('RequestEntityTooLargeException', message, 413),
  /** A RevisionId that is not the latest one. */
  preconditionFailed: () =>
    new LambdaError(
      'PreconditionFailedException',
      'The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id',
      412,
    ),
  resourceConflict: (message: string) => new LambdaError('ResourceConflictException', message, 409),
  mappingNotFound: (uuid: string) => new LambdaError('ResourceNotFoundException', `The resource you requested does not exist. (Service: Lambda, Status Code: 404, Request ID: ${uuid})`, 404),
  validation: (message: string) => new LambdaError('ValidationException', message, 400),
  service: (message = 'Internal error') => new LambdaError('ServiceException', message, 500),
};
