import type { PostgresMigration } from '../postgres-migrations.js';

/** Migration 2: triggers, as SQLite's migration 4 (tables-streams-queues.ts there). */
export const TRIGGERS: readonly PostgresMigration[] = [
  {
    version: 2,
    description: 'triggers: event source mappings, and the lease and checkpoint of each (mapping, shard)',
    // Mappings are addressed by uuid (UNIQUE); the identity `id` only gives creation order, so a list walks
    // ids and a re-created mapping sorts after every existing one (a sequence never hands a value out twice).
    // `config` is the domain's JSON as text, byte for byte what JSON.stringify wrote. The listing indexes end
    // in id, so a filtered list is one index range already in order.
    // mapping_shards: per (mapping, shard) the lease (owner, lease_until in epoch ms; both NULL when free)
    // and the checkpoint (sequence: decimal text, NULL before the first; state: consumer JSON text;
    // finished). shard_id is COLLATE "C" so listing orders by bytes as SQLite does, whatever the
    // database's collation. The foreign key (ON DELETE CASCADE) is what keeps a claim racing a
    // deleteMapping on another node from leaving an orphan row: the claim's key check waits for the delete
    // and then fails, which the store answers as "not claimed".
    sql: `
      CREATE TABLE event_source_mappings (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        uuid text COLLATE "C" NOT NULL UNIQUE,
        function_name text COLLATE "C" NOT NULL,
        source_arn text COLLATE "C" NOT NULL,
        created_at bigint NOT NULL,
        modified_at bigint NOT NULL,
        config text NOT NULL
      );
      CREATE INDEX event_source_mappings_by_function ON event_source_mappings (function_name, id);
      CREATE INDEX event_source_mappings_by_source ON event_source_mappings (source_arn, id);
      CREATE TABLE mapping_shards (
        mapping_uuid text COLLATE "C" NOT NULL REFERENCES event_source_mappings (uuid) ON DELETE CASCADE,
        shard_id text COLLATE "C" NOT NULL,
        owner text COLLATE "C",
        lease_until bigint,
        finished boolean NOT NULL DEFAULT false,
        sequence text,
        state text,
        PRIMARY KEY (mapping_uuid, shard_id)
      );
    `,
  },
];
