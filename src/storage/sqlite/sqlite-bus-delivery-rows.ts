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
  readonly route: RouteKey;
}

/** Deliveries checked and serialised: a unit writes nothing before this succeeds. */
export type CheckedDeliveries = readonly CheckedDelivery[];

/**
 * Checks every delivery and serialises its target (once per target object: a PutEvents passes the
 * same target for every event matching its rule); throws, writing nothing, on a malformed one.
 */
export function checkDeliveries(deliveries: readonly NewDelivery[]): CheckedDeliveries {
  const routes = new Map<unknown, RouteKey[]>();
  return deliveries.map((d) => {
    const { id, bus, rule, targetId, eventId, payload, acceptedAt, dueAt } = d;
    if (typeof id !== 'string' || typeof bus !== 'string' || typeof rule !== 'string' || typeof targetId !== 'string'
      || typeof eventId !== 'string' || typeof payload !== 'string') {
      throw new StorageError(`delivery ${String(id)}: id, bus, rule, targetId, eventId and payload must be strings`);
    }
    checkTime(acceptedAt, 'acceptedAt');
    checkTime(dueAt, 'dueAt');
    return { id, dueAt, acceptedAt, eventId, payload, route: routeOf(routes, d) };
  });
}

/** The route of a delivery, shared with the deliveries before it of the same target object, bus, rule and target id. */
function routeOf(routes: Map<unknown, RouteKey[]>, d: NewDelivery): RouteKey {
  let seen = routes.get(d.target);
  if (seen === undefined) routes.set(d.target, (seen = []));
  for (const route of seen) if (route.bus === d.bus && route.rule === d.rule && route.targetId === d.targetId) return route;
  const target = seen[0]?.target ?? JSON.stringify(d.target);
  if (typeof target !== 'string') throw new StorageError(`delivery ${d.id}: target is not JSON`);
  const route = { bus: d.bus, rule: d.rule, targetId: d.targetId, target };
  seen.push(route);
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
