import type { StorageEngine, TableRecord } from '../storage/engine.js';
import { tableErrors } from './errors.js';
import type { TableDefinition } from './table-definition.js';

export type TableEntry = TableRecord<TableDefinition>;

/**
 * The tables this node knows, read through to the engine and cached by name. Every change to a table
 * definition goes through here so the cache never serves a stale definition within this process.
 */
export class TableCatalog {
  readonly #engine: StorageEngine;
  readonly #cache = new Map<string, TableEntry>();

  constructor(engine: StorageEngine) {
    this.#engine = engine;
  }

  async find(name: string): Promise<TableEntry | undefined> {
    const cached = this.#cache.get(name);
    if (cached) return cached;
    const entry = await this.#engine.getTable<TableDefinition>(name);
    if (entry) this.#cache.set(name, entry);
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

  /** Creates the table, or returns undefined when the name is taken. */
  async create(definition: TableDefinition): Promise<TableEntry | undefined> {
    const entry = await this.#engine.createTable(definition.name, definition);
    if (entry) this.#cache.set(entry.name, entry);
    return entry;
  }

  async update(name: string, decide: (current: TableEntry) => TableDefinition): Promise<TableEntry | undefined> {
    this.#cache.delete(name);
    const entry = await this.#engine.updateTable<TableDefinition>(name, decide);
    if (entry) this.#cache.set(name, entry);
    return entry;
  }

  async delete(name: string): Promise<TableEntry | undefined> {
    this.#cache.delete(name);
    return this.#engine.deleteTable<TableDefinition>(name);
  }
}
