import { ServiceError, coralErrors } from '../shared/service-error.js';

const NS = 'com.amazonaws.dynamodb.v20120810#';

/** Errors of the DynamoDB context, with the `__type` strings and messages DynamoDB returns. */
export const tableErrors = {
  validation: coralErrors.validation,
  resourceNotFound: (message = 'Requested resource not found') =>
    new ServiceError(`${NS}ResourceNotFoundException`, message),
  tableNotFound: (name: string) =>
    new ServiceError(`${NS}ResourceNotFoundException`, `Requested resource not found: Table: ${name} not found`),
  resourceInUse: (message: string) => new ServiceError(`${NS}ResourceInUseException`, message),
  conditionalCheckFailed: (item?: Record<string, unknown>) =>
    new ServiceError(
      `${NS}ConditionalCheckFailedException`,
      'The conditional request failed',
      400,
      item ? { Item: item } : undefined,
    ),
  /** No resource-based policy, or not the revision the request expected (ExpectedRevisionId). */
  policyNotFound: (message: string) => new ServiceError(`${NS}PolicyNotFoundException`, message),
  limitExceeded: (message: string) => new ServiceError(`${NS}LimitExceededException`, message),
  /** DescribeBackup, DeleteBackup, RestoreTableFromBackup of an unknown ARN (wording observed on AWS, steampipe-plugin-aws#1913). */
  backupNotFound: (arn: string) => new ServiceError(`${NS}BackupNotFoundException`, `Backup not found: ${arn}`),
  /** CreateBackup of a missing table (unconfirmed wording, as moto words it). */
  backupTableNotFound: (name: string) => new ServiceError(`${NS}TableNotFoundException`, `Table not found: ${name}`),
  /** RestoreTableFromBackup onto an existing name (unconfirmed wording; CreateTable's text). */
  tableAlreadyExists: (name: string) => new ServiceError(`${NS}TableAlreadyExistsException`, `Table already exists: ${name}`),
  /**
   * RestoreTableToPointInTime of a table without point-in-time recovery (unconfirmed here: the wording
   * observed from ExportTableToPointInTime, which checks the same thing).
   */
  pointInTimeRecoveryUnavailable: (name: string) =>
    new ServiceError(`${NS}PointInTimeRecoveryUnavailableException`, `Point in time recovery is not enabled for table '${name}'`),
  /** A restore time outside the window (unconfirmed wording: the API reference's description of the error). */
  invalidRestoreTime: () =>
    new ServiceError(`${NS}InvalidRestoreTimeException`, 'RestoreDateTime must be between EarliestRestorableDateTime and LatestRestorableDateTime.'),
  /** An attribute value nested past DynamoDB's 32 levels (its wording, captured from AWS). */
  nestingTooDeep: () =>
    coralErrors.validation(
      'Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond supported limit',
    ),
  internal: (message = 'Internal server error') => new ServiceError(`${NS}InternalServerError`, message, 500),
};
