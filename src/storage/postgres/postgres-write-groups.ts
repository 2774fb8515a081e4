import type { Pool } from 'pg';
import { decideWrite, type ItemWriteRequest } from '../engine.js';
import { GroupFailure, writeGroup, type ItemWriteStores, type WriteOutcome } from './postgres-item-writes.js';

/** How item writes are gathered into transactions (PostgresWriteGroups). */
export interface WriteGroupOptions {
  /**
   * Write transactions in flight at once for the writes of one set of tables; writes arriving while that
   * many run wait for one to end.
   */
  readonly inFlight?: number;
  /** Most requests in one transaction. */
  readonly maxRequests?: number;
  /** Most targets in one transaction (a request with more runs alone). */
  readonly maxTargets?: number;
}

/**
 * Defaults measured with bench:storage's PutItem on one stream shard (docs/benchmarks.md, "PostgreSQL: item
 * writes in groups"). 64 requests a group bounds a statement's text (a few hundred kB at DynamoDB's item
 * size) and what one failure must fall back from.
 */
const DEFAULTS: Required<WriteGroupOptions> = { inFlight: 2, maxRequests: 64, maxTargets: 256 };

interface Pending {
  readonly request: ItemWriteRequest<unknown>;
  /** Its distinct targets, as `table/hash/partition/sort`. */
  readonly items: readonly string[];
  resolve(result: unknown): void;
  reject(error: unknown): void;
}

/** The writes of one set of tables: those waiting, how many of its transactions run, and the items they write. */
interface Lane {
  waiting: Pending[];
  running: number;
  readonly busy: Set<string>;
}

/**
 * writeItems on PostgreSQL, with the writes of this node that arrive together sharing a transaction: on
 * PostgreSQL a commit waits for its WAL flush, and a table with a stream holds its shard's row until then
 * (commit order = sequence order within a shard), so one transaction a write means one flush a write per
 * shard — a few hundred writes a second on a disk whose flush takes a few ms. SQLite's group commit shares
 * a flush between the commits made while the previous one ran; this does the same for PostgreSQL.
 *
 * Writes are gathered by the set of tables they touch (a lane): a group waits for whatever any of its
 * writes waits for — a DeleteTable's or an index removal's lock on a table, a recovery base being copied —
 * so writes to other tables must not be in it. A write starts at once while fewer than `inFlight`
 * transactions of its lane run: no timer ever holds one back to fill a group, so a lone write goes as fast
 * as before. The writes that arrive meanwhile wait, and when a transaction of the lane ends the waiting
 * ones start as one group (postgres-item-writes.ts, writeGroup), in their order of arrival, up to
 * `maxRequests` requests and `maxTargets` targets. Two writes of one item never share a group — the second
 * must decide on the first's result — nor run at once (the second's group would only wait for the first's
 * commit on the item's lock, every member with it): a write naming an item of a running group, of the
 * group being made, or of a write waiting before it waits for a later group, so the writes of an item
 * within a lane keep their order of arrival (across lanes, as across nodes, the item's lock orders them).
 *
 * Each request is answered on its own, once its group has committed: its result, or what refused it alone
 * (its decide's error, a missing or changed table). When the group's transaction itself fails and nothing of
 * it committed (a statement the server refused, a value that could not be written), its requests run
 * again one by one, each getting its own answer; a failure that leaves the COMMIT's outcome unknown (the
 * connection lost while it ran) reaches them all, as it would have reached each alone.
 */
export class PostgresWriteGroups {
  readonly #pool: Pool;
  readonly #stores: ItemWriteStores;
  readonly #options: Required<WriteGroupOptions>;
  /** By the request's table ids, sorted, joined; a lane with nothing waiting or running is dropped. */
  readonly #lanes = new Map<string, Lane>();

  constructor(pool: Pool, stores: ItemWriteStores, options: WriteGroupOptions = {}) {
    this.#pool = pool;
    this.#stores = stores;
    this.#options = { ...DEFAULTS, ...options };
  }

  async write<R>(request: ItemWriteRequest<R>): Promise<R> {
    // Nothing to lock, read or write (and `IN ()` is no SQL): decide alone answers.
    if (request.targets.length === 0) return decideWrite(request, []).result;
    const items = [...new Set(request.targets.map(({ tableId, key }) => `${tableId}/${key.hash}/${hex(key.partition)}/${hex(key.sort)}`))];
    const tables = [...new Set(request.targets.map((t) => t.tableId))].sort((a, b) => a - b).join(' ');
    let lane = this.#lanes.get(tables);
    if (lane === undefined) this.#lanes.set(tables, (lane = { waiting: [], running: 0, busy: new Set() }));
    const joined = lane;
    return new Promise<R>((resolve, reject) => {
      joined.waiting.push({ request: request as ItemWriteRequest<unknown>, items, resolve: resolve as (result: unknown) => void, reject });
      this.#start(tables, joined);
    });
  }

  /** Starts groups of the lane's waiting writes while fewer than `inFlight` of its transactions run. */
  #start(tables: string, lane: Lane): void {
    while (lane.running < this.#options.inFlight && lane.waiting.length > 0) {
      const group = this.#take(lane);
      if (group.length === 0) return; // they wait for a running group's items
      lane.running++;
      for (const pending of group) for (const item of pending.items) lane.busy.add(item);
      void this.#run(group).finally(() => {
        lane.running--;
        for (const pending of group) for (const item of pending.items) lane.busy.delete(item);
        if (lane.running === 0 && lane.waiting.length === 0) this.#lanes.delete(tables);
        else this.#start(tables, lane);
      });
    }
  }

  /**
   * The next group: the waiting writes, in order, that fit and touch no item of a running group nor of the
   * writes before them. Empty when every waiting write touches a running group's items.
   */
  #take(lane: Lane): Pending[] {
    const { maxRequests, maxTargets } = this.#options;
    const group: Pending[] = [];
    const left: Pending[] = [];
    const seen = new Set(lane.busy); // and the items of the group, and of the writes left waiting before
    let targets = 0;
    for (const pending of lane.waiting) {
      const size = pending.request.targets.length;
      const room = group.length === 0 || (group.length < maxRequests && targets + size <= maxTargets);
      const fits = room && !pending.items.some((item) => seen.has(item));
      (fits ? group : left).push(pending);
      if (fits) targets += size;
      for (const item of pending.items) seen.add(item);
    }
    lane.waiting = left;
    return group;
  }

  async #run(group: readonly Pending[]): Promise<void> {
    let outcomes: WriteOutcome[];
    try {
      outcomes = await writeGroup(
        this.#pool,
        this.#stores,
        group.map((p) => p.request),
      );
    } catch (error) {
      const failure = error instanceof GroupFailure ? error : new GroupFailure(error, true);
      if (group.length === 1 || failure.mayHaveCommitted) {
        for (const pending of group) pending.reject(failure.reason);
        return;
      }
      // Nothing committed, and one request alone may be the cause (a value the server refuses): alone,
      // each gets its own answer.
      for (const pending of group) await this.#run([pending]);
      return;
    }
    outcomes.forEach((outcome, i) => (outcome.ok ? group[i]!.resolve(outcome.result) : group[i]!.reject(outcome.error)));
  }
}

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}
