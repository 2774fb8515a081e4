import { ServiceError } from '../../shared/service-error.js';

const NS = 'com.amazonaws.sqs#';

/**
 * An SQS error. SQS speaks AWS JSON 1.0 in "query compatible" mode: besides the JSON body the
 * response carries `x-amzn-query-error: <queryCode>;<fault>`, and the SDKs name the error by that
 * header's code (mapping it back to the modelled exception class through its `awsQueryError` trait).
 */
export class SqsError extends ServiceError {
  /** The error code of SQS's query protocol, e.g. `AWS.SimpleQueueService.NonExistentQueue`. */
  readonly queryCode: string;
  readonly fault: 'Sender' | 'Receiver';

  constructor(
    shape: string,
    queryCode: string,
    message: string,
    statusCode = 400,
    fault: 'Sender' | 'Receiver' = 'Sender',
  ) {
    super(`${NS}${shape}`, message, statusCode);
    this.queryCode = queryCode;
    this.fault = fault;
    this.headers = { 'x-amzn-query-error': `${queryCode};${fault}` };
  }

  /** The value of the `x-amzn-query-error` response header. */
  get queryErrorHeader(): string {
    return `${this.queryCode};${this.fault}`;
  }
}

/**
 * QueueDoesNotExist: the queue named (by URL, name or ARN) is not there. A class of its own so that
 * other contexts sending to a queue (sendToQueue) can tell a missing queue from a refused message.
 */
export class QueueDoesNotExistError extends SqsError {
  constructor() {
    super('QueueDoesNotExist', 'AWS.SimpleQueueService.NonExistentQueue', 'The specified queue does not exist.');
  }
}

/** An error whose query code is its shape name (the model gives it no `awsQueryError` trait). */
const plain = (shape: string, message: string) => new SqsError(shape, shape, message);

/**
 * Errors of the queues context. Shapes, query codes and status codes are those of the SQS model
 * (@aws-sdk/client-sqs 3.1169). Fixed messages are SQS's where known; "unconfirmed" marks wording
 * recalled rather than observed.
 */
export const sqsErrors = {
  queueDoesNotExist: () => new QueueDoesNotExistError(),
  /**
   * SQS names the first differing attribute ("... a different value for attribute DelaySeconds").
   * The fallback without an attribute is Eddy's wording.
   */
  queueNameExists: (name: string, attribute?: string) =>
    new SqsError(
      'QueueNameExists',
      'QueueAlreadyExists',
      attribute === undefined
        ? `A queue named ${name} already exists with different attributes.`
        : `A queue already exists with the same name and a different value for attribute ${attribute}`,
    ),
  /**
   * Not in the model: SQS's generic query errors. Their JSON `__type` is unconfirmed; the SDKs
   * read the query code from the header, so `InvalidParameterValue` is what users see.
   */
  invalidParameterValue: (message: string) => plain('InvalidParameterValue', message),
  missingParameter: (message: string) => plain('MissingParameter', message),
  /** `The request must contain the parameter QueueName.` — SQS's wording for a missing member. */
  missingRequiredParameter: (parameter: string) =>
    plain('MissingParameter', `The request must contain the parameter ${parameter}.`),
  invalidAttributeName: (message: string) => plain('InvalidAttributeName', message),
  invalidAttributeValue: (message: string) => plain('InvalidAttributeValue', message),
  /** `Unknown Attribute Foo.` (observed on CreateQueue). */
  unknownAttribute: (name: string) => plain('InvalidAttributeName', `Unknown Attribute ${name}.`),
  /** `Invalid value for the parameter VisibilityTimeout.` (observed on CreateQueue). */
  badAttributeValue: (name: string) => plain('InvalidAttributeValue', `Invalid value for the parameter ${name}.`),
  receiptHandleIsInvalid: (message: string) =>
    new SqsError('ReceiptHandleIsInvalid', 'ReceiptHandleIsInvalid', message, 404),
  /** The model gives MessageNotInflight no message member; this is its documentation's sentence. */
  messageNotInflight: () =>
    new SqsError('MessageNotInflight', 'AWS.SimpleQueueService.MessageNotInflight', "The specified message isn't in flight."),
  /** SQS says `Id <id> repeated.` (unconfirmed); without an id, the model's description. */
  batchEntryIdsNotDistinct: (id?: string) =>
    new SqsError(
      'BatchEntryIdsNotDistinct',
      'AWS.SimpleQueueService.BatchEntryIdsNotDistinct',
      id === undefined ? 'Two or more batch entries in the request have the same Id.' : `Id ${id} repeated.`,
    ),
  /** `entryShape` is the operation's entry type, e.g. `DeleteMessageBatchRequestEntry` (wording unconfirmed). */
  emptyBatchRequest: (entryShape = 'SendMessageBatchRequestEntry') =>
    new SqsError(
      'EmptyBatchRequest',
      'AWS.SimpleQueueService.EmptyBatchRequest',
      `There should be at least one ${entryShape} in the request.`,
    ),
  /** Wording unconfirmed. */
  tooManyEntriesInBatchRequest: (sent: number) =>
    new SqsError(
      'TooManyEntriesInBatchRequest',
      'AWS.SimpleQueueService.TooManyEntriesInBatchRequest',
      `Maximum number of entries per request are 10. You have sent ${sent}.`,
    ),
  /** Wording unconfirmed; the rule (alphanumerics, `-`, `_`, 1–80) is documented. */
  invalidBatchEntryId: () =>
    new SqsError(
      'InvalidBatchEntryId',
      'AWS.SimpleQueueService.InvalidBatchEntryId',
      'A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.',
    ),
  batchRequestTooLong: (message: string) =>
    new SqsError('BatchRequestTooLong', 'AWS.SimpleQueueService.BatchRequestTooLong', message),
  invalidMessageContents: (message: string) => plain('InvalidMessageContents', message),
  /** Wording unconfirmed. */
  purgeQueueInProgress: (name: string) =>
    new SqsError(
      'PurgeQueueInProgress',
      'AWS.SimpleQueueService.PurgeQueueInProgress',
      `Only one PurgeQueue operation on ${name} is allowed every 60 seconds.`,
      403,
    ),
  resourceNotFound: (message: string) =>
    new SqsError('ResourceNotFoundException', 'ResourceNotFoundException', message, 404),
  unsupportedOperation: (message: string) =>
    new SqsError('UnsupportedOperation', 'AWS.SimpleQueueService.UnsupportedOperation', message),
  overLimit: (message: string) => new SqsError('OverLimit', 'OverLimit', message, 403),
  queueDeletedRecently: () =>
    new SqsError(
      'QueueDeletedRecently',
      'AWS.SimpleQueueService.QueueDeletedRecently',
      'You must wait 60 seconds after deleting a queue before you can create another queue with the same name.',
    ),
  invalidAddress: (message: string) => new SqsError('InvalidAddress', 'InvalidAddress', message, 404),
  invalidSecurity: (message: string) => new SqsError('InvalidSecurity', 'InvalidSecurity', message, 403),
  requestThrottled: (message: string) => new SqsError('RequestThrottled', 'RequestThrottled', message, 403),
  /** SQS's query code for a server-side failure; not in the model: the JSON `__type` and the default message are unconfirmed. */
  internalError: (message = 'We encountered an internal error. Please try again.') =>
    new SqsError('InternalError', 'InternalError', message, 500, 'Receiver'),
  /** The model gives InvalidIdFormat no message member. */
  invalidIdFormat: () => plain('InvalidIdFormat', 'The specified receipt handle isn\'t valid for the current version.'),
};
