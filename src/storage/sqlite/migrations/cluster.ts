import type { SqliteMigration } from '../sqlite-migrations.js';

/** Migration 23: several nodes on one database (issue 22): node heartbeats and named leases (cluster-store.ts). */
export const CLUSTER: readonly SqliteMigration[] = [
  {
    version: 23,
    description: 'cluster: node heartbeats and named leases',
    // Times are epoch ms of Eddy's clock, judged by the caller: a node is alive, a lease held, while now < until.
    // A released lease is deleted, so a row always has an owner.
    sql: `
      CREATE TABLE cluster_nodes (
        node_id TEXT PRIMARY KEY,
        joined_at INTEGER NOT NULL,
        until INTEGER NOT NULL,
        info TEXT
      ) STRICT;
      CREATE TABLE cluster_leases (
        name TEXT PRIMARY KEY,
        owner TEXT NOT NULL,
        until INTEGER NOT NULL
      ) STRICT;
    `,
  },
];
