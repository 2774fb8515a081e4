/**
 * An infrastructure failure of a storage engine — disk full, I/O error, corruption, the PostgreSQL
 * server gone, a constraint a store did not expect, a bug in our SQL. Both engines throw this one class
 * (sqlite-errors.ts, postgres/pg-errors.ts), so callers and tests need not know the engine; the wire
 * layer reports it as a 500 and logs it like any other bug.
 */
export class StorageError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StorageError';
  }
}
