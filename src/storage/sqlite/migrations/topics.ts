import type { SqliteMigration } from '../sqlite-migrations.js';

/** Migration 20: topics (SNS) and their subscriptions. */
export const TOPICS: readonly SqliteMigration[] = [
  {
    version: 20,
    description: 'topics: SNS topics with attributes and tags, subscriptions with confirmation tokens',
    // Attributes and tags are JSON the domain owns. A topic's version grows with every write to it or its
    // subscriptions (caches of its fan-out check it); subscriptions_deleted counts Unsubscribes.
    // Subscriptions are ordered by seq (ListSubscriptions' pages); (topic, protocol, endpoint) is unique.
    sql: `
      CREATE TABLE topics (
        name TEXT PRIMARY KEY,
        fifo INTEGER NOT NULL,
        attributes TEXT NOT NULL,
        tags TEXT NOT NULL,
        version INTEGER NOT NULL,
        created_at INTEGER NOT NULL,
        subscriptions_deleted INTEGER NOT NULL DEFAULT 0
      ) STRICT, WITHOUT ROWID;
      CREATE TABLE topic_subscriptions (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        topic TEXT NOT NULL,
        protocol TEXT NOT NULL,
        endpoint TEXT NOT NULL,
        owner TEXT NOT NULL,
        attributes TEXT NOT NULL,
        pending INTEGER NOT NULL,
        token TEXT,
        token_expires_at INTEGER,
        authenticated INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL
      ) STRICT;
      CREATE UNIQUE INDEX topic_subscriptions_endpoint ON topic_subscriptions (topic, protocol, endpoint);
      CREATE INDEX topic_subscriptions_token ON topic_subscriptions (token) WHERE token IS NOT NULL;
    `,
  },
];
