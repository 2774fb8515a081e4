import type { DeliveryOutcome, NewDelivery, StoredDelivery } from '../bus-store.js';
import { checkTime } from './sqlite-bus-documents.js';
import { StorageError } from './sqlite-errors.js';

/** A bus_deliveries row as claims and status reads return it (columns RETURNED). */
export interface DeliveryRow {
  seq: number;
  id: string;
  bus: string;
  rule: string;
  target_id: string;
  event_id: string;
  payload: string;
  target: string;
  accepted_at: number;
  due_at: number;
  attempts: number;
  last_error: string | null;
}

export type Insert = [
  id: string,
  claimableAt: number,
  dueAt: number,
  acceptedAt: number,
  bus: string,
  rule: string,
  targetId: string,
  eventId: string,
  target: string,
  payload: string,
];

/** Deliveries checked and serialised, ready to insert: a unit writes nothing before this succeeds. */
export type CheckedDeliveries = readonly Insert[];

export const RETURNED = 'seq, id, bus, rule, target_id, event_id, payload, target, accepted_at, due_at, attempts, last_error';

/**
 * Checks every delivery and serialises its target (once per target object: a PutEvents passes the
 * same target for every event matching its rule); throws, writing nothing, on a malformed one.
 */
export function checkDeliveries(deliveries: readonly NewDelivery[]): CheckedDeliveries {
  const targets = new Map<unknown, string>();
  return deliveries.map((d) => {
    const { id, bus, rule, targetId, eventId, payload, acceptedAt, dueAt } = d;
    if (typeof id !== 'string' || typeof bus !== 'string' || typeof rule !== 'string' || typeof targetId !== 'string'
      || typeof eventId !== 'string' || typeof payload !== 'string') {
      throw new StorageError(`delivery ${String(id)}: id, bus, rule, targetId, eventId and payload must be strings`);
    }
    checkTime(acceptedAt, 'acceptedAt');
    checkTime(dueAt, 'dueAt');
    let target = targets.get(d.target);
    if (target === undefined) {
      target = JSON.stringify(d.target);
      if (typeof target !== 'string') throw new StorageError(`delivery ${id}: target is not JSON`);
      targets.set(d.target, target);
    }
    return [id, dueAt, dueAt, acceptedAt, bus, rule, targetId, eventId, target, payload];
  });
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

/** Parses each distinct target text once: deliveries to one target carry the same text. */
export function toDeliveries(rows: readonly DeliveryRow[]): StoredDelivery[] {
  const targets = new Map<string, unknown>();
  return rows.map((row) => {
    let target = targets.get(row.target);
    if (target === undefined) {
      target = JSON.parse(row.target) as unknown;
      targets.set(row.target, target);
    }
    return toDelivery(row, target);
  });
}

function toDelivery(row: DeliveryRow, target: unknown): StoredDelivery {
  return {
    id: row.id,
    bus: row.bus,
    rule: row.rule,
    targetId: row.target_id,
    eventId: row.event_id,
    payload: row.payload,
    target,
    acceptedAt: row.accepted_at,
    dueAt: row.due_at,
    attempts: row.attempts,
    ...(row.last_error !== null && { lastError: row.last_error }),
  };
}
