import type { PostgresMigration } from '../postgres-migrations.js';

/** Migration 12: change streams, their shards and records, as SQLite's migration 2 (one row per record). */
export const STREAMS: readonly PostgresMigration[] = [
  {
    version: 12,
    description: 'change streams: streams, shards and stream records',
    // Sequence numbers are stored as offsets from 10^20, as on SQLite (stream-sequences.ts). A shard's
    // next_seq is its counter: a write takes the shard row's lock (UPDATE … SET next_seq = next_seq + n)
    // in its own transaction, so within a shard commit order is sequence order and no reader can see a
    // sequence number before every lower one has committed. At most one open stream per table.
    sql: `
      CREATE TABLE streams (
        id bigserial PRIMARY KEY,
        table_id bigint NOT NULL,
        table_name text COLLATE "C" NOT NULL,
        label text NOT NULL,
        meta text NOT NULL,
        created_at bigint NOT NULL,
        closed_at bigint
      );
      CREATE INDEX streams_by_table_name ON streams (table_name, created_at, id);
      CREATE UNIQUE INDEX streams_open_per_table ON streams (table_id) WHERE closed_at IS NULL;
      CREATE TABLE stream_shards (
        id bigserial PRIMARY KEY,
        stream_id bigint NOT NULL,
        shard_id text NOT NULL UNIQUE,
        parent_shard_id text,
        hash_from bigint NOT NULL,
        hash_to bigint NOT NULL,
        starting_seq bigint NOT NULL,
        next_seq bigint NOT NULL,
        ending_seq bigint,
        trimmed_through bigint,
        created_at bigint NOT NULL,
        closed_at bigint
      );
      CREATE INDEX stream_shards_by_stream ON stream_shards (stream_id, id);
      CREATE TABLE stream_records (
        shard bigint NOT NULL,
        seq bigint NOT NULL,
        created_at bigint NOT NULL,
        json text NOT NULL,
        PRIMARY KEY (shard, seq)
      );
    `,
  },
];
