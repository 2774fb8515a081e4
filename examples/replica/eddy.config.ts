import { defineConfig } from 'eddy';

/** A second table kept equal to the first by a stream trigger: every insert, update and delete is replayed. */
export default defineConfig({
  tables: {
    source: {
      partitionKey: { name: 'pk', type: 'S' },
      sortKey: { name: 'sk', type: 'N' },
      stream: 'NEW_AND_OLD_IMAGES',
    },
    replica: {
      partitionKey: { name: 'pk', type: 'S' },
      sortKey: { name: 'sk', type: 'N' },
    },
  },
  functions: {
    replicate: {
      handler: 'src/replicate.ts#handler',
      timeout: 30,
      environment: { REPLICA_TABLE: 'replica' },
      events: [{ stream: { table: 'source', batchSize: 100, startingPosition: 'TRIM_HORIZON' } }],
    },
  },
});
