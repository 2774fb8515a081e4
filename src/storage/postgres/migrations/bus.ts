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
