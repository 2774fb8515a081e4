import type { PostgresMigration } from '../postgres-migrations.js';

/** Migration 1: time control (`eddy time`), as SQLite's migration 17 (time-control.ts there). */
export const TIME_CONTROL: readonly PostgresMigration[] = [
  {
    version: 1,
    description: "time control: the offset of Eddy's clock from the wall clock, with its version",
    // Exactly one row (id 1), inserted here at offset 0, version 0 — what SQLite reads when it has none.
    // Because the row always exists, a change can lock it (SELECT … FOR UPDATE) before deciding: with no
    // row to lock, two first changes at once would both decide against version 0.
    sql: `
      CREATE TABLE time_offset (
        id smallint PRIMARY KEY CHECK (id = 1),
        offset_ms bigint NOT NULL,
        version bigint NOT NULL
      );
      INSERT INTO time_offset (id, offset_ms, version) VALUES (1, 0, 0);
    `,
  },
];
