import { defineConfig } from 'eddy';

export default defineConfig({
  queues: {
    seen: {},
  },
  functions: {
    // Reports each batch with when it started and ended (it takes 40 ms, 300 ms with a "slow" item's first version).
    timed: { handler: 'handlers.ts#timed' },
    // A tumbling-window aggregator: reports each invocation's window members and returns the count of records seen.
    windowed: { handler: 'handlers.ts#windowed' },
    // Fails any batch holding a record whose pk starts with "poison".
    failing: { handler: 'handlers.ts#failing' },
  },
});
