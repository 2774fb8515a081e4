import type { AcceptedEvent } from '../bus/bus-activity.js';
import type { DeliveryOutcome, StoredDelivery } from '../storage/bus-store.js';
import type { Counter, CounterFamily } from './instruments.js';
import type { MetricsRegistry } from './metrics-registry.js';

/** What a delivery's outcome is called in the `outcome` label. */
const OUTCOMES = { delivered: 'delivered', retry: 'retried', dropped: 'dropped', 'dead-lettered': 'dead_lettered' } as const;

/**
 * The event bus on this node: events accepted, the rules they matched, and each delivery attempt's
 * outcome. Told by BusActivity (what the router, the firing loop and the delivery runner report), so it
 * counts what `eddy events tail` would show.
 */
export class BusMetrics {
  readonly #put: CounterFamily;
  readonly #matched: CounterFamily;
  readonly #deliveries: CounterFamily;
  /** Children by bus, then rule (then outcome): PutEvents is a hot path, no label text is built twice. */
  readonly #putByBus = new Map<string, Counter>();
  readonly #matchedByRule = new Map<string, Map<string, Counter>>();
  readonly #outcomes = new Map<string, Map<string, Map<string, Counter>>>();

  constructor(registry: MetricsRegistry) {
    this.#put = registry.counter('eddy_bus_events_put_total', 'Events this node accepted on a bus (PutEvents entries, scheduled rules\' events, replayed events), by bus.', ['bus']);
    this.#matched = registry.counter('eddy_bus_events_matched_total', 'Events that matched a rule, by bus and rule (an event matching two rules counts once for each).', ['bus', 'rule']);
    this.#deliveries = registry.counter(
      'eddy_bus_deliveries_total',
      'Attempts at delivering an event to a rule\'s target, by bus, rule and outcome: delivered, retried (failed, tried again later), deferred (a rate-limited API destination: not attempted), dropped (retries exhausted, no dead-letter queue), dead_lettered.',
      ['bus', 'rule', 'outcome'],
    );
  }

  /** Events stored on `bus` (none when the bus does not exist: PutEvents drops them). */
  accepted(bus: string, events: readonly AcceptedEvent[], busMissing: boolean): void {
    if (busMissing) return;
    let put = this.#putByBus.get(bus);
    if (!put) this.#putByBus.set(bus, (put = this.#put.labels(bus)));
    put.inc(events.length);
    let rules: Map<string, Counter> | undefined;
    for (const { matched } of events) {
      for (const rule of matched) {
        rules ??= this.#matchedByRule.get(bus) ?? this.#matchedByRule.set(bus, new Map()).get(bus)!;
        let counter = rules.get(rule);
        if (!counter) rules.set(rule, (counter = this.#matched.labels(bus, rule)));
        counter.inc();
      }
    }
  }

  attempted(delivery: Pick<StoredDelivery, 'bus' | 'rule'>, outcome: DeliveryOutcome): void {
    const name = outcome.kind === 'retry' && outcome.deferred ? 'deferred' : OUTCOMES[outcome.kind];
    const rules = this.#outcomes.get(delivery.bus) ?? this.#outcomes.set(delivery.bus, new Map()).get(delivery.bus)!;
    const outcomes = rules.get(delivery.rule) ?? rules.set(delivery.rule, new Map()).get(delivery.rule)!;
    let counter = outcomes.get(name);
    if (!counter) outcomes.set(name, (counter = this.#deliveries.labels(delivery.bus, delivery.rule, name)));
    counter.inc();
  }
}
