import type { PostgresMigration } from '../postgres-migrations.js';

/** EventBridge Pipes, as SQLite's migration 19 (pipes.ts there). Its version is the next free one when registered. */
export const PIPES: readonly PostgresMigration[] = [
  {
    version: 6,
    description: 'pipes: one definition document per pipe name, and the lease and checkpoint of each (pipe, shard)',
    // pipes: the definition is the domain's JSON as text, byte for byte what JSON.stringify wrote (not
    // jsonb, which would reorder keys); consumer_id is its `consumerId`, copied into a column at each write
    // so that a claim finds (and locks) the pipe by it. Names are COLLATE "C" so that a list orders by
    // bytes as SQLite does, whatever the database's collation. Times are epoch ms from the callers' clocks.
    // pipe_shards is mapping_shards for pipes (migrations/triggers.ts): per (consumer, shard) the lease
    // (owner, lease_until; both NULL when free) and the checkpoint (sequence: decimal text, state: consumer
    // JSON text, finished). A row is created only while its pipe exists (the claim reads the pipe row
    // FOR SHARE) and goes with it (delete removes both in one transaction, under the pipe row's lock).
    sql: `
      CREATE TABLE pipes (
        name text COLLATE "C" PRIMARY KEY,
        version integer NOT NULL,
        created_at bigint NOT NULL,
        modified_at bigint NOT NULL,
        consumer_id text COLLATE "C",
        definition text NOT NULL
      );
      CREATE INDEX pipes_by_consumer ON pipes (consumer_id);
      CREATE TABLE pipe_shards (
        consumer_id text COLLATE "C" NOT NULL,
        shard_id text COLLATE "C" NOT NULL,
        owner text COLLATE "C",
        lease_until bigint,
        finished boolean NOT NULL DEFAULT false,
        sequence text,
        state text,
        PRIMARY KEY (consumer_id, shard_id)
      );
    `,
  },
];
