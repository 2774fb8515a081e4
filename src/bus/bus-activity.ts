import type { DeliveryOutcome, StoredDelivery } from '../storage/bus-store.js';
import type { DeliveryTarget } from './delivery/delivery-target.js';
import { eventTimeText, type BusEvent } from './events/bus-event.js';
import type { BusMetrics } from '../metrics/bus-metrics.js';

/**
 * An event accepted on a bus: what `eddy events tail` prints and the admin feed sends. Plain JSON, made
 * only from what storage also keeps (the event, the deliveries it made, the archives that kept it), so a
 * source reading storage can produce the same messages.
 */
export interface EventActivity {
  readonly type: 'event';
  readonly bus: string;
  readonly id: string;
  readonly source: string;
  readonly detailType: string;
  /** The event's `time` as targets see it (RFC 3339, whole seconds; a producer may set it). */
  readonly time: string;
  /** When it was accepted (ISO 8601, ms). */
  readonly acceptedAt: string;
  readonly resources: readonly string[];
  readonly replayName?: string;
  /** The rules it matched, by name (a scheduled rule's event: that rule). */
  readonly matched: readonly string[];
  /** The archives that kept it. */
  readonly archivedBy: readonly string[];
  /** The bus does not exist: the event was dropped (as PutEvents does, silently). */
  readonly busMissing?: true;
}

/** One attempt at delivering an event to a rule's target, and what became of it. */
export interface DeliveryActivity {
  readonly type: 'delivery';
  readonly bus: string;
  readonly rule: string;
  readonly targetId: string;
  readonly targetArn: string;
  readonly eventId: string;
  /** `deferred`: no attempt was made — its target is at its rate limit — and it waits until `nextAttemptAt`. */
  readonly outcome: DeliveryOutcome['kind'] | 'deferred';
  /** The number of this attempt (1 for the first; for a deferral, the attempt that waits). */
  readonly attempt: number;
  /** Why it failed (`CODE: message`); absent when delivered. */
  readonly error?: string;
  /** A retry: when the next attempt is due (ISO 8601). */
  readonly nextAttemptAt?: string;
  /** Dead-lettered: the queue that received it. */
  readonly deadLetterArn?: string;
  readonly durationMs: number;
  /** When the attempt ended (ISO 8601). */
  readonly at: string;
}

export type BusActivityMessage = EventActivity | DeliveryActivity;

/** Where the admin feed reads activity from: this process's observer today, storage one day. */
export interface BusActivitySource {
  /** Calls `listener` with every message about `bus` (every bus when undefined) from now on; returns an unsubscribe function. */
  subscribe(bus: string | undefined, listener: (message: BusActivityMessage) => void): () => void;
}

/** An accepted event as the router knows it: matched rule names and archives, before any message is made. */
export interface AcceptedEvent {
  readonly event: BusEvent;
  readonly matched: readonly string[];
  readonly archivedBy: readonly string[];
}

/**
 * The bus's activity in this process: the router reports the events it accepted, the firing loop the
 * scheduled events it fired, the delivery runner each attempt's outcome. A live view of this node only —
 * with several nodes sharing a database, events accepted and deliveries made by the others are not seen
 * here (a source reading storage can replace this one behind BusActivitySource).
 *
 * Reporters check `listening` first and build nothing when it is false: PutEvents is a hot path.
 * `metrics` (the node's bus counters) listen always when given.
 */
export class BusActivity implements BusActivitySource {
  readonly #listeners = new Set<{ readonly bus: string | undefined; readonly listener: (message: BusActivityMessage) => void }>();

  readonly #metrics: BusMetrics | undefined;

  constructor(metrics?: BusMetrics) {
    this.#metrics = metrics;
  }

  /** Whether anyone listens: when not, reporters skip building their reports. */
  get listening(): boolean {
    return this.#metrics !== undefined || this.#listeners.size > 0;
  }

  subscribe(bus: string | undefined, listener: (message: BusActivityMessage) => void): () => void {
    const entry = { bus, listener };
    this.#listeners.add(entry);
    return () => this.#listeners.delete(entry);
  }

  /** Events accepted (stored) on `bus` at `now`; `busMissing` when the bus does not exist and they were dropped. */
  accepted(bus: string, events: readonly AcceptedEvent[], now: number, busMissing = false): void {
    this.#metrics?.accepted(bus, events, busMissing);
    if (this.#listeners.size === 0) return;
    const acceptedAt = new Date(now).toISOString();
    for (const { event, matched, archivedBy } of events) {
      this.#emit({
        type: 'event',
        bus,
        id: event.id,
        source: event.source,
        detailType: event.detailType,
        time: eventTimeText(event.time),
        acceptedAt,
        resources: event.resources,
        ...(event.replayName !== undefined && { replayName: event.replayName }),
        matched,
        archivedBy,
        ...(busMissing && { busMissing: true as const }),
      });
    }
  }

  /** An attempt at `delivery`, begun at `startedAt` and ended at `endedAt` with `outcome`. */
  attempted(delivery: StoredDelivery, outcome: DeliveryOutcome, startedAt: number, endedAt: number): void {
    this.#metrics?.attempted(delivery, outcome);
    if (this.#listeners.size === 0) return;
    const target = (delivery.target as DeliveryTarget).target;
    const deadLetterArn = target.DeadLetterConfig?.Arn;
    this.#emit({
      type: 'delivery',
      bus: delivery.bus,
      rule: delivery.rule,
      targetId: delivery.targetId,
      targetArn: target.Arn,
      eventId: delivery.eventId,
      outcome: outcome.kind === 'retry' && outcome.deferred ? 'deferred' : outcome.kind,
      attempt: delivery.attempts + 1,
      ...(outcome.kind !== 'delivered' && { error: outcome.error }),
      ...(outcome.kind === 'retry' && { nextAttemptAt: new Date(outcome.dueAt).toISOString() }),
      ...(outcome.kind === 'dead-lettered' && deadLetterArn !== undefined && { deadLetterArn }),
      durationMs: Math.max(0, endedAt - startedAt),
      at: new Date(endedAt).toISOString(),
    });
  }

  /** A listener that throws (a bug) must not fail the PutEvents or the delivery that reported. */
  #emit(message: BusActivityMessage): void {
    for (const { bus, listener } of this.#listeners) {
      if (bus !== undefined && bus !== message.bus) continue;
      try {
        listener(message);
      } catch {}
    }
  }
}
