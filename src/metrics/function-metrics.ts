import type { InvokeResult } from '../functions/invocation-run.js';
import type { Counter, CounterFamily, Histogram, HistogramFamily } from './instruments.js';
import type { MetricsRegistry } from './metrics-registry.js';

/** Invocation durations, in seconds: a millisecond to Lambda's 15-minute limit. */
export const FUNCTION_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900];

interface FunctionInstruments {
  readonly invocations: Counter;
  readonly errors: Counter;
  readonly duration: Histogram;
}

/** Invocations this node ran, per function: told by FunctionRuntime when each ends. */
export class FunctionMetrics {
  readonly #invocations: CounterFamily;
  readonly #errors: CounterFamily;
  readonly #duration: HistogramFamily;
  readonly #byName = new Map<string, FunctionInstruments>();

  constructor(registry: MetricsRegistry) {
    this.#invocations = registry.counter('eddy_function_invocations_total', 'Invocations this node ran (synchronous, asynchronous, from mappings, pipes, the bus and HTTP routes), by function.', ['function']);
    this.#errors = registry.counter('eddy_function_errors_total', 'Invocations that ended in a function error (thrown, timed out, crashed, or the code does not build), by function.', ['function']);
    this.#duration = registry.histogram('eddy_function_duration_seconds', 'How long invocations ran (Lambda\'s Duration), by function.', ['function'], FUNCTION_BUCKETS);
  }

  invoked(name: string, result: Pick<InvokeResult, 'functionError' | 'durationMs'>): void {
    let found = this.#byName.get(name);
    if (!found) this.#byName.set(name, (found = { invocations: this.#invocations.labels(name), errors: this.#errors.labels(name), duration: this.#duration.labels(name) }));
    found.invocations.inc();
    if (result.functionError !== undefined) found.errors.inc();
    found.duration.observe(result.durationMs / 1000);
  }
}
