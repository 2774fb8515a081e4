import type { SqliteMigration } from '../sqlite-migrations.js';

/** Migration 16: point-in-time recovery (continuous backups). */
export const POINT_IN_TIME_RECOVERY: readonly SqliteMigration[] = [
  {
    version: 16,
    description: 'point-in-time recovery: the tables it is on for, their base copies and change histories',
    // A table with recovery on has one recovery_tables row, a base copy of its items as they were at
    // base_at (recovery_base_items, laid out as items are) and every item write since, in the write's own
    // transaction (recovery_changes: the new document, or NULL for a delete, stamped with the commit
    // time). The state at T ≥ base_at is the base overlaid with the latest change per key at or before T.
    // Trimming folds the changes older than the window into the base and moves base_at forward.
    // recovery_changes is a rowid table: the rowid orders changes of one key that share a time, and
    // appending at the end of the b-tree is the cheapest insert the write path can pay for.
    sql: `
      CREATE TABLE recovery_tables (
        table_id INTEGER PRIMARY KEY,
        enabled_at INTEGER NOT NULL,
        retention_ms INTEGER NOT NULL,
        base_at INTEGER NOT NULL
      ) STRICT;
      CREATE TABLE recovery_base_items (
        table_id INTEGER NOT NULL,
        hash INTEGER NOT NULL,
        pk BLOB NOT NULL,
        sk BLOB NOT NULL,
        size INTEGER NOT NULL,
        doc TEXT NOT NULL,
        PRIMARY KEY (table_id, hash, pk, sk)
      ) STRICT, WITHOUT ROWID;
      CREATE TABLE recovery_changes (
        id INTEGER PRIMARY KEY,
        table_id INTEGER NOT NULL,
        at INTEGER NOT NULL,
        hash INTEGER NOT NULL,
        pk BLOB NOT NULL,
        sk BLOB NOT NULL,
        size INTEGER,
        doc TEXT
      ) STRICT;
      CREATE INDEX recovery_changes_by_time ON recovery_changes (table_id, at);
    `,
  },
];
