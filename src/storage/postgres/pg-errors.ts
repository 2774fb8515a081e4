import { ServiceError } from '../../shared/service-error.js';
import { StorageError } from '../storage-errors.js';

/**
 * Driver errors stop here, as on SQLite (sqlite-errors.ts): the domain never sees a pg error or reads a
 * SQLSTATE. A transient conflict that outlived inTransaction's retries — serialization failure 40001,
 * deadlock 40P01, lock_not_available 55P03, too_many_connections 53300 — becomes a ThrottlingException,
 * which the AWS SDKs retry with backoff (the message is Eddy's own). Anything else — the server gone, a
 * constraint a store did not expect, a bug in our SQL — is a StorageError, a 500 the wire layer logs.
 */

/** Transaction conflicts inTransaction retries (PostgreSQL manual, appendix A "Error Codes", class 40). */
export const RETRYABLE_SQLSTATES: ReadonlySet<string> = new Set(['40001', '40P01']);

const TRANSIENT_SQLSTATES: ReadonlySet<string> = new Set([...RETRYABLE_SQLSTATES, '55P03', '53300']);

/** The SQLSTATE of a server error (pg's DatabaseError carries it as `code`), also when translated (its cause). */
export function sqlState(error: unknown): string | undefined {
  for (let e = error, depth = 0; e instanceof Error && depth < 3; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && 'severity' in e) return code;
  }
  return undefined;
}

/** Returns `error` unchanged unless it came from the driver or the network, which it translates. */
export function translatePgError(error: unknown): unknown {
  if (error instanceof ServiceError || error instanceof StorageError) return error;
  const state = sqlState(error);
  if (state !== undefined && TRANSIENT_SQLSTATES.has(state)) {
    const busy = new ServiceError(
      'com.amazon.coral.availability#ThrottlingException',
      'The storage engine is busy: concurrent transactions on the PostgreSQL database kept conflicting. Retry the request.',
    );
    Object.defineProperty(busy, 'cause', { value: error, enumerable: false });
    return busy;
  }
  if (state !== undefined) {
    return new StorageError(`PostgreSQL storage failure (SQLSTATE ${state}): ${(error as Error).message}`, { cause: error });
  }
  const code = (error as { code?: unknown } | null)?.code;
  if (error instanceof Error && typeof code === 'string' && /^E[A-Z]+$/.test(code)) {
    return new StorageError(`PostgreSQL unreachable (${code}): ${error.message}`, { cause: error });
  }
  // pg's own client errors ("Connection terminated unexpectedly") are plain Errors: left as they are, a 500 too.
  return error;
}
