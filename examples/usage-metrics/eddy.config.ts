import { defineConfig } from 'eddy';

/**
 * Usage events in, per-minute metrics out: a tumbling-window stream trigger sums each window's events per
 * (tenant, minute) in its state and adds the sums to `metrics` once, when the window closes.
 */
export default defineConfig({
  tables: {
    // One item per usage event: sk is `at#id`, so a tenant's events sort by event time.
    usage: {
      partitionKey: { name: 'tenant', type: 'S' },
      sortKey: { name: 'sk', type: 'S' },
      stream: 'NEW_IMAGE',
    },
    // One item per (tenant, minute of event time): `count` events, `units` summed.
    metrics: {
      partitionKey: { name: 'tenant', type: 'S' },
      sortKey: { name: 'minute', type: 'S' },
    },
    // One marker per flushed window part, written in the same transaction as its sums: a retried final
    // invocation finds it and adds nothing twice. Markers expire after a week.
    'metric-windows': {
      partitionKey: { name: 'window', type: 'S' },
      ttlAttribute: 'expiresAt',
    },
  },
  functions: {
    aggregateUsage: {
      handler: 'src/aggregate-usage.ts#handler',
      timeout: 30,
      environment: { METRICS_TABLE: 'metrics', WINDOWS_TABLE: 'metric-windows' },
      events: [
        {
          stream: {
            table: 'usage',
            batchSize: 1000,
            startingPosition: 'TRIM_HORIZON',
            // A new event is an INSERT; rewriting an event (same tenant and sk) must not count it twice.
            filterPatterns: [{ eventName: ['INSERT'] }],
            // Seconds. Short, so metrics show up quickly while you watch; AWS allows up to 900.
            tumblingWindow: 2,
          },
        },
      ],
    },
  },
});
