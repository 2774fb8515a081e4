import { defineConfig } from 'eddy';

// Handlers fail for items (stream records by pk, queue messages by body) named "<prefix>:<switch>" until
// the Switches table holds an item named <switch>: a test "fixes" a handler by writing it.
export default defineConfig({
  tables: {
    Switches: { partitionKey: { name: 'name', type: 'S' } },
  },
  queues: {
    // Failed messages come back after a second (of Eddy's clock).
    jobs: { visibilityTimeout: 1 },
  },
  functions: {
    // ReportBatchItemFailures: names each "stuck:…" record (by SequenceNumber) or message (by messageId) as failed.
    stubborn: { handler: 'handlers.ts#stubborn' },
    // Throws Error("SMTP refused") for a batch holding a "poison:…" record.
    throwing: { handler: 'handlers.ts#throwing' },
    // Runs past its 1 s timeout for a batch holding a "slow:…" record.
    sleepy: { handler: 'handlers.ts#sleepy', timeout: 1 },
  },
});
