import type { Deployment } from '../../shared/arns.js';
import type { Logger } from '../../shared/logger.js';
import { StaleDocumentsError, type BusStore, type ExpectedDocument, type QueuedDelivery } from '../../storage/bus-store.js';
import type { BusActivity } from '../bus-activity.js';
import type { InlineQueueTargets } from '../delivery/queue-targets-inline.js';
import type { ArchiveDefinition, RuleDefinition } from '../bus-documents.js';
import type { BusEvent } from '../events/bus-event.js';
import { compileBusRoutes, type BusRoutes } from './bus-routes.js';
import { noRoutes, routeEvents, type RouteOptions, type RoutedEvents } from './route-events.js';

/** Events for one bus, as a caller hands them over. */
export interface BusEvents {
  readonly bus: string;
  readonly events: readonly BusEvent[];
  readonly options?: RouteOptions;
}

/** What accepting some events did. */
export interface AcceptResult {
  readonly deliveries: number;
  readonly archived: number;
  /** Buses named that do not exist: their events went nowhere. */
  readonly unknownBuses: readonly string[];
}

/**
 * Routes events to their buses' rules and archives, and stores the result. Each bus's rules and
 * archives are compiled once per version of its document and cached here. Rule and archive writes
 * bump that version in their own transaction, and the write that accepts events routed from the cache
 * expects the version they were routed with (or, uncached, the version is read first: two integers of
 * one row), so a change is seen by the next event on every node sharing the database — the cache can
 * be stale only by what it can see it is stale by.
 *
 * Deliveries to queues of this deployment are made in the accepting transaction when `queueTargets`
 * is given (see InlineQueueTargets); the others are stored for the delivery runner.
 *
 * Once stored, accepted events are reported to `activity` (with the rules each matched) when it has
 * listeners, and so are the deliveries made in the accepting transaction.
 */
export class EventRouter {
  readonly #store: BusStore;
  readonly #deployment: Deployment;
  readonly #logger: Logger;
  readonly #activity: BusActivity | undefined;
  readonly #queueTargets: InlineQueueTargets | undefined;
  readonly #cache = new Map<string, { readonly createdAt: number; readonly version: number; readonly routes: Promise<BusRoutes> }>();

  constructor(store: BusStore, deployment: Deployment, logger: Logger, activity?: BusActivity, queueTargets?: InlineQueueTargets) {
    this.#store = store;
    this.#deployment = deployment;
    this.#logger = logger;
    this.#activity = activity;
    this.#queueTargets = queueTargets;
  }

  /** The routes of `bus` as of its current version, or undefined when the bus does not exist. */
  async routesOf(bus: string): Promise<BusRoutes | undefined> {
    const document = await this.#store.documentVersion('bus', '', bus);
    if (!document) {
      this.#cache.delete(bus);
      return undefined;
    }
    const cached = this.#cache.get(bus);
    // A bus deleted and created again starts again at version 1: its creation time tells them apart.
    if (cached && cached.createdAt === document.createdAt && cached.version >= document.version) return cached.routes;
    const routes = this.#compile(bus, document.version);
    const entry = { createdAt: document.createdAt, version: document.version, routes };
    // A call that read an older version than the one cached (it raced a rule write) does not replace it.
    if (!cached || cached.createdAt !== document.createdAt || cached.version < document.version) this.#cache.set(bus, entry);
    // A failed compilation (a storage error) is not kept: the next call tries again.
    routes.catch(() => this.#cache.get(bus) === entry && this.#cache.delete(bus));
    return routes;
  }

  /**
   * Routes the events of each bus and stores their deliveries and archive entries in one durable
   * write; resolves once it is on disk. Events for a bus that does not exist are not routed; the
   * answer names those buses (PutEvents drops their events silently, as AWS does; a bus target fails).
   *
   * A bus whose routes are cached is routed with no read first: the write expects the bus at the
   * cached version, and when another write moved it (a rule changed, on this node or another) the
   * write is refused whole and the events are routed again from the current version.
   */
  async accept(batches: readonly BusEvents[], now: number): Promise<AcceptResult> {
    try {
      return await this.#acceptOnce(batches, now, true);
    } catch (error) {
      if (!(error instanceof StaleDocumentsError)) throw error;
      return this.#acceptOnce(batches, now, false);
    }
  }

  async #acceptOnce(batches: readonly BusEvents[], now: number, cached: boolean): Promise<AcceptResult> {
    const activity = this.#activity?.listening ? this.#activity : undefined;
    const expected = new Map<string, ExpectedDocument>();
    const routes = await Promise.all(
      batches.map((batch) => {
        const entry = cached ? this.#cache.get(batch.bus) : undefined;
        if (entry === undefined) return this.routesOf(batch.bus);
        expected.set(batch.bus, { kind: 'bus', scope: '', name: batch.bus, version: entry.version, createdAt: entry.createdAt });
        return entry.routes;
      }),
    );
    const routed = noRoutes(activity !== undefined);
    const unknownBuses: string[] = [];
    batches.forEach((batch, i) => {
      const bus = routes[i];
      if (bus) routeEvents(bus, batch.events, now, routed, batch.options);
      else unknownBuses.push(batch.bus);
    });
    let queued: readonly QueuedDelivery[] = [];
    let queuedTo: ReadonlySet<number> = new Set();
    // Even with nothing to store, routes taken from the cache are checked: the current ones might have matched.
    if (routed.deliveries.length > 0 || routed.archived.length > 0 || expected.size > 0) {
      const split = this.#queueTargets && routed.deliveries.length > 0 ? await this.#queueTargets.split(routed.deliveries, now) : undefined;
      queued = split?.queued ?? [];
      const deliveries = split?.rest ?? routed.deliveries;
      const outcome = await this.#store.acceptEvents({
        deliveries,
        archived: routed.archived,
        ...(queued.length > 0 && { queued }),
        ...(expected.size > 0 && { expected: [...expected.values()] }),
        now,
      });
      queuedTo = new Set(outcome.queuedTo);
      if (queued.length > 0) this.#queueTargets!.committed(queued, queuedTo);
    }
    if (activity) {
      this.#report(activity, batches, routes, routed, now);
      for (const { delivery, queueId } of queued) {
        if (queuedTo.has(queueId)) activity.attempted({ ...delivery, attempts: 0 }, { id: delivery.id, kind: 'delivered' }, now, now);
      }
    }
    return { deliveries: routed.deliveries.length, archived: routed.archived.length, unknownBuses };
  }

  /** Reports what `accept` stored, bus by bus in the order given (routed.observed follows that order). */
  #report(activity: BusActivity, batches: readonly BusEvents[], routes: readonly (BusRoutes | undefined)[], routed: RoutedEvents, now: number): void {
    let next = 0;
    batches.forEach((batch, i) => {
      if (!routes[i]) {
        activity.accepted(batch.bus, batch.events.map((event) => ({ event, matched: [], archivedBy: [] })), now, true);
        return;
      }
      activity.accepted(batch.bus, routed.observed!.slice(next, (next += batch.events.length)), now);
    });
  }

  async #compile(bus: string, version: number): Promise<BusRoutes> {
    const [rules, archives] = await Promise.all([
      this.#store.listDocuments<RuleDefinition>('rule', bus),
      this.#store.listDocuments<ArchiveDefinition>('archive', ''),
    ]);
    return compileBusRoutes(bus, version, rules, archives, this.#deployment, this.#logger);
  }
}
