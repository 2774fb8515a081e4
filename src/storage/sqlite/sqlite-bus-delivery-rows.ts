import type { DeliveryOutcome, NewDelivery, StoredDelivery } from '../bus-store.js';
import { checkTime } from './sqlite-bus-documents.js';
import type { RouteKey, SqliteBusDeliveryRoutes } from './sqlite-bus-delivery-routes.js';
import { StorageError } from './sqlite-errors.js';

/** A bus_deliveries row as claims and status reads return it (columns RETURNED). */
export interface DeliveryRow {
  seq: number;
  id: string;
  route: number;
  event_id: string;
  payload: string;
  accepted_at: number;
  due_at: number;
  attempts: number;
  last_error: string | null;
}

export const RETURNED = 'seq, id, route, event_id, payload, accepted_at, due_at, attempts, last_error';

/** A delivery checked and serialised, ready to insert once its route has an id. */
export interface CheckedDelivery {
  readonly id: string;
  readonly dueAt: number;
  readonly acceptedAt: number;
  readonly eventId: string;
  readonly payload: string;
  /** Shared by the deliveries of the call with the same route. */
  readonly route: CheckedRoute;
}

/** A delivery's route: its id when the routes know its target object, else its key (the target as JSON text) to find or add it by. */
export type CheckedRoute = { readonly id: number } | { readonly key: RouteKey; readonly object: unknown };

/** Deliveries checked and serialised: a unit writes nothing before this succeeds. */
export type CheckedDeliveries = readonly CheckedDelivery[];

/**
 * Checks every delivery and serialises its target (once per target object: a PutEvents passes the
 * same target for every event matching its rule; not at all when `routes` knows the object already);
 * throws, writing nothing, on a malformed one.
 */
export function checkDeliveries(deliveries: readonly NewDelivery[], routes: SqliteBusDeliveryRoutes): CheckedDeliveries {
  const seen = new Map<unknown, (RouteKey & { readonly route: CheckedRoute })[]>();
  return deliveries.map((d) => {
    const { id, bus, rule, targetId, eventId, payload, acceptedAt, dueAt } = d;
    if (typeof id !== 'string' || typeof bus !== 'string' || typeof rule !== 'string' || typeof targetId !== 'string'
      || typeof eventId !== 'string' || typeof payload !== 'string') {
      throw new StorageError(`delivery ${String(id)}: id, bus, rule, targetId, eventId and payload must be strings`);
    }
    checkTime(acceptedAt, 'acceptedAt');
    checkTime(dueAt, 'dueAt');
    return { id, dueAt, acceptedAt, eventId, payload, route: routeOf(seen, routes, d) };
  });
}

/** The route of a delivery, shared with the deliveries before it of the same target object, bus, rule and target id. */
function routeOf(seen: Map<unknown, (RouteKey & { readonly route: CheckedRoute })[]>, routes: SqliteBusDeliveryRoutes, d: NewDelivery): CheckedRoute {
  let ofTarget = seen.get(d.target);
  if (ofTarget === undefined) seen.set(d.target, (ofTarget = []));
  for (const known of ofTarget) if (known.bus === d.bus && known.rule === d.rule && known.targetId === d.targetId) return known.route;
  const id = routes.known(d.target, d.bus, d.rule, d.targetId);
  let route: CheckedRoute;
  let target = '';
  if (id !== undefined) route = { id };
  else {
    target = ofTarget.find((known) => known.target !== '')?.target ?? JSON.stringify(d.target);
    if (typeof target !== 'string') throw new StorageError(`delivery ${d.id}: target is not JSON`);
    route = { key: { bus: d.bus, rule: d.rule, targetId: d.targetId, target }, object: d.target };
  }
  ofTarget.push({ bus: d.bus, rule: d.rule, targetId: d.targetId, target, route });
  return route;
}

/** Throws, writing nothing, on a malformed outcome. */
export function checkOutcome(outcome: DeliveryOutcome): void {
  const { id, kind } = outcome;
  if (typeof id !== 'string') throw new StorageError('an outcome has no delivery id');
  if (kind === 'delivered') return;
  if (kind !== 'retry' && kind !== 'dropped' && kind !== 'dead-lettered') throw new StorageError(`unknown outcome ${String(kind)}`);
  if (typeof outcome.error !== 'string') throw new StorageError(`outcome ${kind} of ${id} needs an error`);
  if (kind !== 'retry') return;
  checkTime(outcome.dueAt, 'dueAt');
  if (!Number.isSafeInteger(outcome.attempts) || outcome.attempts < 0) {
    throw new StorageError(`attempts must be a count, got ${outcome.attempts}`);
  }
}

/** Rows as deliveries; those of one route share its target object (parsed once, by the routes). */
export function toDeliveries(rows: readonly DeliveryRow[], routes: SqliteBusDeliveryRoutes): StoredDelivery[] {
  return rows.map((row) => {
    const route = routes.get(row.route);
    return {
      id: row.id,
      bus: route.bus,
      rule: route.rule,
      targetId: route.targetId,
      eventId: row.event_id,
      payload: row.payload,
      target: route.target,
      acceptedAt: row.accepted_at,
      dueAt: row.due_at,
      attempts: row.attempts,
      ...(row.last_error !== null && { lastError: row.last_error }),
    };
  });
}
