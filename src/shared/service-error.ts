/**
 * The one error type the wire layer turns into an AWS error envelope.
 * `type` is the full `__type` string the service sends (e.g.
 * `com.amazonaws.dynamodb.v20120810#ResourceNotFoundException`); the SDKs read the part after `#`.
 * Anything thrown that is not a ServiceError is a bug and becomes a 500.
 */
export class ServiceError extends Error {
  readonly type: string;
  readonly statusCode: number;
  /** Extra members of the error body, e.g. `Item` or `CancellationReasons`. */
  readonly fields: Record<string, unknown> | undefined;
  /** The body member carrying the message: `message` for most errors, `Message` for coral's SerializationException. */
  messageMember: 'message' | 'Message' = 'message';
  /** Extra response headers, e.g. SQS's `x-amzn-query-error`. */
  headers: Readonly<Record<string, string>> | undefined;

  constructor(type: string, message: string, statusCode = 400, fields?: Record<string, unknown>) {
    super(message);
    this.type = type;
    this.statusCode = statusCode;
    this.fields = fields;
  }

  /** The short error name the SDKs expose (`ValidationException`). */
  get code(): string {
    const hash = this.type.lastIndexOf('#');
    return hash === -1 ? this.type : this.type.slice(hash + 1);
  }
}

/** Errors the AWS JSON front end raises for any service (coral namespace, as AWS sends them). */
export const coralErrors = {
  serialization: (message: string) => {
    const error = new ServiceError('com.amazon.coral.service#SerializationException', message);
    error.messageMember = 'Message'; // as DynamoDB sends it; the SDKs read either spelling
    return error;
  },
  unknownOperation: () =>
    new ServiceError('com.amazon.coral.service#UnknownOperationException', ''),
  missingAuthenticationToken: () =>
    new ServiceError(
      'com.amazon.coral.service#MissingAuthenticationTokenException',
      'Request is missing Authentication Token',
    ),
  validation: (message: string) => new ServiceError('com.amazon.coral.validate#ValidationException', message),
  requestTooLarge: () =>
    new ServiceError('com.amazon.coral.service#RequestEntityTooLargeException', 'Request entity too large', 413),
};
