import type { Database } from 'better-sqlite3';
import { lazy, type LazyStatement } from './lazy-statement.js';
import type { DeliveryOutcome, StoredDelivery } from '../bus-store.js';
import { Counter, type CounterDeltas } from './sqlite-bus-counters.js';
import { checkOutcome, RETURNED, toDeliveries } from './sqlite-bus-delivery-rows.js';
import type { CheckedDeliveries, CheckedRoute, DeliveryRow } from './sqlite-bus-delivery-rows.js';
import { SqliteBusDeliveryRoutes } from './sqlite-bus-delivery-routes.js';
import { LIMIT } from './sql-limit.js';

type Insert = [id: string, claimableAt: number, dueAt: number, acceptedAt: number, route: number, eventId: string, payload: string];
/** Rows one insert statement writes at most: a PutEvents of 10 entries matching one rule each is one statement. */
const INSERT_ROWS = 10;
type Settled = { route: number };
type Retry = [attempts: number, dueAt: number, claimableAt: number, error: string, id: string, owner: string];
/** A statement on one held delivery: found by seq (its rowid) when the claim told it, else among its owner's leased rows. */
type Held<A extends unknown[], R> = { readonly bySeq: LazyStatement<[...A, seq: number], R>; readonly byOwner: LazyStatement<A, R> };

/**
 * bus_deliveries (migrations 9 and 11). Leases follow claimable_at: a claim sets it to the lease's
 * expiry, a retry and a release set it back to due_at. A delivery names its route (bus, rule, target
 * id and target snapshot, stored once in bus_delivery_routes), so a row is its own state and payload
 * only: what a claim rewrites and hands back. Write methods run inside the caller's transaction and
 * record what they change in `deltas`, which the caller writes in the same transaction. Deliveries
 * are checked (checkDeliveries, in sqlite-bus-delivery-rows.ts) before the unit's first write.
 */
export class SqliteBusDeliveries {
  readonly routes: SqliteBusDeliveryRoutes;
  readonly #insert: LazyStatement<Insert>;
  readonly #insertMany: LazyStatement<Insert[number][]>;
  readonly #claim: LazyStatement<[owner: string, until: number, now: number, limit: number], DeliveryRow>;
  readonly #remove: Held<[id: string, owner: string], Settled & { attempts: number }>;
  readonly #retryFirst: Held<Retry, Settled>;
  readonly #retryAgain: Held<Retry, Settled>;
  readonly #nextDue: LazyStatement<[], { at: number | null }>;
  readonly #pending: LazyStatement<[limit: number], DeliveryRow>;
  readonly #pendingOfBus: LazyStatement<[bus: string, limit: number], DeliveryRow>;
  readonly #releaseAll: LazyStatement<[]>;
  readonly #renew: LazyStatement<[until: number, owner: string, ids: string]>;
  /**
   * The seq of each delivery this connection's claims handed out and not yet settled, by id: settles
   * find a row by seq (its rowid). One missing (a settle through another connection) is found among
   * its owner's leased rows instead, through bus_deliveries_leased.
   */
  readonly #claimed = new Map<string, number>();

  constructor(db: Database) {
    this.routes = new SqliteBusDeliveryRoutes(db);
    const insert = 'INSERT INTO bus_deliveries (id, claimable_at, due_at, attempts, accepted_at, route, event_id, payload) VALUES ';
    this.#insert = lazy(db, `${insert}(?, ?, ?, 0, ?, ?, ?, ?)`);
    // Each statement run costs a call into the driver and a VDBE start on top of its rows.
    this.#insertMany = lazy(db, `${insert}${Array(INSERT_ROWS).fill('(?, ?, ?, 0, ?, ?, ?, ?)').join(', ')}`);
    // One statement: the subquery reads at most `limit` entries of bus_deliveries_claimable (free and
    // due, or leased with an expired lease), and the update leases exactly those rows.
    this.#claim = lazy(
      db,
      `UPDATE bus_deliveries SET lease_owner = ?, claimable_at = ?
       WHERE seq IN (SELECT seq FROM bus_deliveries WHERE claimable_at <= ? ORDER BY claimable_at ${LIMIT})
       RETURNING ${RETURNED}`,
    );
    // The id is checked by seq too: a seq may have been freed and reused since it was claimed.
    const held = <A extends unknown[], R>(sql: string): Held<A, R> => ({
      bySeq: lazy(db, `${sql.replace('{held}', 'id = ? AND lease_owner = ? AND seq = ?')}`),
      byOwner: lazy(db, `${sql.replace('{held}', 'id = ? AND lease_owner = ?')}`),
    });
    this.#remove = held('DELETE FROM bus_deliveries WHERE {held} RETURNING route, attempts');
    // RETURNING shows the row after the update, so whether the delivery was already retrying (attempts
    // > 0, counted in `retrying`) is told apart by two statements, each applying to one case only.
    const retry = 'UPDATE bus_deliveries SET attempts = ?, due_at = ?, claimable_at = ?, last_error = ?, lease_owner = NULL WHERE {held}';
    this.#retryFirst = held(`${retry} AND attempts = 0 RETURNING route`);
    this.#retryAgain = held(`${retry} AND attempts > 0 RETURNING route`);
    this.#nextDue = lazy(db, 'SELECT min(claimable_at) AS at FROM bus_deliveries');
    this.#pending = lazy(db, `SELECT ${RETURNED} FROM bus_deliveries ORDER BY claimable_at, seq ${LIMIT}`);
    this.#pendingOfBus = lazy(
      db,
      `SELECT ${RETURNED} FROM bus_deliveries WHERE route IN (SELECT id FROM bus_delivery_routes WHERE bus = ?) ORDER BY claimable_at, seq ${LIMIT}`,
    );
    // bus_deliveries_leased leads to exactly the leased rows.
    this.#releaseAll = lazy(db, 'UPDATE bus_deliveries SET lease_owner = NULL, claimable_at = due_at WHERE lease_owner IS NOT NULL');
    this.#renew = lazy(db, 'UPDATE bus_deliveries SET claimable_at = ? WHERE lease_owner = ? AND id IN (SELECT value FROM json_each(?))');
  }

  insert(checked: CheckedDeliveries, deltas: CounterDeltas): void {
    // Routes first (adding a new one is a write too), then the rows; counted once per route.
    const routes = this.#routeIds(checked);
    const row = (i: number): Insert => {
      const { id, dueAt, acceptedAt, eventId, payload, route } = checked[i]!;
      return [id, dueAt, dueAt, acceptedAt, routes.get(route)!.id, eventId, payload];
    };
    let i = 0;
    for (; i + INSERT_ROWS <= checked.length; i += INSERT_ROWS) {
      const values: Insert[number][] = [];
      for (let k = i; k < i + INSERT_ROWS; k++) values.push(...row(k));
      this.#insertMany.run(...values);
    }
    for (; i < checked.length; i++) this.#insert.run(...row(i));
    for (const { id, count } of routes.values()) {
      const route = this.routes.get(id);
      deltas.add(route, Counter.matched, count);
      deltas.add(route, Counter.pending, count);
    }
  }

  /** Deliveries made in the accepting transaction (a queue target's messages): counted as matched and delivered, no row. */
  countDelivered(checked: CheckedDeliveries, deltas: CounterDeltas): void {
    for (const { id, count } of this.#routeIds(checked).values()) {
      const route = this.routes.get(id);
      deltas.add(route, Counter.matched, count);
      deltas.add(route, Counter.delivered, count);
    }
  }

  /** Each route of `checked` with its id (a new one added) and how many of the deliveries take it. */
  #routeIds(checked: CheckedDeliveries): Map<CheckedRoute, { id: number; count: number }> {
    const routes = new Map<CheckedRoute, { id: number; count: number }>();
    for (const { route } of checked) {
      const seen = routes.get(route);
      if (seen) seen.count++;
      else routes.set(route, { id: 'id' in route ? route.id : this.routes.idOf(route.key, route.object), count: 1 });
    }
    return routes;
  }

  claim(owner: string, now: number, until: number, limit: number): StoredDelivery[] {
    if (limit <= 0) return [];
    const rows = this.#claim.all(owner, until, now, limit);
    // RETURNING has no order of its own.
    rows.sort((a, b) => a.due_at - b.due_at || a.seq - b.seq);
    for (const row of rows) this.#claimed.set(row.id, row.seq);
    return toDeliveries(rows, this.routes);
  }

  /** Extends `owner`'s leases of these deliveries to `until`; answers how many it still held. */
  renew(owner: string, ids: readonly string[], until: number): number {
    return ids.length === 0 ? 0 : this.#renew.run(until, owner, JSON.stringify(ids)).changes;
  }

  /** Checks every outcome first (nothing written when one is malformed), then applies the owner's. */
  settle(owner: string, outcomes: readonly DeliveryOutcome[], deltas: CounterDeltas): { applied: number; retried: number } {
    for (const outcome of outcomes) checkOutcome(outcome);
    let applied = 0;
    let retried = 0;
    for (const outcome of outcomes) {
      const seq = this.#claimed.get(outcome.id);
      this.#claimed.delete(outcome.id);
      const on = <A extends unknown[], R>(held: Held<A, R>, ...args: A): R | undefined =>
        seq === undefined ? held.byOwner.get(...args) : held.bySeq.get(...args, seq);
      if (outcome.kind === 'retry') {
        const { attempts, dueAt, error, id } = outcome;
        const args: Retry = [attempts, dueAt, dueAt, error, id, owner];
        const first = on(this.#retryFirst, ...args);
        const row = first ?? on(this.#retryAgain, ...args);
        if (!row) continue;
        const was = first ? 0 : 1; // counted in `retrying` before, and after
        const is = attempts > 0 ? 1 : 0;
        if (is !== was) deltas.add(this.routes.get(row.route), Counter.retrying, is - was);
        retried++;
      } else {
        const row = on(this.#remove, outcome.id, owner);
        if (!row) continue;
        const route = this.routes.get(row.route);
        const counter =
          outcome.kind === 'delivered' ? Counter.delivered : outcome.kind === 'dropped' ? Counter.failed : Counter.deadLettered;
        deltas.add(route, counter);
        deltas.add(route, Counter.pending, -1);
        if (row.attempts > 0) deltas.add(route, Counter.retrying, -1);
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
    return toDeliveries(rows, this.routes);
  }

  releaseAll(): number {
    return this.#releaseAll.run().changes;
  }
}
