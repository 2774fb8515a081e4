import Database from 'better-sqlite3';
import { ServiceError } from '../../shared/service-error.js';
import { StorageError } from '../storage-errors.js';

/**
 * Driver errors stop here: the domain never sees a SqliteError or reads its code.
 *
 * SQLITE_BUSY / SQLITE_LOCKED mean another connection (another process on the same file) held the
 * write lock for longer than busy_timeout. That is transient, so it becomes a ThrottlingException,
 * which the AWS SDKs retry with backoff. (The message is Eddy's own, not DynamoDB's.)
 * Anything else — disk full, I/O error, corruption — is an infrastructure failure: a StorageError,
 * which the wire layer reports as a 500 and logs like any other bug.
 */
export { StorageError };

export function storageBusy(cause: unknown): ServiceError {
  const error = new ServiceError(
    'com.amazon.coral.availability#ThrottlingException',
    'The storage engine is busy: another connection holds the database write lock. Retry the request.',
  );
  Object.defineProperty(error, 'cause', { value: cause, enumerable: false });
  return error;
}

export function isDriverError(error: unknown): error is InstanceType<typeof Database.SqliteError> {
  return error instanceof Database.SqliteError;
}

/** Returns `error` unchanged unless it is a driver error, which it translates. */
export function translateSqliteError(error: unknown): unknown {
  if (!isDriverError(error)) return error;
  if (error.code.startsWith('SQLITE_BUSY') || error.code.startsWith('SQLITE_LOCKED')) return storageBusy(error);
  return new StorageError(`SQLite storage failure (${error.code}): ${error.message}`, { cause: error });
}
