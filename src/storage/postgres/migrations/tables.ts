import type { PostgresMigration } from '../postgres-migrations.js';

/** Migration 11: the table catalog, items and secondary-index entries, as SQLite's migrations 1 and 5. */
export const TABLES: readonly PostgresMigration[] = [
  {
    version: 11,
    description: 'table catalog, items and secondary-index entries',
    // Ids come from a sequence, so a re-created table never gets the id of a deleted one. `version` counts
    // definition changes: a node that decided a write against an older definition sees it and retries.
    // Names and index names are COLLATE "C": ListTables is in byte order, whatever the database's locale.
    // Keys are bytea: PostgreSQL compares bytea byte by byte (memcmp, then length), which is the order of
    // the key encoding (key-encoding.ts), so a Query is one primary-key range. `hash` is the 32-bit
    // unsigned partition hash, kept as bigint (int4 is signed). `doc` is JSON text, which never holds a
    // raw U+0000 (JSON escapes it), so text is safe here.
    sql: `
      CREATE TABLE ddb_tables (
        id bigserial PRIMARY KEY,
        name text COLLATE "C" NOT NULL UNIQUE,
        definition text NOT NULL,
        version bigint NOT NULL DEFAULT 1
      );
      CREATE TABLE items (
        table_id bigint NOT NULL,
        hash bigint NOT NULL,
        pk bytea NOT NULL,
        sk bytea NOT NULL,
        size integer NOT NULL,
        doc text NOT NULL,
        PRIMARY KEY (table_id, hash, pk, sk)
      );
      CREATE TABLE index_entries (
        table_id bigint NOT NULL,
        index_name text COLLATE "C" NOT NULL,
        hash bigint NOT NULL,
        pk bytea NOT NULL,
        sk bytea NOT NULL,
        item_pk bytea NOT NULL,
        item_sk bytea NOT NULL,
        size integer NOT NULL,
        doc text NOT NULL,
        PRIMARY KEY (table_id, index_name, hash, pk, sk, item_pk, item_sk)
      );
      CREATE INDEX index_entries_by_item ON index_entries (table_id, item_pk, item_sk);
    `,
  },
];
