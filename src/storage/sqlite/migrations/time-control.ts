import type { SqliteMigration } from '../sqlite-migrations.js';

/** Migration 17: time control (`eddy time`). */
export const TIME_CONTROL: readonly SqliteMigration[] = [
  {
    version: 17,
    description: 'time control: the offset of Eddy\'s clock from the wall clock, with its version',
    // At most one row (id 1); none means offset 0, version 0. The version grows by one on every change,
    // so a node that cached the offset sees a change made elsewhere by reading one integer.
    sql: `
      CREATE TABLE time_offset (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        offset_ms INTEGER NOT NULL,
        version INTEGER NOT NULL
      ) STRICT;
    `,
  },
];
