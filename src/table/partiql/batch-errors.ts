import { ServiceError } from '../../shared/service-error.js';
import type { AttributeMap } from '../values/attribute-value.js';

/** BatchStatementError: a failed statement of BatchExecuteStatement (the request itself succeeds). */
export interface BatchStatementError {
  Code: string;
  Message: string;
  Item?: AttributeMap;
}

/** The batch codes of DynamoDB's exceptions (botocore's BatchStatementErrorCodeEnum). */
const CODES: Readonly<Record<string, string>> = {
  ConditionalCheckFailedException: 'ConditionalCheckFailed',
  DuplicateItemException: 'DuplicateItem',
  ValidationException: 'ValidationError',
  ResourceNotFoundException: 'ResourceNotFound',
  TransactionConflictException: 'TransactionConflict',
  ProvisionedThroughputExceededException: 'ProvisionedThroughputExceeded',
  RequestLimitExceeded: 'RequestLimitExceeded',
  ItemCollectionSizeLimitExceededException: 'ItemCollectionSizeLimitExceeded',
  ThrottlingException: 'ThrottlingError',
  AccessDeniedException: 'AccessDenied',
  InternalServerError: 'InternalServerError',
};

/**
 * A statement's error as its batch response entry; undefined for anything that is not a
 * ServiceError (a bug, which fails the whole request as a 500).
 */
export function batchStatementError(error: unknown): BatchStatementError | undefined {
  if (!(error instanceof ServiceError)) return undefined;
  const entry: BatchStatementError = { Code: CODES[error.code] ?? 'InternalServerError', Message: error.message };
  const item = error.fields?.Item as AttributeMap | undefined;
  if (item !== undefined) entry.Item = item;
  return entry;
}
