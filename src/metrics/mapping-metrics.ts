import type { BatchDestination } from '../triggers/batch-destination.js';
import type { CounterFamily } from './instruments.js';
import type { MetricsRegistry } from './metrics-registry.js';

/**
 * Batches event source mappings and pipes handed to their destination on this node, per mapping (an
 * ESM's UUID, a pipe's ARN: the ids `GET /_eddy/mappings` shows).
 */
export class MappingMetrics {
  readonly batches: CounterFamily;
  readonly errors: CounterFamily;
  readonly retries: CounterFamily;

  constructor(registry: MetricsRegistry) {
    this.batches = registry.counter('eddy_mapping_batches_total', 'Batches a mapping or pipe delivered to its function or target on this node (each attempt, retries and bisected halves included), by mapping.', ['mapping']);
    this.errors = registry.counter('eddy_mapping_errors_total', 'Deliveries of a batch that failed (a function error, a target that refused, or one never reached), by mapping.', ['mapping']);
    this.retries = registry.counter('eddy_mapping_retries_total', 'Deliveries of a stream batch after its first (retries and bisected halves), by mapping.', ['mapping']);
  }

  /** `destination`, counting what it is handed for `mapping`. */
  counted(mapping: string, destination: BatchDestination): BatchDestination {
    const batches = this.batches.labels(mapping);
    const errors = this.errors.labels(mapping);
    const retries = this.retries.labels(mapping);
    return {
      arn: destination.arn,
      ...(destination.event && { event: (records: string) => destination.event!(records) }),
      ...(destination.sharesCommits !== undefined && { sharesCommits: destination.sharesCommits }),
      deliver: async (payload, attempt, records) => {
        batches.inc();
        if (attempt > 1) retries.inc();
        try {
          const outcome = await destination.deliver(payload, attempt, records);
          if (outcome.functionError !== undefined) errors.inc();
          return outcome;
        } catch (error) {
          errors.inc();
          throw error;
        }
      },
    };
  }
}

/** `destination` counted by `metrics` when there are metrics (the runtimes take them optionally). */
export function countedDestination(metrics: MappingMetrics | undefined, mapping: string, destination: BatchDestination): BatchDestination {
  return metrics ? metrics.counted(mapping, destination) : destination;
}
