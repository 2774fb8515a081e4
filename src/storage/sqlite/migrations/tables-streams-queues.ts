import type { SqliteMigration } from '../sqlite-migrations.js';

/** Migrations 1–8: tables and items, indexes, streams and their blocks, queues, triggers, async invocations, message move tasks. */
export const TABLES_STREAMS_QUEUES: readonly SqliteMigration[] = [
  {
    version: 1,
    description: 'table catalog and items',
    // AUTOINCREMENT so that a re-created table never gets the id of a deleted one.
    // Items: WITHOUT ROWID clusters rows by key, so a Query is one contiguous b-tree range and a scan
    // segment is a hash range. `size` precedes `doc` so that tableStats reads it without following
    // the overflow pages of large documents. STRICT rejects a key bound as text instead of a blob,
    // which would silently sort wrong.
    sql: `
      CREATE TABLE tables (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL UNIQUE,
        definition TEXT NOT NULL
      ) STRICT;
      CREATE TABLE items (
        table_id INTEGER NOT NULL,
        hash INTEGER NOT NULL,
        pk BLOB NOT NULL,
        sk BLOB NOT NULL,
        size INTEGER NOT NULL,
        doc TEXT NOT NULL,
        PRIMARY KEY (table_id, hash, pk, sk)
      ) STRICT, WITHOUT ROWID;
    `,
  },
  {
    version: 2,
    description: 'change streams: streams, shards and stream records',
    // Sequence numbers are stored as offsets from 10^20 (see stream-sequences.ts), so they fit an
    // INTEGER. A shard's counter is next_seq or one past its newest record, whichever is higher (the
    // writer keeps it in memory and stores next_seq only when the shard closes or is trimmed; see
    // sqlite-stream-statements.ts), so it survives trimming every record. Records cluster by
    // (shard, seq): a shard read is one b-tree range, and trimming walks a shard from its oldest.
    // At most one open stream per table (the partial unique index).
    sql: `
      CREATE TABLE streams (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        table_id INTEGER NOT NULL,
        table_name TEXT NOT NULL,
        label TEXT NOT NULL,
        meta TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        closed_at INTEGER
      ) STRICT;
      CREATE INDEX streams_by_table_name ON streams (table_name, created_at, id);
      CREATE UNIQUE INDEX streams_open_per_table ON streams (table_id) WHERE closed_at IS NULL;
      CREATE TABLE shards (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        stream_id INTEGER NOT NULL,
        shard_id TEXT NOT NULL UNIQUE,
        parent_shard_id TEXT,
        hash_from INTEGER NOT NULL,
        hash_to INTEGER NOT NULL,
        starting_seq INTEGER NOT NULL,
        next_seq INTEGER NOT NULL,
        ending_seq INTEGER,
        trimmed_through INTEGER,
        created_at INTEGER NOT NULL,
        closed_at INTEGER
      ) STRICT;
      CREATE INDEX shards_by_stream ON shards (stream_id, id);
      CREATE TABLE stream_records (
        shard INTEGER NOT NULL,
        seq INTEGER NOT NULL,
        created_at INTEGER NOT NULL,
        json TEXT NOT NULL,
        PRIMARY KEY (shard, seq)
      ) STRICT, WITHOUT ROWID;
    `,
  },
  {
    version: 3,
    description: 'queues: queue catalog, messages and deduplication entries',
    // AUTOINCREMENT so that a re-created queue never gets the id of a deleted one (a receipt or a
    // pending write naming the old id must not reach the new queue). next_seq is the queue's message
    // counter, stored on every send: sequences are never reused, even after every message is deleted.
    // Messages cluster by (queue, seq), WITHOUT ROWID: a receive walks one queue's b-tree range from
    // its oldest message, stops after the first `max` deliverable ones, and updates them in place.
    // The small, often rewritten columns come first and body/payload last, so reading or claiming a
    // message touches its overflow pages only when the body is returned. Invariant kept by the
    // store: receive_count = 0 exactly when nonce IS NULL (never received since sent, moved or
    // redriven), so receive_count > 0 is "received".
    // queue_messages_by_visibility answers everything about time without touching messages: the
    // visible / in-flight / delayed counts (range on visible_at, filter on receive_count and sent_at),
    // the next time a message becomes visible (one seek), and a FIFO receive's group checks (a group
    // is blocked only by its invisible messages, i.e. visible_at > now, whose group_id it covers).
    // seq is appended to it implicitly (the primary key of a WITHOUT ROWID table).
    // Deduplication entries are keyed by the domain's scoped key; an expired entry is overwritten by
    // the next send with that key and removed by trim.
    sql: `
      CREATE TABLE queues (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL UNIQUE,
        fifo INTEGER NOT NULL,
        attributes TEXT NOT NULL,
        tags TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        modified_at INTEGER NOT NULL,
        next_seq INTEGER NOT NULL DEFAULT 1
      ) STRICT;
      CREATE TABLE queue_messages (
        queue_id INTEGER NOT NULL,
        seq INTEGER NOT NULL,
        visible_at INTEGER NOT NULL,
        receive_count INTEGER NOT NULL DEFAULT 0,
        sent_at INTEGER NOT NULL,
        first_received_at INTEGER,
        nonce TEXT,
        group_id TEXT,
        dedup_key TEXT,
        source_queue_id INTEGER,
        message_id TEXT NOT NULL,
        body TEXT NOT NULL,
        payload TEXT NOT NULL,
        PRIMARY KEY (queue_id, seq)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX queue_messages_by_visibility ON queue_messages (queue_id, visible_at, receive_count, sent_at, group_id);
      CREATE TABLE queue_dedup (
        queue_id INTEGER NOT NULL,
        dedup_key TEXT NOT NULL,
        message_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        until INTEGER NOT NULL,
        PRIMARY KEY (queue_id, dedup_key)
      ) STRICT, WITHOUT ROWID;
    `,
  },
  {
    version: 4,
    description: 'triggers: event source mappings, and the lease and checkpoint of each (mapping, shard)',
    // Mappings are addressed by their uuid (UNIQUE); `id` AUTOINCREMENT only gives creation order, so
    // listing walks ids and a re-created mapping sorts after every existing one. `config` is the domain's
    // JSON. The two listing indexes end in id, so a filtered list is one index range already in order
    // (a filter on both walks the function's range and checks the source ARN).
    // mapping_shards holds, per (mapping, shard), the lease (owner, lease_until; both NULL when free)
    // and the checkpoint (sequence: the last handled sequence number as decimal text, NULL before the
    // first; state: consumer JSON text; finished: 0/1). WITHOUT ROWID clusters a mapping's shards, so
    // listing them or deleting them with the mapping is one range. Every lease and checkpoint change is
    // one conditional statement on its row, so two connections (two processes) cannot both hold a lease.
    sql: `
      CREATE TABLE event_source_mappings (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        uuid TEXT NOT NULL UNIQUE,
        function_name TEXT NOT NULL,
        source_arn TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        modified_at INTEGER NOT NULL,
        config TEXT NOT NULL
      ) STRICT;
      CREATE INDEX event_source_mappings_by_function ON event_source_mappings (function_name, id);
      CREATE INDEX event_source_mappings_by_source ON event_source_mappings (source_arn, id);
      CREATE TABLE mapping_shards (
        mapping_uuid TEXT NOT NULL,
        shard_id TEXT NOT NULL,
        owner TEXT,
        lease_until INTEGER,
        finished INTEGER NOT NULL DEFAULT 0,
        sequence TEXT,
        state TEXT,
        PRIMARY KEY (mapping_uuid, shard_id)
      ) STRICT, WITHOUT ROWID;
    `,
  },
  {
    version: 5,
    description: 'secondary index entries',
    // One row per (item, index it belongs to), WITHOUT ROWID and clustered by (table, index, hash, index
    // partition, index sort): a Query of an index is one contiguous b-tree range and a scan segment a
    // hash range, as for items. The base item's key ends the primary key, so entries with equal index
    // keys (common in a GSI) stay distinct and are read in base-key order, which makes the pagination
    // cursor exact. index_entries_by_item finds an item's entries when it is rewritten or deleted.
    sql: `
      CREATE TABLE index_entries (
        table_id INTEGER NOT NULL,
        index_name TEXT NOT NULL,
        hash INTEGER NOT NULL,
        pk BLOB NOT NULL,
        sk BLOB NOT NULL,
        item_pk BLOB NOT NULL,
        item_sk BLOB NOT NULL,
        size INTEGER NOT NULL,
        doc TEXT NOT NULL,
        PRIMARY KEY (table_id, index_name, hash, pk, sk, item_pk, item_sk)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX index_entries_by_item ON index_entries (table_id, item_pk, item_sk);
    `,
  },
  {
    version: 6,
    description: 'stream records stored as one block per shard and commit',
    // A commit's records of one shard have consecutive sequence numbers and the same created_at, so they
    // are stored as one row: first_seq..last_seq, the stored records joined by newlines (a stored record
    // is JSON text after a two-letter prefix, with no raw newline in it) as TEXT, or as a BLOB holding
    // that text brotli-compressed when it is long enough to be worth it (see sqlite-stream-blocks.ts).
    // Blocks never overlap and leave no gaps, so the block holding sequence s is the last one with
    // first_seq <= s. Existing records become one-record blocks.
    sql: `
      CREATE TABLE stream_blocks (
        shard INTEGER NOT NULL,
        first_seq INTEGER NOT NULL,
        last_seq INTEGER NOT NULL,
        created_at INTEGER NOT NULL,
        records ANY NOT NULL,
        PRIMARY KEY (shard, first_seq)
      ) STRICT, WITHOUT ROWID;
      INSERT INTO stream_blocks (shard, first_seq, last_seq, created_at, records)
        SELECT shard, seq, seq, created_at, json FROM stream_records;
      DROP TABLE stream_records;
    `,
  },
  {
    version: 7,
    description: 'asynchronous invocations waiting for their next attempt',
    // One row per InvocationType=Event event from its acceptance until it succeeds or is dropped, so
    // a restart resumes them. due_at is when the next attempt may start (a retry's delay).
    sql: `
      CREATE TABLE async_invocations (
        request_id TEXT PRIMARY KEY,
        function_name TEXT NOT NULL,
        payload TEXT NOT NULL,
        received_at INTEGER NOT NULL,
        attempts INTEGER NOT NULL,
        due_at INTEGER NOT NULL
      ) STRICT, WITHOUT ROWID;
    `,
  },
  {
    version: 8,
    description: 'message move tasks',
    // A source queue's most recent tasks (at most 10 are kept) with their progress, so ListMessageMoveTasks
    // survives a restart and a running task resumes. `moved` grows in the transaction that moves messages.
    sql: `
      CREATE TABLE queue_move_tasks (
        task_handle TEXT PRIMARY KEY,
        source_queue_id INTEGER NOT NULL,
        started_at INTEGER NOT NULL,
        status TEXT NOT NULL,
        moved INTEGER NOT NULL,
        task TEXT NOT NULL
      ) STRICT;
      CREATE INDEX queue_move_tasks_by_source ON queue_move_tasks (source_queue_id, started_at);
    `,
  },
];
