import type { Database } from 'better-sqlite3';

/** One schema step. Versions are consecutive from 1; a shipped migration is never edited, only appended to. */
export interface SqliteMigration {
  readonly version: number;
  readonly description: string;
  readonly sql: string;
}

export const SQLITE_MIGRATIONS: readonly SqliteMigration[] = [
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
    // Sequence numbers are stored as offsets from 10^20 (see sqlite-stream-rows.ts), so they fit an
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
  {
    version: 9,
    description: 'event bus: resource documents, deliveries, per-target counters and archived events',
    // bus_documents: one row per bus resource, keyed (kind, scope, name); `definition` is the domain's
    // JSON. A lease (lease_owner, lease_until) is held while now < lease_until. bus_documents_due holds
    // only the documents with work due, so the due scan and nextDue are one range of it.
    // bus_deliveries: one row per (event, rule, target) from acceptance until settled. The rowid (seq)
    // only orders insertion, so an insert appends. claimable_at is when a claim may take the row: its
    // due_at while free, its lease's expiry while leased. One index on it makes a claim a range of at
    // most `limit` entries, however many deliveries are in flight, and nextDeliveryDue one seek.
    // `id` is the caller's (unique by contract, not enforced) and is indexed only while leased: only a
    // lease holder looks a delivery up by id (settle), and an index of every id would take each insert
    // and delete to a random page (ids are random), writing a page to the WAL per delivery; the leased
    // ones are the few in flight, whose index pages stay few. Small, rewritten columns first, target
    // and payload last.
    // bus_target_counters: maintained in the transactions that create, retry and settle deliveries
    // (pending and retrying included), so deliveryStats never counts deliveries.
    // bus_archived_events cluster by (archive, event time, event id): a replay reads one b-tree range in
    // order and retention deletes a range from its oldest. bus_archive_stats is maintained with them.
    sql: `
      CREATE TABLE bus_documents (
        kind TEXT NOT NULL,
        scope TEXT NOT NULL,
        name TEXT NOT NULL,
        version INTEGER NOT NULL,
        created_at INTEGER NOT NULL,
        modified_at INTEGER NOT NULL,
        due_at INTEGER,
        lease_owner TEXT,
        lease_until INTEGER,
        definition TEXT NOT NULL,
        PRIMARY KEY (kind, scope, name)
      ) STRICT;
      CREATE INDEX bus_documents_due ON bus_documents (kind, due_at) WHERE due_at IS NOT NULL;
      CREATE TABLE bus_deliveries (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL,
        claimable_at INTEGER NOT NULL,
        lease_owner TEXT,
        due_at INTEGER NOT NULL,
        attempts INTEGER NOT NULL,
        accepted_at INTEGER NOT NULL,
        bus TEXT NOT NULL,
        rule TEXT NOT NULL,
        target_id TEXT NOT NULL,
        event_id TEXT NOT NULL,
        last_error TEXT,
        target TEXT NOT NULL,
        payload TEXT NOT NULL
      ) STRICT;
      CREATE INDEX bus_deliveries_claimable ON bus_deliveries (claimable_at);
      CREATE INDEX bus_deliveries_leased ON bus_deliveries (id) WHERE lease_owner IS NOT NULL;
      CREATE TABLE bus_target_counters (
        bus TEXT NOT NULL,
        rule TEXT NOT NULL,
        target_id TEXT NOT NULL,
        matched INTEGER NOT NULL,
        delivered INTEGER NOT NULL,
        failed INTEGER NOT NULL,
        dead_lettered INTEGER NOT NULL,
        pending INTEGER NOT NULL,
        retrying INTEGER NOT NULL,
        PRIMARY KEY (bus, rule, target_id)
      ) STRICT, WITHOUT ROWID;
      CREATE TABLE bus_archived_events (
        archive TEXT NOT NULL,
        event_time INTEGER NOT NULL,
        event_id TEXT NOT NULL,
        archived_at INTEGER NOT NULL,
        size INTEGER NOT NULL,
        json TEXT NOT NULL,
        PRIMARY KEY (archive, event_time, event_id)
      ) STRICT, WITHOUT ROWID;
      CREATE TABLE bus_archive_stats (
        archive TEXT PRIMARY KEY,
        event_count INTEGER NOT NULL,
        size_bytes INTEGER NOT NULL
      ) STRICT, WITHOUT ROWID;
    `,
  },
  {
    version: 10,
    description: "functions' asynchronous invocation configs; async invocations keep their last answer and their record",
    // event_invoke_configs: one row per (function, qualifier), `config` the domain's JSON (retries, age,
    // destinations), read by every attempt so a change reaches every node at once.
    // async_invocations.last_attempt: what the last failed attempt answered, for a record made later
    // (an event found too old at its retry). destination and record: set when the event is done with and
    // its invocation record is still to be sent, so a restart sends it instead of invoking again.
    sql: `
      CREATE TABLE event_invoke_configs (
        function_name TEXT NOT NULL,
        qualifier TEXT NOT NULL,
        last_modified INTEGER NOT NULL,
        config TEXT NOT NULL,
        PRIMARY KEY (function_name, qualifier)
      ) STRICT, WITHOUT ROWID;
      ALTER TABLE async_invocations ADD COLUMN last_attempt TEXT;
      ALTER TABLE async_invocations ADD COLUMN destination TEXT;
      ALTER TABLE async_invocations ADD COLUMN record TEXT;
    `,
  },
  {
    version: 11,
    description: "event bus: a delivery names its route (bus, rule, target id and target snapshot, stored once) instead of carrying them",
    // Every delivery of one (bus, rule, target) made while the target was unchanged carried the same
    // four values, the target snapshot alone ~200 bytes of JSON: written by each PutEvents, rewritten by
    // each claim (an UPDATE rewrites the whole row) and handed back by each claim as strings to build.
    // bus_delivery_routes keeps each distinct one once; a delivery keeps its id. Routes never change and
    // their ids are never reused (AUTOINCREMENT), so a node may cache them for good; a route is added by
    // the transaction that first stores a delivery for it. bus_deliveries is rebuilt (SQLite cannot
    // change a column in place) with its rows and seq as they were.
    // bus_deliveries_leased now leads to the leased rows by owner (then seq), no longer by id: an index
    // of random ids took each claim and settle to a random leaf, dirtying many of the index's pages in
    // every commit, where entries by owner then seq append. A lease holder settles by seq, which its
    // claim told it; the index serves the holder that no longer knows a seq (a settle from another
    // connection), whose lookup is then a range of its own leased rows.
    sql: `
      CREATE TABLE bus_delivery_routes (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        bus TEXT NOT NULL,
        rule TEXT NOT NULL,
        target_id TEXT NOT NULL,
        target TEXT NOT NULL,
        UNIQUE (bus, rule, target_id, target)
      ) STRICT;
      INSERT INTO bus_delivery_routes (bus, rule, target_id, target)
        SELECT DISTINCT bus, rule, target_id, target FROM bus_deliveries ORDER BY bus, rule, target_id, target;
      CREATE TABLE bus_deliveries_rebuilt (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL,
        claimable_at INTEGER NOT NULL,
        lease_owner TEXT,
        due_at INTEGER NOT NULL,
        attempts INTEGER NOT NULL,
        accepted_at INTEGER NOT NULL,
        route INTEGER NOT NULL,
        event_id TEXT NOT NULL,
        last_error TEXT,
        payload TEXT NOT NULL
      ) STRICT;
      INSERT INTO bus_deliveries_rebuilt (seq, id, claimable_at, lease_owner, due_at, attempts, accepted_at, route, event_id, last_error, payload)
        SELECT d.seq, d.id, d.claimable_at, d.lease_owner, d.due_at, d.attempts, d.accepted_at, r.id, d.event_id, d.last_error, d.payload
        FROM bus_deliveries d
        JOIN bus_delivery_routes r ON r.bus = d.bus AND r.rule = d.rule AND r.target_id = d.target_id AND r.target = d.target;
      DROP TABLE bus_deliveries;
      ALTER TABLE bus_deliveries_rebuilt RENAME TO bus_deliveries;
      CREATE INDEX bus_deliveries_claimable ON bus_deliveries (claimable_at);
      CREATE INDEX bus_deliveries_leased ON bus_deliveries (lease_owner) WHERE lease_owner IS NOT NULL;
    `,
  },
  {
    version: 12,
    description: 'functions created through the Lambda API, and a change counter every node checks',
    // lambda_functions: one row per function, `document` the domain's JSON ($LATEST's configuration and
    // code location, versions, aliases, tags), `revision` new on each write. lambda_function_changes:
    // one row whose counter each write bumps in its transaction, so a node learns with one read whether
    // anything changed since it last looked.
    sql: `
      CREATE TABLE lambda_functions (
        name TEXT PRIMARY KEY,
        revision TEXT NOT NULL,
        document TEXT NOT NULL
      ) STRICT, WITHOUT ROWID;
      CREATE TABLE lambda_function_changes (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        changes INTEGER NOT NULL
      ) STRICT;
      INSERT INTO lambda_function_changes (id, changes) VALUES (1, 0);
    `,
  },
  {
    version: 13,
    description: 'async invocations keep the qualifier they were invoked with',
    // A version or an alias named by an Event invoke: each attempt runs what it names then (NULL: $LATEST,
    // as every event stored before this migration ran).
    sql: `
      ALTER TABLE async_invocations ADD COLUMN qualifier TEXT;
    `,
  },
];

/**
 * Brings the database up to the latest migration in one IMMEDIATE transaction (so two processes
 * opening the same file at once cannot both migrate). Returns the versions applied; re-running is a no-op.
 */
export function applySqliteMigrations(
  db: Database,
  migrations: readonly SqliteMigration[] = SQLITE_MIGRATIONS,
  now: () => Date = () => new Date(),
): number[] {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`SQLite migration ${i} has version ${m.version}, expected ${i + 1}`);
  });
  const applied: number[] = [];
  db.exec('BEGIN IMMEDIATE');
  try {
    db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version INTEGER PRIMARY KEY,
      applied_at TEXT NOT NULL
    ) STRICT`);
    const row = db.prepare('SELECT max(version) AS version FROM schema_migrations').get() as { version: number | null };
    const current = row.version ?? 0;
    const latest = migrations.length;
    if (current > latest) {
      throw new Error(
        `The database schema is at version ${current}, newer than this version of Eddy supports (${latest}); upgrade Eddy`,
      );
    }
    const record = db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)');
    for (const migration of migrations.slice(current)) {
      db.exec(migration.sql);
      record.run(migration.version, now().toISOString());
      applied.push(migration.version);
    }
    db.exec('COMMIT');
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw error;
  }
  return applied;
}
