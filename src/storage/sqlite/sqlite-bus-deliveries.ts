import type { Database, Statement } from 'better-sqlite3';
import type { DeliveryOutcome, NewDelivery, StoredDelivery } from '../bus-store.js';
import { Counter, type CounterDeltas } from './sqlite-bus-counters.js';
import { checkTime } from './sqlite-bus-documents.js';
import { StorageError } from './sqlite-errors.js';

interface DeliveryRow {
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

type Insert = [id: string, claimableAt: number, dueAt: number, acceptedAt: number, bus: string, rule: string, targetId: string, eventId: string, target: string, payload: string];
type Settled = { bus: string; rule: string; target_id: string };
type Retry = [attempts: number, dueAt: number, claimableAt: number, error: string, id: string, owner: string];

/** Deliveries checked and serialised, ready to insert: a unit writes nothing before this succeeds. */
export type CheckedDeliveries = readonly Insert[];

const RETURNED = 'seq, id, bus, rule, target_id, event_id, payload, target, accepted_at, due_at, attempts, last_error';

/**
 * bus_deliveries (migration 9). Leases follow claimable_at: a claim sets it to the lease's expiry, a
 * retry and a release set it back to due_at. Write methods run inside the caller's transaction and
 * record what they change in `deltas`, which the caller writes in the same transaction.
 */
export class SqliteBusDeliveries {
  readonly #insert: Statement<Insert>;
  readonly #claim: Statement<[owner: string, until: number, now: number, limit: number], DeliveryRow>;
  readonly #remove: Statement<[id: string, owner: string], Settled & { attempts: number }>;
  readonly #retryFirst: Statement<Retry, Settled>;
  readonly #retryAgain: Statement<Retry, Settled>;
  readonly #nextDue: Statement<[], { at: number | null }>;
  readonly #pending: Statement<[limit: number], DeliveryRow>;
  readonly #pendingOfBus: Statement<[bus: string, limit: number], DeliveryRow>;
  readonly #releaseAll: Statement<[]>;

  constructor(db: Database) {
    this.#insert = db.prepare(
      `INSERT INTO bus_deliveries (id, claimable_at, due_at, attempts, accepted_at, bus, rule, target_id, event_id, target, payload)
       VALUES (?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?)`,
    );
    // One statement: the subquery reads at most `limit` entries of bus_deliveries_claimable (free and
    // due, or leased with an expired lease), and the update leases exactly those rows.
    this.#claim = db.prepare(
      `UPDATE bus_deliveries SET lease_owner = ?, claimable_at = ?
       WHERE seq IN (SELECT seq FROM bus_deliveries WHERE claimable_at <= ? ORDER BY claimable_at LIMIT ?)
       RETURNING ${RETURNED}`,
    );
    this.#remove = db.prepare('DELETE FROM bus_deliveries WHERE id = ? AND lease_owner = ? RETURNING bus, rule, target_id, attempts');
    // RETURNING shows the row after the update, so whether the delivery was already retrying (attempts
    // > 0, counted in `retrying`) is told apart by two statements, each applying to one case only.
    const retry = `UPDATE bus_deliveries SET attempts = ?, due_at = ?, claimable_at = ?, last_error = ?, lease_owner = NULL
       WHERE id = ? AND lease_owner = ?`;
    this.#retryFirst = db.prepare(`${retry} AND attempts = 0 RETURNING bus, rule, target_id`);
    this.#retryAgain = db.prepare(`${retry} AND attempts > 0 RETURNING bus, rule, target_id`);
    this.#nextDue = db.prepare('SELECT min(claimable_at) AS at FROM bus_deliveries');
    this.#pending = db.prepare(`SELECT ${RETURNED} FROM bus_deliveries ORDER BY claimable_at, seq LIMIT ?`);
    this.#pendingOfBus = db.prepare(`SELECT ${RETURNED} FROM bus_deliveries WHERE bus = ? ORDER BY claimable_at, seq LIMIT ?`);
    // bus_deliveries_leased leads to exactly the leased rows (and serves settle's lookups by id).
    this.#releaseAll = db.prepare('UPDATE bus_deliveries SET lease_owner = NULL, claimable_at = due_at WHERE lease_owner IS NOT NULL');
  }

  /**
   * Checks every delivery and serialises its target (once per target object: a PutEvents passes the
   * same target for every event matching its rule); throws, writing nothing, on a malformed one.
   */
  check(deliveries: readonly NewDelivery[]): CheckedDeliveries {
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

  insert(checked: CheckedDeliveries, deltas: CounterDeltas): void {
    for (const row of checked) {
      this.#insert.run(...row);
      deltas.add(row[4], row[5], row[6], Counter.matched);
      deltas.add(row[4], row[5], row[6], Counter.pending);
    }
  }

  claim(owner: string, now: number, until: number, limit: number): StoredDelivery[] {
    if (limit <= 0) return [];
    const rows = this.#claim.all(owner, until, now, limit);
    // RETURNING has no order of its own.
    rows.sort((a, b) => a.due_at - b.due_at || a.seq - b.seq);
    return rows.map(toDelivery);
  }

  /** Checks every outcome first (nothing written when one is malformed), then applies the owner's. */
  settle(owner: string, outcomes: readonly DeliveryOutcome[], deltas: CounterDeltas): { applied: number; retried: number } {
    for (const outcome of outcomes) checkOutcome(outcome);
    let applied = 0;
    let retried = 0;
    for (const outcome of outcomes) {
      if (outcome.kind === 'retry') {
        const { attempts, dueAt, error, id } = outcome;
        const args: Retry = [attempts, dueAt, dueAt, error, id, owner];
        const first = this.#retryFirst.get(...args);
        const row = first ?? this.#retryAgain.get(...args);
        if (!row) continue;
        const was = first ? 0 : 1; // counted in `retrying` before, and after
        const is = attempts > 0 ? 1 : 0;
        if (is !== was) deltas.add(row.bus, row.rule, row.target_id, Counter.retrying, is - was);
        retried++;
      } else {
        const row = this.#remove.get(outcome.id, owner);
        if (!row) continue;
        const counter = outcome.kind === 'delivered' ? Counter.delivered : outcome.kind === 'dropped' ? Counter.failed : Counter.deadLettered;
        deltas.add(row.bus, row.rule, row.target_id, counter);
        deltas.add(row.bus, row.rule, row.target_id, Counter.pending, -1);
        if (row.attempts > 0) deltas.add(row.bus, row.rule, row.target_id, Counter.retrying, -1);
      }
      applied++;
    }
    return { applied, retried };
  }

  nextDue(): number | undefined {
    return this.#nextDue.get()!.at ?? undefined;
  }

  pending(limit: number, bus?: string): StoredDelivery[] {
    if (limit <= 0) return [];
    const rows = bus === undefined ? this.#pending.all(limit) : this.#pendingOfBus.all(bus, limit);
    return rows.map(toDelivery);
  }

  releaseAll(): number {
    return this.#releaseAll.run().changes;
  }
}

function checkOutcome(outcome: DeliveryOutcome): void {
  const { id, kind } = outcome;
  if (typeof id !== 'string') throw new StorageError('an outcome has no delivery id');
  if (kind === 'delivered') return;
  if (kind !== 'retry' && kind !== 'dropped' && kind !== 'dead-lettered') throw new StorageError(`unknown outcome ${String(kind)}`);
  if (typeof outcome.error !== 'string') throw new StorageError(`outcome ${kind} of ${id} needs an error`);
  if (kind !== 'retry') return;
  checkTime(outcome.dueAt, 'dueAt');
  if (!Number.isSafeInteger(outcome.attempts) || outcome.attempts < 0) throw new StorageError(`attempts must be a count, got ${outcome.attempts}`);
}

function toDelivery(row: DeliveryRow): StoredDelivery {
  return {
    id: row.id,
    bus: row.bus,
    rule: row.rule,
    targetId: row.target_id,
    eventId: row.event_id,
    payload: row.payload,
    target: JSON.parse(row.target) as unknown,
    acceptedAt: row.accepted_at,
    dueAt: row.due_at,
    attempts: row.attempts,
    ...(row.last_error !== null && { lastError: row.last_error }),
  };
}
