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

/**
 * Every statement the engine runs on tables and single items, prepared once at open (preparing costs more than
 * running); range reads and scans are in sqlite-item-reads.ts.
 */
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
  }
}
