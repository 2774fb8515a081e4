import type { SqliteMigration } from '../sqlite-migrations.js';

/** Migrations 9 on: the event bus, event invoke configs, delivery routes, functions created through the API, async qualifiers. */
export const BUS_AND_FUNCTIONS: readonly SqliteMigration[] = [
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
  {
    version: 14,
    description: 'queues have a version, incremented by every change of their attributes or tags',
    // What a node caching a queue's settings checks in the transaction that writes to it (an event
    // bus's queue target puts its messages in the transaction that accepts the events).
    sql: `
      ALTER TABLE queues ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
    `,
  },
];
