import { defineConfig } from 'eddy';

export default defineConfig({
  queues: {
    jobs: {},
    retry: { deadLetter: { queue: 'retry-dlq', maxReceiveCount: 2 } },
    'retry-dlq': {},
    partial: {},
    filtered: {},
    busy: {},
    configured: {},
    'orders.fifo': { fifo: true, contentBasedDeduplication: true },
    'steps.fifo': { fifo: true, contentBasedDeduplication: true },
  },
  functions: {
    // Succeeds and answers with the bodies it got.
    ok: { handler: 'handlers.ts#ok' },
    // Fails any batch holding a body that starts with "fail".
    failing: { handler: 'handlers.ts#failing' },
    // Reports the messages whose body starts with "bad" as failed (ReportBatchItemFailures).
    partial: { handler: 'handlers.ts#partial' },
    // Answers a batchItemFailures item with an empty itemIdentifier.
    unreadable: { handler: 'handlers.ts#unreadable' },
    // Fails a batch holding a body ending in "!" the first time that message is received.
    flaky: { handler: 'handlers.ts#flaky' },
    configured: {
      handler: 'handlers.ts#ok',
      events: [{ queue: { name: 'configured', batchSize: 5, maximumConcurrency: 3, filterPatterns: [{ body: { kind: ['order'] } }] } }],
    },
  },
});
