import type { SqliteMigration } from '../sqlite-migrations.js';

/** Migration 19: EventBridge Pipes. */
export const PIPES: readonly SqliteMigration[] = [
  {
    version: 19,
    description: 'pipes: one definition document per pipe name, and the lease and checkpoint of each (pipe, shard)',
    // pipes: what the API writes; pipes are few and read whole. pipe_shards is mapping_shards for pipes
    // (same columns, same conditional statements), keyed by the consumer id a pipe gets at each
    // CreatePipe (definition.consumerId), so a pipe created again under a deleted one's name starts
    // afresh; a row is created only while its pipe exists and goes with it.
    sql: `
      CREATE TABLE pipes (
        name TEXT PRIMARY KEY,
        version INTEGER NOT NULL,
        created_at INTEGER NOT NULL,
        modified_at INTEGER NOT NULL,
        definition TEXT NOT NULL
      ) STRICT;
      CREATE TABLE pipe_shards (
        consumer_id TEXT NOT NULL,
        shard_id TEXT NOT NULL,
        owner TEXT,
        lease_until INTEGER,
        finished INTEGER NOT NULL DEFAULT 0,
        sequence TEXT,
        state TEXT,
        PRIMARY KEY (consumer_id, shard_id)
      ) STRICT, WITHOUT ROWID;
    `,
  },
];
