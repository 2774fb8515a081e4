import type { Database } from 'better-sqlite3';

/** One schema step. Versions are consecutive from 1; a shipped migration is never edited, only appended to. */
export interface SqliteMigration {
  readonly version: number;
  readonly description: string;
  readonly sql: string;
}

export const SQLITE_MIGRATIONS: readonly SqliteMigration[] = [
  {
    version: 1,
    description: 'table catalog and items',
    // AUTOINCREMENT so that a re-created table never gets the id of a deleted one.
    // Items: WITHOUT ROWID clusters rows by key, so a Query is one contiguous b-tree range and a scan
    // segment is a hash range. `size` precedes `doc` so that tableStats reads it without following
    // the overflow pages of large documents. STRICT rejects a key bound as text instead of a blob,
    // which would silently sort wrong.
    sql: `
      CREATE TABLE tables (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL UNIQUE,
        definition TEXT NOT NULL
      ) STRICT;
      CREATE TABLE items (
        table_id INTEGER NOT NULL,
        hash INTEGER NOT NULL,
        pk BLOB NOT NULL,
        sk BLOB NOT NULL,
        size INTEGER NOT NULL,
        doc TEXT NOT NULL,
        PRIMARY KEY (table_id, hash, pk, sk)
      ) STRICT, WITHOUT ROWID;
    `,
  },
  {
    version: 2,
    description: 'change streams: streams, shards and stream records',
    // Sequence numbers are stored as offsets from 10^20 (see sqlite-stream-rows.ts), so they fit an
    // INTEGER. A shard's counter is next_seq or one past its newest record, whichever is higher (the
    // writer keeps it in memory and stores next_seq only when the shard closes or is trimmed; see
    // sqlite-stream-statements.ts), so it survives trimming every record. Records cluster by
    // (shard, seq): a shard read is one b-tree range, and trimming walks a shard from its oldest.
    // At most one open stream per table (the partial unique index).
    sql: `
      CREATE TABLE streams (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        table_id INTEGER NOT NULL,
        table_name TEXT NOT NULL,
        label TEXT NOT NULL,
        meta TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        closed_at INTEGER
      ) STRICT;
      CREATE INDEX streams_by_table_name ON streams (table_name, created_at, id);
      CREATE UNIQUE INDEX streams_open_per_table ON streams (table_id) WHERE closed_at IS NULL;
      CREATE TABLE shards (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        stream_id INTEGER NOT NULL,
        shard_id TEXT NOT NULL UNIQUE,
        parent_shard_id TEXT,
        hash_from INTEGER NOT NULL,
        hash_to INTEGER NOT NULL,
        starting_seq INTEGER NOT NULL,
        next_seq INTEGER NOT NULL,
        ending_seq INTEGER,
        trimmed_through INTEGER,
        created_at INTEGER NOT NULL,
        closed_at INTEGER
      ) STRICT;
      CREATE INDEX shards_by_stream ON shards (stream_id, id);
      CREATE TABLE stream_records (
        shard INTEGER NOT NULL,
        seq INTEGER NOT NULL,
        created_at INTEGER NOT NULL,
        json TEXT NOT NULL,
        PRIMARY KEY (shard, seq)
      ) STRICT, WITHOUT ROWID;
    `,
  },
];

/**
 * Brings the database up to the latest migration in one IMMEDIATE transaction (so two processes
 * opening the same file at once cannot both migrate). Returns the versions applied; re-running is a no-op.
 */
export function applySqliteMigrations(
  db: Database,
  migrations: readonly SqliteMigration[] = SQLITE_MIGRATIONS,
  now: () => Date = () => new Date(),
): number[] {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`SQLite migration ${i} has version ${m.version}, expected ${i + 1}`);
  });
  const applied: number[] = [];
  db.exec('BEGIN IMMEDIATE');
  try {
    db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version INTEGER PRIMARY KEY,
      applied_at TEXT NOT NULL
    ) STRICT`);
    const row = db.prepare('SELECT max(version) AS version FROM schema_migrations').get() as { version: number | null };
    const current = row.version ?? 0;
    const latest = migrations.length;
    if (current > latest) {
      throw new Error(
        `The database schema is at version ${current}, newer than this version of Eddy supports (${latest}); upgrade Eddy`,
      );
    }
    const record = db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)');
    for (const migration of migrations.slice(current)) {
      db.exec(migration.sql);
      record.run(migration.version, now().toISOString());
      applied.push(migration.version);
    }
    db.exec('COMMIT');
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw error;
  }
  return applied;
}
