import type { PostgresMigration } from '../postgres-migrations.js';

/** Migration 10: async invocations are claimed with a lease (issue 22), as SQLite's migration 22. */
export const ASYNC_INVOCATION_LEASES: readonly PostgresMigration[] = [
  {
    version: 10,
    description: 'async invocations: lease owner and expiry',
    // NULL while unleased; a claim (UPDATE … RETURNING, the batch one over FOR UPDATE SKIP LOCKED) sets
    // both, a reschedule clears them, a claim at or after lease_until takes a dead owner's event over.
    sql: `
      ALTER TABLE async_invocations ADD COLUMN lease_owner text;
      ALTER TABLE async_invocations ADD COLUMN lease_until bigint;
    `,
  },
];
