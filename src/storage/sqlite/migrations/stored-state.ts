import type { SqliteMigration } from '../sqlite-migrations.js';

/**
 * Migration 25: what one process used to keep in memory, stored so several nodes share it (issue 22):
 * TransactWriteItems / ExecuteTransaction ClientRequestTokens, each queue's last PurgeQueue, and the
 * cursors of singleton maintenance (the TTL sweep's).
 */
export const STORED_STATE: readonly SqliteMigration[] = [
  {
    version: 25,
    description: 'stored state: request tokens, last purge of a queue, maintenance state',
    // request_tokens: token as UTF-8 bytes (any string a client sends); state 'running' (until = the end of
    // the claim's lease) or 'done' (until = when the token is forgotten, answer = the first answer's JSON).
    sql: `
      CREATE TABLE request_tokens (
        token BLOB PRIMARY KEY,
        fingerprint TEXT NOT NULL,
        owner TEXT NOT NULL,
        state TEXT NOT NULL,
        until INTEGER NOT NULL,
        answer TEXT
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX request_tokens_until ON request_tokens (until);
      ALTER TABLE queues ADD COLUMN purged_at INTEGER;
      CREATE TABLE maintenance_state (
        name TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;
    `,
  },
];
