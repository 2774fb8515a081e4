import type { Database } from 'better-sqlite3';
import { lazy, type LazyStatement } from './lazy-statement.js';
import { StorageError } from './sqlite-errors.js';

/** What the deliveries made for one target of one rule, while that target was unchanged, share (migration 11). */
export interface DeliveryRoute {
  readonly id: number;
  readonly bus: string;
  readonly rule: string;
  readonly targetId: string;
  /** The target snapshot, parsed once and shared by every delivery of the route: read-only. */
  readonly target: unknown;
}

/** A route as a unit names it before it has an id: its snapshot as JSON text. */
export interface RouteKey {
  readonly bus: string;
  readonly rule: string;
  readonly targetId: string;
  readonly target: string;
}

type Known = { readonly bus: string; readonly rule: string; readonly targetId: string; readonly id: number };

type RouteRow = { bus: string; rule: string; target_id: string; target: string };

/**
 * bus_delivery_routes. A route row never changes and its id is never reused, so what this process has
 * read or added stays true for good — except ids added by a transaction that then rolled back, which is
 * why the engine's rollback calls `forget`. Deliveries made by other nodes find their routes by id here
 * on first sight.
 */
export class SqliteBusDeliveryRoutes {
  readonly #find: LazyStatement<[bus: string, rule: string, targetId: string, target: string], { id: number }>;
  readonly #add: LazyStatement<[bus: string, rule: string, targetId: string, target: string]>;
  readonly #byId: LazyStatement<[id: number], RouteRow>;
  readonly #ids = new Map<string, number>();
  readonly #routes = new Map<number, DeliveryRoute>();
  /**
   * Route ids by the target object a caller passed: PutEvents passes one snapshot object per rule
   * target for as long as the rule is unchanged, so a known one needs no JSON text made or hashed.
   */
  #byObject = new WeakMap<object, Known>();

  constructor(db: Database) {
    this.#find = lazy(db, 'SELECT id FROM bus_delivery_routes WHERE bus = ? AND rule = ? AND target_id = ? AND target = ?');
    this.#add = lazy(db, 'INSERT INTO bus_delivery_routes (bus, rule, target_id, target) VALUES (?, ?, ?, ?)');
    this.#byId = lazy(db, 'SELECT bus, rule, target_id, target FROM bus_delivery_routes WHERE id = ?');
  }

  /** The id of the route of `target` (an object idOf was given before) for this bus, rule and target id, if known. */
  known(target: unknown, bus: string, rule: string, targetId: string): number | undefined {
    if (typeof target !== 'object' || target === null) return undefined;
    const known = this.#byObject.get(target);
    return known && known.bus === bus && known.rule === rule && known.targetId === targetId ? known.id : undefined;
  }

  /**
   * Inside a write transaction: the route's id, the route added when it is new. `object`, the target
   * the text was made from, is remembered for `known`.
   */
  idOf(key: RouteKey, object?: unknown): number {
    const { bus, rule, targetId, target } = key;
    const text = `${bus}\u0000${rule}\u0000${targetId}\u0000${target}`;
    let id = this.#ids.get(text);
    if (id === undefined) {
      id = this.#find.get(bus, rule, targetId, target)?.id ?? Number(this.#add.run(bus, rule, targetId, target).lastInsertRowid);
      this.#ids.set(text, id);
    }
    if (typeof object === 'object' && object !== null) this.#byObject.set(object, { bus, rule, targetId, id });
    return id;
  }

  get(id: number): DeliveryRoute {
    let route = this.#routes.get(id);
    if (route === undefined) {
      const row = this.#byId.get(id);
      if (!row) throw new StorageError(`bus delivery route ${id} does not exist`);
      route = { id, bus: row.bus, rule: row.rule, targetId: row.target_id, target: JSON.parse(row.target) as unknown };
      this.#routes.set(id, route);
    }
    return route;
  }

  /** A transaction that may have added routes rolled back: their ids name nothing now, so every cached one goes. */
  forget(): void {
    this.#ids.clear();
    this.#routes.clear();
    this.#byObject = new WeakMap();
  }
}
