import type { PostgresMigration } from '../postgres-migrations.js';

/** Migration 13: on-demand backups and point-in-time recovery, as SQLite's migrations 15 and 16. */
export const BACKUPS: readonly PostgresMigration[] = [
  {
    version: 13,
    description: 'table backups and point-in-time recovery: backups, their items, recovery bases and change histories',
    sql: `
      CREATE TABLE backups (
        id bigserial PRIMARY KEY,
        arn text COLLATE "C" NOT NULL UNIQUE,
        table_name text COLLATE "C" NOT NULL,
        type text NOT NULL,
        created_at bigint NOT NULL,
        item_count bigint NOT NULL,
        size_bytes bigint NOT NULL,
        details text NOT NULL
      );
      CREATE INDEX backups_by_time ON backups (created_at, arn);
      CREATE TABLE backup_items (
        backup_id bigint NOT NULL,
        hash bigint NOT NULL,
        pk bytea NOT NULL,
        sk bytea NOT NULL,
        size integer NOT NULL,
        doc text NOT NULL,
        PRIMARY KEY (backup_id, hash, pk, sk)
      );
      CREATE TABLE recovery_tables (
        table_id bigint PRIMARY KEY,
        enabled_at bigint NOT NULL,
        retention_ms bigint NOT NULL,
        base_at bigint NOT NULL
      );
      CREATE TABLE recovery_base_items (
        table_id bigint NOT NULL,
        hash bigint NOT NULL,
        pk bytea NOT NULL,
        sk bytea NOT NULL,
        size integer NOT NULL,
        doc text NOT NULL,
        PRIMARY KEY (table_id, hash, pk, sk)
      );
      CREATE TABLE recovery_changes (
        id bigserial PRIMARY KEY,
        table_id bigint NOT NULL,
        at bigint NOT NULL,
        hash bigint NOT NULL,
        pk bytea NOT NULL,
        sk bytea NOT NULL,
        size integer,
        doc text
      );
      CREATE INDEX recovery_changes_by_time ON recovery_changes (table_id, at);
    `,
  },
];
