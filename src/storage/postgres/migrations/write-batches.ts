import type { PostgresMigration } from '../postgres-migrations.js';

/**
 * Migration 18: a function that fails a statement. An item write sends its stream append and COMMIT in one
 * round trip (postgres-write-batch.ts), so an append that finds its shard closed must abort the
 * transaction rather than answer no row, as it did when Eddy read that answer before committing.
 */
export const WRITE_BATCHES: readonly PostgresMigration[] = [
  {
    version: 18,
    description: 'item writes: eddy_shard_closed() fails an append to a closed stream shard',
    sql: `
      CREATE FUNCTION eddy_shard_closed(shard bigint) RETURNS bigint LANGUAGE plpgsql VOLATILE AS $$
      BEGIN
        RAISE EXCEPTION 'stream shard % is closed', shard USING ERRCODE = 'ED001';
      END
      $$;
    `,
  },
];
