import type { PostgresMigration } from '../postgres-migrations.js';

/**
 * Topics (SNS): migration 4, what SQLite's migrations 20 (topics.ts) and 21 (topic-deliveries.ts) hold, in one step.
 *
 * - Names are `COLLATE "C"`, so ListTopics' `name > $after ORDER BY name` is byte-wise (UTF-8) whatever the
 *   database's default collation is.
 * - Attributes, tags and delivery documents are JSON kept as text, byte for byte as the domain wrote them
 *   (jsonb would reorder keys and drop duplicates).
 * - Times and counters are bigint (read back as text and converted with Number: epoch milliseconds fit).
 * - Leases follow claimable_at as in SQLite's topic_deliveries: a claim sets it to the lease's expiry, a
 *   retry and a release set it back to due_at.
 * - sns_signing_identity holds at most one row (id 1), inserted if absent.
 * - Strings the domain does not restrict to printable characters are bytea (their UTF-8), because a
 *   PostgreSQL text value cannot hold U+0000: endpoints (an email or application endpoint may hold one),
 *   FIFO deduplication keys (a group-scoped key is `group U+0000 id`, publish.ts) and delivery errors.
 */
export const TOPICS: readonly PostgresMigration[] = [
  {
    version: 4,
    description: 'topics: SNS topics and subscriptions, leased topic deliveries, FIFO deduplication and sequence numbers, SNS signing identity',
    sql: `
      CREATE TABLE topics (
        name text COLLATE "C" PRIMARY KEY,
        fifo boolean NOT NULL,
        attributes text NOT NULL,
        tags text NOT NULL,
        version bigint NOT NULL,
        created_at bigint NOT NULL,
        subscriptions_deleted bigint NOT NULL DEFAULT 0
      );
      CREATE TABLE topic_subscriptions (
        seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        id text NOT NULL UNIQUE,
        topic text COLLATE "C" NOT NULL,
        protocol text NOT NULL,
        endpoint bytea NOT NULL,
        owner text NOT NULL,
        attributes text NOT NULL,
        pending boolean NOT NULL,
        token text,
        token_expires_at bigint,
        authenticated boolean NOT NULL DEFAULT false,
        created_at bigint NOT NULL
      );
      CREATE UNIQUE INDEX topic_subscriptions_endpoint ON topic_subscriptions (topic, protocol, endpoint);
      CREATE INDEX topic_subscriptions_token ON topic_subscriptions (token) WHERE token IS NOT NULL;
      CREATE TABLE topic_deliveries (
        seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        id text NOT NULL UNIQUE,
        topic text NOT NULL,
        subscription text NOT NULL,
        protocol text NOT NULL,
        document text NOT NULL,
        attempts integer NOT NULL DEFAULT 0,
        due_at bigint NOT NULL,
        claimable_at bigint NOT NULL,
        lease_owner text,
        last_error bytea,
        accepted_at bigint NOT NULL
      );
      CREATE INDEX topic_deliveries_claimable ON topic_deliveries (claimable_at, seq);
      CREATE TABLE topic_dedup (
        topic text NOT NULL,
        dedup_key bytea NOT NULL,
        until bigint NOT NULL,
        message_id text NOT NULL,
        sequence text,
        PRIMARY KEY (topic, dedup_key)
      );
      CREATE TABLE topic_sequences (
        topic text PRIMARY KEY,
        next bigint NOT NULL
      );
      CREATE TABLE sns_signing_identity (
        id smallint PRIMARY KEY CHECK (id = 1),
        private_key_pem text NOT NULL,
        certificate_pem text NOT NULL
      );
    `,
  },
];
