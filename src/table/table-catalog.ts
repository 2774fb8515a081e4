import type { StorageEngine, TableRecord, TableStreamSpec } from '../storage/engine.js';
import type { NewBackup } from '../storage/backup-store.js';
import type { StoredBackupDetails } from './backups/backup-description.js';
import { tableStreamSpec } from '../streams/stream-meta.js';
import { tableErrors } from './errors.js';
import type { TableDefinition } from './table-definition.js';

export type TableEntry = TableRecord<TableDefinition>;

/**
 * How one operation's catalog hands definitions out on an engine several nodes share (withCurrentTables):
 * each node caches definitions, and another may have changed one since.
 */
export interface SharedLookups {
  /** Read every definition from storage (operations whose answer is the definition) rather than the cache. */
  readonly stored: boolean;
  /**
   * Ids of the tables whose definition first handed out (`seen`) this operation read from storage, or changed
   * in storage: current as of a moment after it began, so its answer needs no check of them.
   */
  readonly current: Set<number>;
}

export interface TableCatalogOptions {
  /** Open shards of each new stream (default 1). */
  readonly streamShards?: number;
}

/**
 * The tables this node knows, read through to the engine and cached by name. Every change to a table
 * definition goes through here so the cache never serves a stale definition within this process.
 */
export class TableCatalog {
  readonly #engine: StorageEngine;
  readonly #cache: Map<string, TableEntry>;
  readonly #streamShards: number;
  /** An operation's view (forOperation): the definitions it was handed, first per table. */
  readonly #seen: Map<number, TableEntry> | undefined;
  readonly #shared: SharedLookups | undefined;

  constructor(
    engine: StorageEngine,
    options: TableCatalogOptions = {},
    cache = new Map<string, TableEntry>(),
    seen?: Map<number, TableEntry>,
    shared?: SharedLookups,
  ) {
    this.#engine = engine;
    this.#streamShards = options.streamShards ?? 1;
    this.#cache = cache;
    this.#seen = seen;
    this.#shared = shared;
  }

  /**
   * The same object for this catalog and every per-operation view of it (forOperation): what state kept per
   * node, not per run of an operation, is keyed by (idempotency-cache.ts).
   */
  get identity(): object {
    return this.#cache;
  }

  /**
   * This catalog, sharing its cache, that also notes in `seen` the first definition of each table it hands
   * out: what one operation may have decided with (table-versions.ts); on a shared engine, also `shared`.
   */
  forOperation(seen: Map<number, TableEntry>, shared?: SharedLookups): TableCatalog {
    return new TableCatalog(this.#engine, { streamShards: this.#streamShards }, this.#cache, seen, shared);
  }

  async find(name: string): Promise<TableEntry | undefined> {
    if (this.#shared?.stored) return this.refresh(name);
    const cached = this.#cache.get(name);
    const entry = cached ?? (await this.#engine.getTable<TableDefinition>(name));
    if (entry) {
      this.#cache.set(name, entry);
      this.#lookedUp(entry, cached === undefined);
    }
    return entry;
  }

  /** The table as stored now, read past the cache (which it refreshes): for answers another node may have changed. */
  async refresh(name: string): Promise<TableEntry | undefined> {
    const entry = await this.#engine.getTable<TableDefinition>(name);
    if (entry) {
      this.#cache.set(name, entry);
      this.#lookedUp(entry, true);
    } else this.#cache.delete(name);
    return entry;
  }

  /** The table, or DynamoDB's ResourceNotFoundException with the given message (item operations use the short one). */
  async require(name: string, message?: string): Promise<TableEntry> {
    const entry = await this.find(name);
    if (!entry) throw message === undefined ? tableErrors.tableNotFound(name) : tableErrors.resourceNotFound(message);
    return entry;
  }

  async list(): Promise<TableEntry[]> {
    return this.#engine.listTables<TableDefinition>();
  }

  /** Creates the table (with its stream when enabled), or returns undefined when the name is taken. */
  async create(definition: TableDefinition): Promise<TableEntry | undefined> {
    const stream = definition.stream?.enabled ? tableStreamSpec(definition, this.#streamShards) : undefined;
    const entry = await this.#engine.createTable(definition.name, definition, stream);
    if (entry) this.#cache.set(entry.name, entry);
    return entry;
  }

  /**
   * Replaces the definition with `decide(current)` in the engine's transaction; when the stream
   * changed (enabled under a new label, or disabled) the engine opens or closes it in the same one.
   */
  async update(name: string, decide: (current: TableEntry) => TableDefinition): Promise<TableEntry | undefined> {
    this.#cache.delete(name);
    const entry = await this.#engine.updateTable<TableDefinition>(name, (current) => {
      const definition = decide(current);
      return { definition, stream: this.#streamChange(current.definition, definition) };
    });
    if (entry) {
      this.#cache.set(name, entry);
      this.#changedInStorage(name);
    }
    return entry;
  }

  /** `read`: the entry was read from storage in this operation. */
  #lookedUp(entry: TableEntry, read: boolean): void {
    if (this.#seen === undefined) return;
    if (!this.#seen.has(entry.id)) this.#seen.set(entry.id, entry);
    if (read && this.#seen.get(entry.id) === entry) this.#shared?.current.add(entry.id);
  }

  /** The operation changed the table in storage, deciding with the stored definition: its answer rests on that one. */
  #changedInStorage(name: string): void {
    if (this.#seen === undefined || this.#shared === undefined) return;
    for (const entry of this.#seen.values()) if (entry.name === name) this.#shared.current.add(entry.id);
  }

  /** The stream spec to hand the engine, only when the stream's label or state changed. */
  #streamChange(previous: TableDefinition, next: TableDefinition): TableStreamSpec | undefined {
    const changed =
      next.latestStreamLabel !== previous.latestStreamLabel || (next.stream?.enabled === true) !== (previous.stream?.enabled === true);
    return changed ? tableStreamSpec(next, this.#streamShards, previous) : undefined;
  }

  /** `systemBackup`: what to keep of the table when point-in-time recovery is on for it (engine.deleteTable). */
  async delete(
    name: string,
    systemBackup?: (table: TableEntry) => NewBackup<StoredBackupDetails>,
  ): Promise<TableEntry | undefined> {
    this.#cache.delete(name);
    const removed = await this.#engine.deleteTable<TableDefinition, StoredBackupDetails>(name, systemBackup);
    if (removed) this.#changedInStorage(name);
    return removed;
  }
}
