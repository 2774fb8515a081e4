import type { PostgresMigration } from '../postgres-migrations.js';

/**
 * Queues (SQS): migration 7, what SQLite's migrations 3 and 8 (tables-streams-queues.ts) hold, in one step.
 *
 * - Names are `COLLATE "C"`, so ListQueues' prefix scan is byte-wise (UTF-8) whatever the database's collation.
 * - Attributes, tags, move-task details are JSON kept as text, byte for byte as the store wrote them.
 * - Times, sequences and counters are bigint (read back as text and converted with Number).
 * - Deduplication keys are bytea (their UTF-8): a group-scoped key is 'group U+0000 id'
 *   (src/queues/message-entry.ts) and a text value cannot hold U+0000.
 * - queue_move_tasks.ord stands for SQLite's rowid: a replace takes a new one, so "newest first" is
 *   (started_at, ord) descending as on SQLite.
 */
export const QUEUES: readonly PostgresMigration[] = [
  {
    version: 7,
    description: 'queues: SQS queues, messages, FIFO deduplication entries, message move tasks',
    sql: `
      CREATE TABLE queues (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        name text COLLATE "C" NOT NULL UNIQUE,
        fifo boolean NOT NULL,
        attributes text NOT NULL,
        tags text NOT NULL,
        created_at bigint NOT NULL,
        modified_at bigint NOT NULL,
        version bigint NOT NULL DEFAULT 1,
        next_seq bigint NOT NULL DEFAULT 1
      );
      CREATE TABLE queue_messages (
        queue_id bigint NOT NULL,
        seq bigint NOT NULL,
        visible_at bigint NOT NULL,
        receive_count integer NOT NULL DEFAULT 0,
        sent_at bigint NOT NULL,
        first_received_at bigint,
        nonce text,
        group_id text,
        dedup_key bytea,
        source_queue_id bigint,
        message_id text NOT NULL,
        body text NOT NULL,
        payload text NOT NULL,
        PRIMARY KEY (queue_id, seq)
      );
      CREATE INDEX queue_messages_by_visibility ON queue_messages (queue_id, visible_at, receive_count, sent_at, group_id);
      CREATE TABLE queue_dedup (
        queue_id bigint NOT NULL,
        dedup_key bytea NOT NULL,
        message_id text NOT NULL,
        seq bigint NOT NULL,
        until bigint NOT NULL,
        PRIMARY KEY (queue_id, dedup_key)
      );
      CREATE SEQUENCE queue_move_tasks_ord;
      CREATE TABLE queue_move_tasks (
        task_handle text PRIMARY KEY,
        source_queue_id bigint NOT NULL,
        started_at bigint NOT NULL,
        status text NOT NULL,
        moved bigint NOT NULL,
        task text NOT NULL,
        ord bigint NOT NULL DEFAULT nextval('queue_move_tasks_ord')
      );
      CREATE INDEX queue_move_tasks_by_source ON queue_move_tasks (source_queue_id, started_at);
    `,
  },
];
