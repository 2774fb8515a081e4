import type { PostgresMigration } from '../postgres-migrations.js';

/** Migration 14: node heartbeats and named leases, as SQLite's migration 23 (cluster.ts there). */
export const CLUSTER: readonly PostgresMigration[] = [
  {
    version: 14,
    description: 'cluster: node heartbeats and named leases',
    // COLLATE "C": node ids order by bytes, as SQLite orders them, so every node ranks the others alike.
    // info is JSON text kept as given (text, not jsonb, which would reorder its keys).
    sql: `
      CREATE TABLE cluster_nodes (
        node_id text COLLATE "C" PRIMARY KEY,
        joined_at bigint NOT NULL,
        until bigint NOT NULL,
        info text
      );
      CREATE TABLE cluster_leases (
        name text COLLATE "C" PRIMARY KEY,
        owner text COLLATE "C" NOT NULL,
        until bigint NOT NULL
      );
    `,
  },
];
