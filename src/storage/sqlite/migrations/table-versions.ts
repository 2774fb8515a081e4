import type { SqliteMigration } from '../sqlite-migrations.js';

/** Migration 24: table definitions carry a version (issue 22), so a write decided against an older one is refused. */
export const TABLE_VERSIONS: readonly SqliteMigration[] = [
  {
    version: 24,
    description: 'tables: definition version',
    sql: `ALTER TABLE tables ADD COLUMN version INTEGER NOT NULL DEFAULT 1;`,
  },
];
