import type { PostgresMigration } from '../postgres-migrations.js';

/** Migration 16: code packages of functions created through the Lambda API, as SQLite's migration 26 (function-code.ts there). */
export const FUNCTION_CODE: readonly PostgresMigration[] = [
  {
    version: 16,
    description: 'code packages of functions created through the Lambda API',
    // A zip is compressed already: STORAGE EXTERNAL keeps it out of line (TOAST) without trying again.
    sql: `
      CREATE TABLE lambda_code_packages (
        function_name text COLLATE "C" NOT NULL,
        sha256 text COLLATE "C" NOT NULL,
        zip bytea NOT NULL,
        PRIMARY KEY (function_name, sha256)
      );
      ALTER TABLE lambda_code_packages ALTER COLUMN zip SET STORAGE EXTERNAL;
    `,
  },
];
