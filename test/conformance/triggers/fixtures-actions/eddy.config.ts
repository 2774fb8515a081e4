import { defineConfig } from 'eddy';

// `flaky` throws for a batch holding a record named "poison:<switch>" until the Switches table holds an
// item named <switch> (a test "fixes" it by writing that item); every batch it handles is sent to `seen`.
export default defineConfig({
  tables: {
    Switches: { partitionKey: { name: 'name', type: 'S' } },
  },
  queues: {
    seen: {},
    failures: {},
  },
  functions: {
    flaky: { handler: 'handlers.ts#flaky' },
  },
});
