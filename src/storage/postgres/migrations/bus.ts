import type { PostgresMigration } from '../postgres-migrations.js';

/** Migration 8: the event bus's resource documents, as SQLite's bus_documents (migration 9 there). */
export const BUS: readonly PostgresMigration[] = [
  {
    version: 8,
    description: 'event bus: resource documents (buses, rules, archives, replays, connections, API destinations) with version, due time and lease',
    // One row per resource, keyed (kind, scope, name); `definition` is the domain's JSON kept as the text it
    // was written as (not jsonb, which would reorder keys). Names are COLLATE "C" so that listings and the
    // primary key order byte-wise, as SQLite's BINARY collation does. A lease (lease_owner, lease_until) is
    // held while now < lease_until. Times are epoch milliseconds from the callers' clocks (bigint).
    sql: `
      CREATE TABLE bus_documents (
        kind text NOT NULL CHECK (kind IN ('bus', 'rule', 'archive', 'replay', 'connection', 'api-destination')),
        scope text COLLATE "C" NOT NULL,
        name text COLLATE "C" NOT NULL,
        version integer NOT NULL,
        created_at bigint NOT NULL,
        modified_at bigint NOT NULL,
        due_at bigint,
        lease_owner text,
        lease_until bigint,
        definition text NOT NULL,
        PRIMARY KEY (kind, scope, name)
      );
      CREATE INDEX bus_documents_due ON bus_documents (kind, due_at) WHERE due_at IS NOT NULL;
    `,
  },
];

/** Migration 9: the bus's deliveries, their counters and archived events, as SQLite's (migrations 9 and 11 there). */
export const BUS_DELIVERIES: readonly PostgresMigration[] = [
  {
    version: 9,
    description: 'event bus: leased deliveries, per-target counters, archived events',
    // A delivery row keeps its target as JSON text (SQLite shares it through bus_delivery_routes). A lease
    // follows claimable_at: a claim sets it to the lease's expiry, a retry or release back to due_at, so the
    // claim reads bus_deliveries_claimable in claim order. Names are COLLATE "C" (byte order, as SQLite's).
    sql: `
      CREATE TABLE bus_deliveries (
        seq bigserial PRIMARY KEY,
        id text NOT NULL UNIQUE,
        bus text COLLATE "C" NOT NULL,
        rule text COLLATE "C" NOT NULL,
        target_id text COLLATE "C" NOT NULL,
        target text NOT NULL,
        event_id text NOT NULL,
        payload text NOT NULL,
        accepted_at bigint NOT NULL,
        due_at bigint NOT NULL,
        claimable_at bigint NOT NULL,
        attempts integer NOT NULL DEFAULT 0,
        last_error text,
        lease_owner text
      );
      CREATE INDEX bus_deliveries_claimable ON bus_deliveries (claimable_at, seq);
      CREATE INDEX bus_deliveries_bus ON bus_deliveries (bus, claimable_at, seq);
      CREATE TABLE bus_target_counters (
        bus text COLLATE "C" NOT NULL,
        rule text COLLATE "C" NOT NULL,
        target_id text COLLATE "C" NOT NULL,
        matched bigint NOT NULL DEFAULT 0,
        delivered bigint NOT NULL DEFAULT 0,
        failed bigint NOT NULL DEFAULT 0,
        dead_lettered bigint NOT NULL DEFAULT 0,
        pending bigint NOT NULL DEFAULT 0,
        retrying bigint NOT NULL DEFAULT 0,
        PRIMARY KEY (bus, rule, target_id)
      );
      CREATE TABLE bus_archived_events (
        archive text COLLATE "C" NOT NULL,
        event_time bigint NOT NULL,
        event_id text COLLATE "C" NOT NULL,
        archived_at bigint NOT NULL,
        size bigint NOT NULL,
        json text NOT NULL,
        PRIMARY KEY (archive, event_time, event_id)
      );
    `,
  },
];
