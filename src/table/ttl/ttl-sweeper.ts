import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Logger } from '../../shared/logger.js';
import { MissingTableError, StaleTableError, type ItemKey, type ItemMutation, type StoredItem } from '../../storage/engine.js';
import { pendingRecord, recordSettingsOf } from '../../streams/stream-record.js';
import { decodeItem } from '../item-codec.js';
import type { TableEntry } from '../table-catalog.js';
import type { TableContext } from '../table-context.js';
import { expiredTtl, mayHaveTtl } from './ttl-expiry.js';

export interface TtlSweeperOptions {
  /** How often the background sweep runs; 0 or less: never on its own (sweep() only). Default 5 s. */
  readonly periodMs?: number;
  /** Items read per engine.scan call (default 100). */
  readonly pageSize?: number;
  /**
   * Items a background sweep reads at most (default 10,000); the next one goes on where it stopped, so
   * a large table is walked over several periods instead of in full every few seconds. sweep() always
   * walks everything.
   */
  readonly itemsPerTick?: number;
  /**
   * Whether this node runs the background sweeps now (the node leading maintenance, src/cluster): the
   * others' timers do nothing, so one node walks the tables and moves the cursor. sweep() always runs.
   */
  readonly leader?: () => boolean;
}

export const DEFAULT_TTL_SWEEP_PERIOD_MS = 5_000;
const DEFAULT_PAGE_SIZE = 100;
const DEFAULT_ITEMS_PER_TICK = 10_000;

/** Where the background sweeps are: the table being walked, and the last key read in it. */
interface SweepCursor {
  readonly tableId: number;
  readonly after: ItemKey | undefined;
}
/** The cursor's name in engine.maintenance: stored, so a new maintenance leader goes on where the last one stopped. */
const CURSOR_NAME = 'ttl-sweep-cursor';
/** Expired items deleted per engine write: small transactions, so user writes never wait long behind one. */
const DELETE_BATCH = 25;
/** Pages decided again in a row because the table's definition changed meanwhile, before a sweep gives up. */
const MAX_STALE_RUNS = 4;

/**
 * Time to Live: deletes the expired items (see ttl-expiry.ts) of every table with TTL enabled, through
 * the ordinary write path, so each delete removes the item's index entries and appends a REMOVE
 * stream record carrying the service userIdentity (SEMANTICS.md §A.4). Reads never filter expired
 * items: as on AWS, they are returned until a sweep removes them.
 *
 * A sweep walks each table in pages and yields to the event loop between pages, so requests are
 * served while a large table is swept. The background sweeps read at most `itemsPerTick` items each and
 * carry on from there the next time (table by table, then from the first again): their cost stays
 * bounded however large the tables, and every expired item is still reached within a few periods (AWS
 * itself only promises deletion within a few days). Between reading a page and deleting, a request may have
 * changed an item: each delete re-checks, inside the engine's transaction, that the item as stored
 * then is still expired, and leaves it alone otherwise (an update extending its TTL wins).
 *
 * Sweeps never overlap: sweep() waits for the one in progress. A failed background sweep is logged
 * and the next runs as planned.
 */
export class TtlSweeper {
  readonly #ctx: TableContext;
  readonly #logger: Logger;
  readonly #periodMs: number;
  readonly #pageSize: number;
  readonly #itemsPerTick: number;
  readonly #leader: () => boolean;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<unknown> = Promise.resolve();

  constructor(ctx: TableContext, logger: Logger, options: TtlSweeperOptions = {}) {
    this.#ctx = ctx;
    this.#logger = logger;
    this.#periodMs = options.periodMs ?? DEFAULT_TTL_SWEEP_PERIOD_MS;
    this.#pageSize = Math.max(1, options.pageSize ?? DEFAULT_PAGE_SIZE);
    this.#itemsPerTick = Math.max(1, options.itemsPerTick ?? DEFAULT_ITEMS_PER_TICK);
    this.#leader = options.leader ?? (() => true);
  }

  /** Sweeps every table now (after the sweep in progress, if any); resolves with how many items it deleted. */
  sweep(): Promise<{ deleted: number }> {
    return this.#serially(() => this.#sweepAll());
  }

  /**
   * One background sweep, as the timer runs it: at most `itemsPerTick` items read, from where the last
   * one stopped (after the sweep in progress, if any).
   */
  sweepSome(): Promise<{ deleted: number }> {
    return this.#serially(() => this.#sweepSome(this.#itemsPerTick));
  }

  /** Runs `work` after the sweep in progress, whether that one succeeded or not. */
  #serially(work: () => Promise<{ deleted: number }>): Promise<{ deleted: number }> {
    const run = this.#running.catch(() => undefined).then(work);
    this.#running = run;
    return run;
  }

  /**
   * The first instant (epoch ms) after `now` at which an item of a table with TTL enabled expires
   * (its TTL attribute is then before the time, ttl-expiry.ts); undefined when none will. A jump replayed
   * step by step (src/time) stops there, so the item is deleted — and its REMOVE record written — at its
   * own time. Walks every such table: there is no index on expiry, so this costs a read of their items.
   */
  async nextExpiry(now: number): Promise<number | undefined> {
    let earliest = Infinity;
    for (const table of await this.#ctx.catalog.list()) {
      const ttl = table.definition.ttl;
      if (!ttl?.enabled) continue;
      let after: ItemKey | undefined;
      for (;;) {
        const page = await this.#ctx.engine.scan({ tableId: table.id, limit: this.#pageSize, ...(after && { after }) });
        for (const stored of page) {
          if (!mayHaveTtl(stored.json, ttl.attributeName)) continue;
          const item = decodeItem(stored.json);
          const value = Object.hasOwn(item, ttl.attributeName) ? item[ttl.attributeName]! : undefined;
          if (!value || !('N' in value) || typeof value.N !== 'string') continue;
          // Expired once the value is strictly before the time: the first millisecond after it.
          const at = Math.floor(Number(value.N) * 1000) + 1;
          if (at > now && at < earliest && expiredTtl(item, ttl.attributeName, at) !== undefined) earliest = at;
        }
        if (page.length < this.#pageSize) break;
        after = page[page.length - 1]!.key;
        await nextTurn();
      }
    }
    return earliest === Infinity ? undefined : earliest;
  }

  /** Starts the background sweeps (none when the period is 0 or less). */
  start(): void {
    if (this.#periodMs <= 0 || this.#timer !== undefined) return;
    this.#timer = setInterval(() => {
      if (!this.#leader()) return;
      this.sweepSome().catch((error) => this.#logger.error('ttl: sweep failed', error));
    }, this.#periodMs);
    this.#timer.unref();
  }

  /** Stops the background sweeps and waits for a sweep in progress. */
  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#running.catch(() => undefined);
  }

  async #sweepAll(): Promise<{ deleted: number }> {
    const now = this.#ctx.clock.now();
    let deleted = 0;
    for (const table of await this.#ctx.catalog.list()) {
      if (table.definition.ttl?.enabled) deleted += (await this.#sweepTable(table.name, table.id, undefined, Infinity, now)).deleted;
    }
    return { deleted };
  }

  /**
   * A background sweep: at most `budget` items read, from the stored cursor on; stores where it stopped
   * (one read and at most one write of the cursor a sweep, so whichever node leads next goes on from there).
   */
  async #sweepSome(budget: number): Promise<{ deleted: number }> {
    const stored = await this.#ctx.engine.maintenance.get(CURSOR_NAME);
    const walked = await this.#walkFrom(stored === undefined ? undefined : parseCursor(stored), budget);
    const next = walked.cursor === undefined ? undefined : printCursor(walked.cursor);
    if (next !== stored) await this.#ctx.engine.maintenance.put(CURSOR_NAME, next);
    return { deleted: walked.deleted };
  }

  async #walkFrom(cursor: SweepCursor | undefined, budget: number): Promise<{ deleted: number; cursor?: SweepCursor }> {
    const now = this.#ctx.clock.now();
    const tables = (await this.#ctx.catalog.list()).filter((table) => table.definition.ttl?.enabled);
    // The cursor's table gone (or its TTL off): start over from the first table.
    const start = cursor === undefined ? -1 : tables.findIndex((table) => table.id === cursor.tableId);
    let after = start >= 0 ? cursor!.after : undefined;
    let deleted = 0;
    for (let i = Math.max(0, start); i < tables.length && budget > 0; i++, after = undefined) {
      const table = tables[i]!;
      const walked = await this.#sweepTable(table.name, table.id, after, budget, now);
      deleted += walked.deleted;
      budget -= walked.read;
      if (walked.after !== undefined) return { deleted, cursor: { tableId: table.id, after: walked.after } };
    }
    return { deleted }; // every table walked: the next sweep starts over
  }

  /**
   * Walks one table in (hash, partition, sort) order from after `after`, reading at most about `budget`
   * items (whole pages); returns the last key read when it stopped early. The definition is looked up
   * again before each page: a table deleted or re-created, or whose TTL was disabled, is left at once.
   */
  async #sweepTable(
    name: string,
    tableId: number,
    from: ItemKey | undefined,
    budget: number,
    now: number,
  ): Promise<{ deleted: number; read: number; after?: ItemKey }> {
    let deleted = 0;
    let read = 0;
    let after = from;
    let staleRuns = 0;
    for (;;) {
      if (read >= budget) return { deleted, read, ...(after && { after }) };
      const table = await this.#ctx.catalog.find(name);
      const ttl = table?.definition.ttl;
      if (table === undefined || table.id !== tableId || !ttl?.enabled) return { deleted, read };
      const page = await this.#ctx.engine.scan({ tableId, limit: this.#pageSize, ...(after && { after }) });
      read += page.length;
      const expired = page.filter((item) => isExpired(item, ttl.attributeName, now));
      try {
        for (let i = 0; i < expired.length; i += DELETE_BATCH) {
          deleted += await this.#deleteExpired(table, ttl.attributeName, expired.slice(i, i + DELETE_BATCH), now);
        }
      } catch (error) {
        if (error instanceof MissingTableError) return { deleted, read };
        // Another node changed the table (a stream added, TTL turned off) after this node cached it: the
        // deletes not yet made are decided again on this page with the definition as stored now.
        if (!(error instanceof StaleTableError) || ++staleRuns > MAX_STALE_RUNS) throw error;
        await this.#ctx.catalog.refresh(name);
        continue;
      }
      staleRuns = 0;
      if (page.length < this.#pageSize) return { deleted, read };
      after = page[page.length - 1]!.key;
      // Reads are synchronous in some engines: without this a large table would hold the loop.
      await nextTurn();
    }
  }

  /** Deletes those of `items` still expired when the engine's transaction reads them; returns how many. */
  async #deleteExpired(table: TableEntry, attributeName: string, items: readonly StoredItem[], now: number): Promise<number> {
    const stream = recordSettingsOf(table.definition, this.#ctx.deployment.region);
    return this.#ctx.engine.writeItems({
      // Naming the version decided with: a write against a definition replaced elsewhere is refused (StaleTableError).
      targets: items.map((item) => ({ tableId: table.id, key: item.key, tableVersion: table.version })),
      decide: (current) => {
        const mutations: ItemMutation[] = [];
        current.forEach((stored, target) => {
          // Gone, or updated since the scan so that it no longer expires (or expires later): keep.
          if (stored === undefined || !mayHaveTtl(stored.json, attributeName)) return;
          const item = decodeItem(stored.json);
          if (expiredTtl(item, attributeName, now) === undefined) return;
          const record =
            stream &&
            pendingRecord(stream, items[target]!.key.hash, { keys: item, oldImage: stored, now: this.#ctx.clock.now(), byService: true });
          mutations.push(record ? { target, item: null, record } : { target, item: null });
        });
        return { mutations, result: mutations.length };
      },
    });
  }
}

/** The cursor as stored: JSON, the key's bytes in base64. */
function printCursor(cursor: SweepCursor): string {
  const { tableId, after } = cursor;
  const key = after && { hash: after.hash, partition: Buffer.from(after.partition).toString('base64'), sort: Buffer.from(after.sort).toString('base64') };
  return JSON.stringify({ tableId, ...(key && { after: key }) });
}

/** The stored cursor, or undefined (start over) when it is not one this version wrote. */
function parseCursor(text: string): SweepCursor | undefined {
  let parsed: { tableId?: unknown; after?: { hash?: unknown; partition?: unknown; sort?: unknown } };
  try {
    parsed = JSON.parse(text) as typeof parsed;
  } catch {
    return undefined;
  }
  const { tableId, after } = parsed;
  if (typeof tableId !== 'number') return undefined;
  if (after === undefined) return { tableId, after: undefined };
  if (typeof after.hash !== 'number' || typeof after.partition !== 'string' || typeof after.sort !== 'string') return undefined;
  return { tableId, after: { hash: after.hash, partition: Buffer.from(after.partition, 'base64'), sort: Buffer.from(after.sort, 'base64') } };
}

function isExpired(item: StoredItem, attributeName: string, now: number): boolean {
  return mayHaveTtl(item.json, attributeName) && expiredTtl(decodeItem(item.json), attributeName, now) !== undefined;
}
