import { join } from 'node:path';
import type { StorageEngine } from '../storage/engine.js';
import type { StorageChoice } from '../storage/open-engine.js';

/** Connections of a request process's PostgreSQL pool: its reads are one statement each, and it writes nothing. */
const READ_POOL_SIZE = 4;

/**
 * A request process's own connection to the primary's storage, for reads only. The primary opened (and
 * migrated) it before any request process started, so nothing is created or migrated here. SQLite opens
 * read-only: such a connection can neither write nor checkpoint the WAL (not even when it closes last),
 * so the primary's writer and its checkpointer stay the file's only writers; in WAL mode it reads beside
 * them, each read a snapshot of what was committed when it began.
 */
export async function openReadingStorage(choice: Pick<StorageChoice, 'storage' | 'data'>, now: () => number): Promise<StorageEngine> {
  if (choice.storage === undefined) {
    if (choice.data === undefined) throw new Error('request processes need storage they can share: a data directory or PostgreSQL');
    const [{ default: Database }, { SqliteEngine }] = await Promise.all([import('better-sqlite3'), import('../storage/sqlite/sqlite-engine.js')]);
    const db = new Database(join(choice.data, 'eddy.sqlite'), { readonly: true, fileMustExist: true });
    // A read waits for the writer's exclusive moments (a WAL reset) instead of failing at once.
    db.pragma('busy_timeout = 5000');
    return new SqliteEngine(db, undefined, now);
  }
  const { url } = typeof choice.storage === 'string' ? { url: choice.storage } : choice.storage;
  const [{ openPgPool }, { PostgresEngine }] = await Promise.all([import('../storage/postgres/pg-pool.js'), import('../storage/postgres/postgres-engine.js')]);
  return new PostgresEngine(await openPgPool({ url, size: READ_POOL_SIZE }), now);
}
