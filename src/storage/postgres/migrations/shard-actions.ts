import type { PostgresMigration } from '../postgres-migrations.js';

/** Migration 17: the blocking batch and a requested action per shard of a stream consumer (issue 23), as SQLite's migration 27. */
export const SHARD_ACTIONS: readonly PostgresMigration[] = [
  {
    version: 17,
    description: 'stream consumers: the blocking batch and a requested action per shard',
    // JSON text (never U+0000: escaped), NULL when none.
    sql: `
      ALTER TABLE mapping_shards ADD COLUMN blocked text, ADD COLUMN action text;
      ALTER TABLE pipe_shards ADD COLUMN blocked text, ADD COLUMN action text;
    `,
  },
];
