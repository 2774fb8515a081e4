import type { Pool } from 'pg';
import { decideWrite, type ItemWriteRequest } from '../engine.js';
import { GroupFailure, writeGroup, type ItemWriteStores, type WriteOutcome } from './postgres-item-writes.js';

/** How item writes are gathered into transactions (PostgresWriteGroups). */
export interface WriteGroupOptions {
  /** Write transactions of this node in flight at once; writes arriving while that many run wait for one to end. */
  readonly inFlight?: number;
  /** Most requests in one transaction. */
  readonly maxRequests?: number;
  /** Most targets in one transaction (a request with more runs alone). */
  readonly maxTargets?: number;
}

/**
 * Defaults measured with bench:storage's PutItem on one stream shard (docs/benchmarks.md, "PostgreSQL: item
 * writes in groups"). Several transactions in flight keep the connections busy while one waits for its
 * commit's flush, and the shard row takes them one flush each; 64 requests a group bounds a statement's text
 * (a few hundred kB at DynamoDB's item size) and what one failure must fall back from.
 */
const DEFAULTS: Required<WriteGroupOptions> = { inFlight: 2, maxRequests: 64, maxTargets: 256 };

interface Pending {
  readonly request: ItemWriteRequest<unknown>;
  /** Its distinct targets, as `table/hash/partition/sort`. */
  readonly items: readonly string[];
  resolve(result: unknown): void;
  reject(error: unknown): void;
}

/**
 * writeItems on PostgreSQL, with the writes of this node that arrive together sharing a transaction: on
 * PostgreSQL a commit waits for its WAL flush, and a table with a stream holds its shard's row until then
 * (commit order = sequence order within a shard), so one transaction a write means one flush a write per
 * shard — a few hundred writes a second on a disk whose flush takes a few ms. SQLite's group commit shares
 * a flush between the commits made while the previous one ran; this does the same for PostgreSQL.
 *
 * A write starts at once while fewer than `inFlight` transactions run: no timer ever holds one back to fill
 * a group, so a lone write goes as fast as before. The writes that arrive meanwhile wait, and when a
 * transaction ends the waiting ones start as one group (postgres-item-writes.ts, writeGroup), in their
 * order of arrival, up to `maxRequests` requests and `maxTargets` targets. Two writes of one item never
 * share a group — the second must decide on the first's result — so a write naming an item already in the
 * group, or behind one that waits, waits for a later group (and items keep their writes' order).
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
  #waiting: Pending[] = [];
  #running = 0;

  constructor(pool: Pool, stores: ItemWriteStores, options: WriteGroupOptions = {}) {
    this.#pool = pool;
    this.#stores = stores;
    this.#options = { ...DEFAULTS, ...options };
  }

  async write<R>(request: ItemWriteRequest<R>): Promise<R> {
    // Nothing to lock, read or write (and `IN ()` is no SQL): decide alone answers.
    if (request.targets.length === 0) return decideWrite(request, []).result;
    const items = [...new Set(request.targets.map(({ tableId, key }) => `${tableId}/${key.hash}/${hex(key.partition)}/${hex(key.sort)}`))];
    return new Promise<R>((resolve, reject) => {
      this.#waiting.push({ request: request as ItemWriteRequest<unknown>, items, resolve: resolve as (result: unknown) => void, reject });
      this.#start();
    });
  }

  /** Starts groups of the waiting writes while fewer than `inFlight` run. */
  #start(): void {
    while (this.#running < this.#options.inFlight && this.#waiting.length > 0) {
      const group = this.#take();
      this.#running++;
      void this.#run(group).finally(() => {
        this.#running--;
        this.#start();
      });
    }
  }

  /** The next group: the first waiting write, and those after it that fit and touch none of the items before them. */
  #take(): Pending[] {
    const { maxRequests, maxTargets } = this.#options;
    const group: Pending[] = [];
    const left: Pending[] = [];
    const seen = new Set<string>(); // items of the group, and of the writes left waiting before
    let targets = 0;
    for (const pending of this.#waiting) {
      const size = pending.request.targets.length;
      const fits = group.length === 0 || (group.length < maxRequests && targets + size <= maxTargets && !pending.items.some((item) => seen.has(item)));
      (fits ? group : left).push(pending);
      if (fits) targets += size;
      for (const item of pending.items) seen.add(item);
    }
    this.#waiting = left;
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
