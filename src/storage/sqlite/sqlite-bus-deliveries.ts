import type { Database, Statement } from 'better-sqlite3';
import type { DeliveryOutcome, StoredDelivery } from '../bus-store.js';
import { Counter, type CounterDeltas } from './sqlite-bus-counters.js';
import { checkOutcome, RETURNED, toDeliveries } from './sqlite-bus-delivery-rows.js';
import type { CheckedDeliveries, DeliveryRow, Insert } from './sqlite-bus-delivery-rows.js';

type Settled = { bus: string; rule: string; target_id: string };
type Retry = [attempts: number, dueAt: number, claimableAt: number, error: string, id: string, owner: string];

/**
 * bus_deliveries (migration 9). Leases follow claimable_at: a claim sets it to the lease's expiry, a
 * retry and a release set it back to due_at. Write methods run inside the caller's transaction and
 * record what they change in `deltas`, which the caller writes in the same transaction. Deliveries
 * are checked (checkDeliveries, in sqlite-bus-delivery-rows.ts) before the unit's first write.
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
    return toDeliveries(rows);
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
        const counter =
          outcome.kind === 'delivered' ? Counter.delivered : outcome.kind === 'dropped' ? Counter.failed : Counter.deadLettered;
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
    return toDeliveries(rows);
  }

  releaseAll(): number {
    return this.#releaseAll.run().changes;
  }
}
