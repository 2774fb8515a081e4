import type { SqliteMigration } from '../sqlite-migrations.js';

/** Migration 21: topic (SNS) deliveries, FIFO topics' deduplication and sequence numbers, the SNS signing identity. */
export const TOPIC_DELIVERIES: readonly SqliteMigration[] = [
  {
    version: 21,
    description: 'topic deliveries: leased delivery rows, FIFO deduplication window and sequence numbers, SNS signing identity',
    // Leases follow claimable_at as in bus_deliveries: a claim sets it to the lease's expiry, a retry and a
    // release set it back to due_at. The document is domain-owned JSON (the message and the subscription as
    // they were when the Publish was accepted). topic_dedup keeps one row per (topic, scoped dedup id); a
    // row past `until` is free to be replaced. sns_signing_identity holds one row, inserted if absent.
    sql: `
      CREATE TABLE topic_deliveries (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        topic TEXT NOT NULL,
        subscription TEXT NOT NULL,
        protocol TEXT NOT NULL,
        document TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        due_at INTEGER NOT NULL,
        claimable_at INTEGER NOT NULL,
        lease_owner TEXT,
        last_error TEXT,
        accepted_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX topic_deliveries_claimable ON topic_deliveries (claimable_at);
      CREATE TABLE topic_dedup (
        topic TEXT NOT NULL,
        dedup_key TEXT NOT NULL,
        until INTEGER NOT NULL,
        message_id TEXT NOT NULL,
        sequence TEXT,
        PRIMARY KEY (topic, dedup_key)
      ) STRICT, WITHOUT ROWID;
      CREATE TABLE topic_sequences (
        topic TEXT PRIMARY KEY,
        next INTEGER NOT NULL
      ) STRICT, WITHOUT ROWID;
      CREATE TABLE sns_signing_identity (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        private_key_pem TEXT NOT NULL,
        certificate_pem TEXT NOT NULL
      ) STRICT;
    `,
  },
];
