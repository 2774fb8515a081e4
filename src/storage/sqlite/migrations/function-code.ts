import type { SqliteMigration } from '../sqlite-migrations.js';

/**
 * Migration 26: the code packages of functions created through the Lambda API, stored with them (issue
 * 22), so a node whose data directory never saw a package can still run it.
 */
export const FUNCTION_CODE: readonly SqliteMigration[] = [
  {
    version: 26,
    description: 'code packages of functions created through the Lambda API',
    // One row per (function, CodeSha256): the zip as uploaded. A rowid table, not WITHOUT ROWID: rows are
    // whole packages (up to tens of MB), which SQLite keeps best out of the key's b-tree.
    sql: `
      CREATE TABLE lambda_code_packages (
        function_name TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        zip BLOB NOT NULL,
        PRIMARY KEY (function_name, sha256)
      ) STRICT;
    `,
  },
];
