import type { SqliteMigration } from '../sqlite-migrations.js';

/**
 * Migration 27: mappings and pipes you can act on (issue 23). Each shard row of a stream consumer keeps
 * the batch blocking it (written by the lease holder while the batch fails) and the action a user asked
 * for (retry, skip, rewind), which the lease holder takes — so any node can show or ask, and the node
 * that works the shard acts.
 */
export const SHARD_ACTIONS: readonly SqliteMigration[] = [
  {
    version: 27,
    description: 'stream consumers: the blocking batch and a requested action per shard',
    // Both JSON text, NULL when none: `blocked` is the domain's document, `action` too.
    sql: `
      ALTER TABLE mapping_shards ADD COLUMN blocked TEXT;
      ALTER TABLE mapping_shards ADD COLUMN action TEXT;
      ALTER TABLE pipe_shards ADD COLUMN blocked TEXT;
      ALTER TABLE pipe_shards ADD COLUMN action TEXT;
    `,
  },
];
