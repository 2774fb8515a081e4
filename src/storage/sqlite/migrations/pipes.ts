import type { SqliteMigration } from '../sqlite-migrations.js';

/** Migration 19: EventBridge Pipes. */
export const PIPES: readonly SqliteMigration[] = [
  {
    version: 19,
    description: 'pipes: one definition document per pipe name',
    // A pipe's stream position (leases, checkpoints) lives in the trigger tables under the pipe's
    // consumer id, so this table holds only what the API writes. Pipes are few and read whole.
    sql: `
      CREATE TABLE pipes (
        name TEXT PRIMARY KEY,
        version INTEGER NOT NULL,
        created_at INTEGER NOT NULL,
        modified_at INTEGER NOT NULL,
        definition TEXT NOT NULL
      ) STRICT;
    `,
  },
];
