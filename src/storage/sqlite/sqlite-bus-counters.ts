import type { Database } from 'better-sqlite3';
import { lazy, type LazyStatement } from './lazy-statement.js';
import type { TargetStats } from '../bus-store.js';

/** The counters of one (bus, rule, target), in bus_target_counters' column order. */
export const Counter = { matched: 0, delivered: 1, failed: 2, deadLettered: 3, pending: 4, retrying: 5 } as const;
export type Counter = (typeof Counter)[keyof typeof Counter];

interface Delta {
  readonly bus: string;
  readonly rule: string;
  readonly targetId: string;
  readonly by: [number, number, number, number, number, number];
}

/** Who a counter change is for: a delivery route (see sqlite-bus-delivery-routes.ts) names its bus, rule and target. */
interface Counted {
  readonly id: number;
  readonly bus: string;
  readonly rule: string;
  readonly targetId: string;
}

/**
 * Counter changes of one transaction, summed per route before they are written: the PutEvents calls
 * of one group commit matching one rule cost one counter write, not one per event. (Routes of one
 * target — its snapshots before and after a PutTargets — write one row each, adding to the same counters.)
 */
export class CounterDeltas {
  readonly #byRoute = new Map<number, Delta>();

  add(route: Counted, counter: Counter, by = 1): void {
    let delta = this.#byRoute.get(route.id);
    if (delta === undefined) {
      delta = { bus: route.bus, rule: route.rule, targetId: route.targetId, by: [0, 0, 0, 0, 0, 0] };
      this.#byRoute.set(route.id, delta);
    }
    delta.by[counter] += by;
  }

  values(): IterableIterator<Delta> {
    return this.#byRoute.values();
  }

  clear(): void {
    this.#byRoute.clear();
  }
}

interface CounterRow {
  bus: string;
  rule: string;
  target_id: string;
  matched: number;
  delivered: number;
  failed: number;
  dead_lettered: number;
  pending: number;
  retrying: number;
}

type Upsert = [bus: string, rule: string, targetId: string, ...by: Delta['by']];
/** Rows of one multi-row upsert. */
const UPSERT_ROWS = 10;

/**
 * bus_target_counters, maintained in the transactions that change deliveries (see migration 9), so
 * deliveryStats reads one row per target however many deliveries are pending.
 */
export class SqliteBusCounters {
  readonly #upsert: LazyStatement<Upsert>;
  readonly #upsertMany: LazyStatement<Upsert[number][]>;
  readonly #all: LazyStatement<[], CounterRow>;
  readonly #ofBus: LazyStatement<[bus: string], CounterRow>;

  constructor(db: Database) {
    const upsert = (rows: number) =>
      `INSERT INTO bus_target_counters (bus, rule, target_id, matched, delivered, failed, dead_lettered, pending, retrying)
       VALUES ${Array(rows).fill('(?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}
       ON CONFLICT (bus, rule, target_id) DO UPDATE SET
         matched = matched + excluded.matched, delivered = delivered + excluded.delivered,
         failed = failed + excluded.failed, dead_lettered = dead_lettered + excluded.dead_lettered,
         pending = pending + excluded.pending, retrying = retrying + excluded.retrying`;
    this.#upsert = lazy(db, upsert(1));
    // A commit of many PutEvents matching many rules changes up to one row per rule target.
    this.#upsertMany = lazy<Upsert[number][]>(db, upsert(UPSERT_ROWS));
    const columns = 'bus, rule, target_id, matched, delivered, failed, dead_lettered, pending, retrying';
    this.#all = lazy(db, `SELECT ${columns} FROM bus_target_counters ORDER BY bus, rule, target_id`);
    this.#ofBus = lazy(db, `SELECT ${columns} FROM bus_target_counters WHERE bus = ? ORDER BY rule, target_id`);
  }

  /** Inside the transaction that made the changes; clears `deltas`. */
  apply(deltas: CounterDeltas): void {
    const rows = [...deltas.values()];
    let i = 0;
    for (; i + UPSERT_ROWS <= rows.length; i += UPSERT_ROWS) {
      this.#upsertMany.run(...rows.slice(i, i + UPSERT_ROWS).flatMap(({ bus, rule, targetId, by }) => [bus, rule, targetId, ...by]));
    }
    for (const { bus, rule, targetId, by } of rows.slice(i)) this.#upsert.run(bus, rule, targetId, ...by);
    deltas.clear();
  }

  stats(bus?: string): TargetStats[] {
    const rows = bus === undefined ? this.#all.all() : this.#ofBus.all(bus);
    return rows.map((row) => ({
      bus: row.bus,
      rule: row.rule,
      targetId: row.target_id,
      matched: row.matched,
      delivered: row.delivered,
      failed: row.failed,
      deadLettered: row.dead_lettered,
      pending: row.pending,
      retrying: row.retrying,
    }));
  }
}
