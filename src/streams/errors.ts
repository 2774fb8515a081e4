import { ServiceError, coralErrors } from '../shared/service-error.js';

/** DynamoDB Streams answers under DynamoDB's namespace (the SDKs read the part after `#`). */
const NS = 'com.amazonaws.dynamodb.v20120810#';

/**
 * Errors of the Streams context. Messages marked unconfirmed are the service model's documentation
 * text or our own wording; the stream-not-found text is as observed from AWS (SEMANTICS.md §A.8).
 */
export const streamErrors = {
  validation: coralErrors.validation,
  streamNotFound: (streamArn: string) =>
    new ServiceError(`${NS}ResourceNotFoundException`, `Requested resource not found: Stream: ${streamArn} not found`),
  /**
   * ListStreams naming a table that does not exist. The error is the one the service model lists for
   * ListStreams ("The operation tried to access a nonexistent table or index"); the text is
   * unconfirmed: DynamoDB's own answer for a missing table (DescribeTable, DeleteTable), which the
   * Streams endpoint is assumed to share.
   */
  tableNotFound: (tableName: string) =>
    new ServiceError(`${NS}ResourceNotFoundException`, `Requested resource not found: Table: ${tableName} not found`),
  /** Unconfirmed wording, modelled on the stream-not-found message. */
  shardNotFound: (shardId: string, streamArn: string) =>
    new ServiceError(
      `${NS}ResourceNotFoundException`,
      `Requested resource not found: Shard: ${shardId} in Stream: ${streamArn} not found`,
    ),
  /** The service model's text for ExpiredIteratorException (unconfirmed as the wire message). */
  expiredIterator: () =>
    new ServiceError(`${NS}ExpiredIteratorException`, 'The provided iterator exceeds the maximum age allowed.'),
  /** The service model's text for TrimmedDataAccessException (unconfirmed as the wire message). */
  trimmedData: () =>
    new ServiceError(`${NS}TrimmedDataAccessException`, 'The data you are trying to access has been trimmed.'),
  limitExceeded: (message = 'Too many operations for a given subscriber.') =>
    new ServiceError(`${NS}LimitExceededException`, message),
  /** GetRecords over the per-shard rate (opt-in). Unconfirmed wording; AWS answers "Rate exceeded…". */
  readRateExceeded: (shardId: string, streamArn: string) =>
    new ServiceError(`${NS}LimitExceededException`, `Rate exceeded for shard ${shardId} in stream ${streamArn}`),
  // Unconfirmed wordings, kept here together. The error codes are AWS's (ScyllaDB Alternator's
  // test_streams.py, run against AWS): a StreamArn that is no ARN at all, and a SequenceNumber given
  // with TRIM_HORIZON or LATEST, are ValidationExceptions; the texts are ours.
  invalidStreamArn: (arn: string) => coralErrors.validation(`Invalid StreamArn: ${arn}`),
  sequenceNumberNotAllowed: (type: string) =>
    coralErrors.validation(`SequenceNumber cannot be specified when ShardIteratorType is ${type}`),
  sequenceNumberRequired: (type: string) =>
    coralErrors.validation(`SequenceNumber is required when ShardIteratorType is ${type}`),
  invalidSequenceNumber: (text: string, shardId: string) =>
    coralErrors.validation(`Invalid SequenceNumber ${text} for shard ${shardId}`),
  /** The model makes both ShardFilter members optional; a filter needs both. */
  incompleteShardFilter: () => coralErrors.validation('ShardFilter requires both Type and ShardId'),
  internal: (message = 'Internal server error') => new ServiceError(`${NS}InternalServerError`, message, 500),
};
