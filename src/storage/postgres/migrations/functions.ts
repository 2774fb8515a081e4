import type { PostgresMigration } from '../postgres-migrations.js';

/**
 * Functions created through the Lambda API, their event invoke configs, and accepted async invocations:
 * SQLite's migrations 7, 10, 12 and 13 (lambda_functions, lambda_function_changes, event_invoke_configs,
 * async_invocations) in their final shape.
 *
 * Names and qualifiers are `COLLATE "C"`: lists are ordered by them, and SQLite orders by bytes whatever
 * the database's locale. Documents stay the text the stores wrote (not jsonb, which would reorder keys
 * and drop duplicate ones), so what a caller reads back is byte for byte what SQLite would answer.
 * Epoch-ms times are bigint (pg answers them as text; the stores convert).
 */
export const FUNCTIONS: readonly PostgresMigration[] = [
  {
    version: 3,
    description: 'functions created through the Lambda API with a change counter, event invoke configs, async invocations',
    // lambda_function_changes has exactly one row, inserted here: each function write locks it first
    // (SELECT … FOR UPDATE), which also serialises two first writes of a function that does not exist yet.
    sql: `
      CREATE TABLE lambda_functions (
        name text COLLATE "C" PRIMARY KEY,
        revision text NOT NULL,
        document text NOT NULL
      );
      CREATE TABLE lambda_function_changes (
        id smallint PRIMARY KEY CHECK (id = 1),
        changes bigint NOT NULL
      );
      INSERT INTO lambda_function_changes (id, changes) VALUES (1, 0);
      CREATE TABLE event_invoke_configs (
        function_name text COLLATE "C" NOT NULL,
        qualifier text COLLATE "C" NOT NULL,
        last_modified bigint NOT NULL,
        config text NOT NULL,
        PRIMARY KEY (function_name, qualifier)
      );
      CREATE TABLE async_invocations (
        request_id text COLLATE "C" PRIMARY KEY,
        function_name text NOT NULL,
        qualifier text,
        payload text NOT NULL,
        received_at bigint NOT NULL,
        attempts integer NOT NULL,
        due_at bigint NOT NULL,
        last_attempt text,
        destination text,
        record text
      );
      CREATE INDEX async_invocations_due ON async_invocations (due_at, received_at);
    `,
  },
];
