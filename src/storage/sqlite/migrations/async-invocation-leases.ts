import type { SqliteMigration } from '../sqlite-migrations.js';

/** Migration 22: async invocations are claimed with a lease (issue 22), as bus deliveries and Scheduler executions are. */
export const ASYNC_INVOCATION_LEASES: readonly SqliteMigration[] = [
  {
    version: 22,
    description: 'async invocations: lease owner and expiry',
    // lease_owner and lease_until are NULL while an event is unleased; a claim sets both, a reschedule
    // clears them, and a claim at or after lease_until takes a dead owner's event over.
    sql: `
      ALTER TABLE async_invocations ADD COLUMN lease_owner TEXT;
      ALTER TABLE async_invocations ADD COLUMN lease_until INTEGER;
    `,
  },
];
