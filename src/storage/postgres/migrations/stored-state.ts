import type { PostgresMigration } from '../postgres-migrations.js';

/** Migration 15: request tokens, last purge of a queue, maintenance state, as SQLite's migration 25 (stored-state.ts there). */
export const STORED_STATE: readonly PostgresMigration[] = [
  {
    version: 15,
    description: 'stored state: request tokens, last purge of a queue, maintenance state',
    // The token is bytea (UTF-8): text cannot hold U+0000, which a client's token may contain.
    sql: `
      CREATE TABLE request_tokens (
        token bytea PRIMARY KEY,
        fingerprint text NOT NULL,
        owner text NOT NULL,
        state text NOT NULL,
        until bigint NOT NULL,
        answer text
      );
      CREATE INDEX request_tokens_until ON request_tokens (until);
      ALTER TABLE queues ADD COLUMN purged_at bigint;
      CREATE TABLE maintenance_state (
        name text COLLATE "C" PRIMARY KEY,
        value text NOT NULL
      );
    `,
  },
];
