import { defineConfig } from 'eddy';

// `holder` holds a batch with a record keyed "hold:<name>" until the test writes "<name>-release" in Notes.
export default defineConfig({
  tables: {
    Notes: { partitionKey: { name: 'id', type: 'S' } },
  },
  functions: {
    holder: { handler: 'handlers.ts#holder', timeout: 60 },
  },
});
