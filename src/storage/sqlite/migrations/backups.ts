import type { SqliteMigration } from '../sqlite-migrations.js';

/** Migration 15: on-demand table backups. */
export const BACKUPS: readonly SqliteMigration[] = [
  {
    version: 15,
    description: 'table backups: their catalog and the items they copied',
    // A backup's items are a copy (INSERT … SELECT from items in the transaction that records the
    // backup), laid out as items are, so a restore is the reverse copy. `details` is the domain's JSON
    // (the source table's definition and the backup's name). backups_by_time serves ListBackups: its
    // (created_at, arn) order is the listing order and the cursor. AUTOINCREMENT so that the id of a
    // deleted backup is never reused by rows a concurrent delete has not removed yet.
    sql: `
      CREATE TABLE backups (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        arn TEXT NOT NULL UNIQUE,
        table_name TEXT NOT NULL,
        type TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        item_count INTEGER NOT NULL,
        size_bytes INTEGER NOT NULL,
        details TEXT NOT NULL
      ) STRICT;
      CREATE INDEX backups_by_time ON backups (created_at, arn);
      CREATE TABLE backup_items (
        backup_id INTEGER NOT NULL,
        hash INTEGER NOT NULL,
        pk BLOB NOT NULL,
        sk BLOB NOT NULL,
        size INTEGER NOT NULL,
        doc TEXT NOT NULL,
        PRIMARY KEY (backup_id, hash, pk, sk)
      ) STRICT, WITHOUT ROWID;
    `,
  },
];
