import type { Database, Statement } from 'better-sqlite3';
import type { TableRecord } from '../engine.js';

type Key = [tableId: number, hash: number, pk: Uint8Array, sk: Uint8Array];

export interface TableRow {
  id: number;
  name: string;
  definition: string;
  version: number;
}

export function toTable<D>(row: TableRow): TableRecord<D> {
  return { id: row.id, name: row.name, definition: JSON.parse(row.definition) as D, version: row.version };
}

export interface ItemRow {
  size: number;
  doc: string;
}

export interface SortedItemRow extends ItemRow {
  sk: Buffer;
}

/** A range read's raw row: sk, size, doc. */
export type SortedItemTuple = [sk: Buffer, size: number, doc: string];

export interface ScannedItemRow extends SortedItemRow {
  hash: number;
  pk: Buffer;
}

/** Every statement the engine runs, prepared once at open (preparing costs more than running). */
export class SqliteStatements {
  readonly begin: Statement<[]>;
  readonly commit: Statement<[]>;
  readonly rollback: Statement<[]>;

  readonly listTables: Statement<[], TableRow>;
  readonly getTable: Statement<[name: string], TableRow>;
  readonly insertTable: Statement<[name: string, definition: string]>;
  readonly updateTable: Statement<[definition: string, id: number]>;
  readonly tableVersion: Statement<[id: number], { version: number }>;
  readonly deleteTable: Statement<[id: number]>;
  readonly deleteTableItems: Statement<[tableId: number]>;
  readonly tableStats: Statement<[tableId: number], { itemCount: number; sizeBytes: number }>;

  readonly getItem: Statement<Key, ItemRow>;
  readonly putItem: Statement<[...Key, size: number, doc: string]>;
  readonly deleteItem: Statement<Key>;

  /** Sort keys in [from, to) or [from, ∞), ascending or descending. */
  /** Range reads answer raw rows (arrays: sk, size, doc), which better-sqlite3 builds faster than objects. */
  readonly rangeAsc: Statement<[tableId: number, hash: number, pk: Uint8Array, from: Uint8Array, limit: number], SortedItemTuple>;
  readonly rangeDesc: Statement<[tableId: number, hash: number, pk: Uint8Array, from: Uint8Array, limit: number], SortedItemTuple>;
  readonly rangeToAsc: Statement<[tableId: number, hash: number, pk: Uint8Array, from: Uint8Array, to: Uint8Array, limit: number], SortedItemTuple>;
  readonly rangeToDesc: Statement<[tableId: number, hash: number, pk: Uint8Array, from: Uint8Array, to: Uint8Array, limit: number], SortedItemTuple>;

  readonly scan: Statement<[tableId: number, hashFrom: number, hashTo: number, limit: number], ScannedItemRow>;
  readonly scanAfter: Statement<[tableId: number, ...after: [number, Uint8Array, Uint8Array], hashTo: number, limit: number], ScannedItemRow>;

  constructor(db: Database) {
    this.begin = db.prepare('BEGIN IMMEDIATE');
    this.commit = db.prepare('COMMIT');
    this.rollback = db.prepare('ROLLBACK');

    this.listTables = db.prepare('SELECT id, name, definition, version FROM tables ORDER BY name');
    this.getTable = db.prepare('SELECT id, name, definition, version FROM tables WHERE name = ?');
    this.insertTable = db.prepare('INSERT INTO tables (name, definition) VALUES (?, ?) ON CONFLICT (name) DO NOTHING');
    this.updateTable = db.prepare('UPDATE tables SET definition = ?, version = version + 1 WHERE id = ?');
    this.tableVersion = db.prepare('SELECT version FROM tables WHERE id = ?');
    this.deleteTable = db.prepare('DELETE FROM tables WHERE id = ?');
    this.deleteTableItems = db.prepare('DELETE FROM items WHERE table_id = ?');
    this.tableStats = db.prepare(
      'SELECT count(*) AS itemCount, coalesce(sum(size), 0) AS sizeBytes FROM items WHERE table_id = ?',
    );

    const key = 'table_id = ? AND hash = ? AND pk = ? AND sk = ?';
    this.getItem = db.prepare(`SELECT size, doc FROM items WHERE ${key}`);
    this.putItem = db.prepare(
      `INSERT INTO items (table_id, hash, pk, sk, size, doc) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (table_id, hash, pk, sk) DO UPDATE SET size = excluded.size, doc = excluded.doc`,
    );
    this.deleteItem = db.prepare(`DELETE FROM items WHERE ${key}`);

    const range = 'SELECT sk, size, doc FROM items WHERE table_id = ? AND hash = ? AND pk = ? AND sk >= ?';
    this.rangeAsc = db.prepare<[number, number, Uint8Array, Uint8Array, number], SortedItemTuple>(`${range} ORDER BY sk LIMIT ?`).raw(true);
    this.rangeDesc = db.prepare<[number, number, Uint8Array, Uint8Array, number], SortedItemTuple>(`${range} ORDER BY sk DESC LIMIT ?`).raw(true);
    this.rangeToAsc = db
      .prepare<[number, number, Uint8Array, Uint8Array, Uint8Array, number], SortedItemTuple>(`${range} AND sk < ? ORDER BY sk LIMIT ?`)
      .raw(true);
    this.rangeToDesc = db
      .prepare<[number, number, Uint8Array, Uint8Array, Uint8Array, number], SortedItemTuple>(`${range} AND sk < ? ORDER BY sk DESC LIMIT ?`)
      .raw(true);

    const scan = 'SELECT hash, pk, sk, size, doc FROM items WHERE table_id = ?';
    this.scan = db.prepare(`${scan} AND hash >= ? AND hash <= ? ORDER BY hash, pk, sk LIMIT ?`);
    // The row-value comparison is served by the primary key as one range (checked with EXPLAIN QUERY PLAN).
    this.scanAfter = db.prepare(`${scan} AND (hash, pk, sk) > (?, ?, ?) AND hash <= ? ORDER BY hash, pk, sk LIMIT ?`);
  }
}
