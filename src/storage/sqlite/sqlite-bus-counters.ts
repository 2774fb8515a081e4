import type { Database, Statement } from 'better-sqlite3';
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

/**
 * Counter changes of one transaction, summed per (bus, rule, target) before they are written: the
 * PutEvents calls of one group commit matching one rule cost one counter write, not one per event.
 */
export class CounterDeltas {
  readonly #byTarget = new Map<string, Delta>();

  add(bus: string, rule: string, targetId: string, counter: Counter, by = 1): void {
    const key = `${bus}\u0000${rule}\u0000${targetId}`;
    let delta = this.#byTarget.get(key);
    if (delta === undefined) {
      delta = { bus, rule, targetId, by: [0, 0, 0, 0, 0, 0] };
      this.#byTarget.set(key, delta);
    }
    delta.by[counter] += by;
  }

  values(): IterableIterator<Delta> {
    return this.#byTarget.values();
  }

  clear(): void {
    this.#byTarget.clear();
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

/**
 * bus_target_counters, maintained in the transactions that change deliveries (see migration 9), so
 * deliveryStats reads one row per target however many deliveries are pending.
 */
export class SqliteBusCounters {
  readonly #upsert: Statement<Upsert>;
  readonly #all: Statement<[], CounterRow>;
  readonly #ofBus: Statement<[bus: string], CounterRow>;

  constructor(db: Database) {
    this.#upsert = db.prepare(
      `INSERT INTO bus_target_counters (bus, rule, target_id, matched, delivered, failed, dead_lettered, pending, retrying)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (bus, rule, target_id) DO UPDATE SET
         matched = matched + excluded.matched, delivered = delivered + excluded.delivered,
         failed = failed + excluded.failed, dead_lettered = dead_lettered + excluded.dead_lettered,
         pending = pending + excluded.pending, retrying = retrying + excluded.retrying`,
    );
    const columns = 'bus, rule, target_id, matched, delivered, failed, dead_lettered, pending, retrying';
    this.#all = db.prepare(`SELECT ${columns} FROM bus_target_counters ORDER BY bus, rule, target_id`);
    this.#ofBus = db.prepare(`SELECT ${columns} FROM bus_target_counters WHERE bus = ? ORDER BY rule, target_id`);
  }

  /** Inside the transaction that made the changes; clears `deltas`. */
  apply(deltas: CounterDeltas): void {
    for (const { bus, rule, targetId, by } of deltas.values()) this.#upsert.run(bus, rule, targetId, ...by);
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
