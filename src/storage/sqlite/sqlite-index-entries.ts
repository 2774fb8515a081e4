import type { Database, Statement } from 'better-sqlite3';
import type {
  BaseKey,
  IndexEntry,
  IndexRangeQuery,
  IndexScanQuery,
  ItemKey,
  StoredIndexEntry,
  TableStats,
} from '../engine.js';
import { sortKeyRange } from './sort-key-range.js';
import { LIMIT } from './sql-limit.js';

const MAX_HASH = 0xffffffff;

/**
 * An entry as read, a raw row: its keys as hex text (see sqlite-item-reads.ts for why), unnamed, so that the
 * ORDER BY terms name the BLOB columns and not a hex result column.
 */
type EntryRow = [hash: number, pk: string, sk: string, itemPk: string, itemSk: string, size: number, doc: string];

type Params = (number | string | Uint8Array)[];

const COLUMNS = 'SELECT hash, hex(pk), hex(sk), hex(item_pk), hex(item_sk), size, doc FROM index_entries';

/**
 * The engine's secondary-index entries (table index_entries, migration 5). Writes run inside the
 * engine's open transaction; this class never begins or commits one. Range and scan statements
 * vary with the bounds and cursor present, so they are prepared on first use and kept.
 */
export class SqliteIndexEntries {
  readonly #db: Database;
  readonly #statements = new Map<string, Statement<Params, EntryRow>>();
  readonly #removeItem: Statement<[tableId: number, pk: Uint8Array, sk: Uint8Array]>;
  readonly #insert: Statement<[number, string, number, Uint8Array, Uint8Array, Uint8Array, Uint8Array, number, string]>;
  readonly #removeTable: Statement<[tableId: number]>;
  readonly #removeIndex: Statement<[tableId: number, index: string]>;
  readonly #stats: Statement<[tableId: number], { name: string; itemCount: number; sizeBytes: number }>;

  constructor(db: Database) {
    this.#db = db;
    // Without statistics the planner prefers the primary key's table_id prefix (every entry of the
    // table) to the item index; INDEXED BY keeps a write's cost independent of the table's size.
    this.#removeItem = db.prepare(
      'DELETE FROM index_entries INDEXED BY index_entries_by_item WHERE table_id = ? AND item_pk = ? AND item_sk = ?',
    );
    this.#insert = db.prepare(
      `INSERT INTO index_entries (table_id, index_name, hash, pk, sk, item_pk, item_sk, size, doc)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.#removeTable = db.prepare('DELETE FROM index_entries WHERE table_id = ?');
    this.#removeIndex = db.prepare('DELETE FROM index_entries WHERE table_id = ? AND index_name = ?');
    this.#stats = db.prepare(
      `SELECT index_name AS name, count(*) AS itemCount, coalesce(sum(size), 0) AS sizeBytes
       FROM index_entries WHERE table_id = ? GROUP BY index_name`,
    );
  }

  /** Replaces the item's entries (all indexes) with `entries`; none removes them. */
  replace(tableId: number, item: ItemKey, entries: readonly IndexEntry[] | undefined): void {
    this.#removeItem.run(tableId, item.partition, item.sort);
    if (entries === undefined) return;
    for (const entry of entries) {
      const { key } = entry;
      this.#insert.run(tableId, entry.index, key.hash, key.partition, key.sort, item.partition, item.sort, entry.size, entry.json);
    }
  }

  removeTable(tableId: number): void {
    this.#removeTable.run(tableId);
  }

  removeIndex(tableId: number, index: string): void {
    this.#removeIndex.run(tableId, index);
  }

  stats(tableId: number): Map<string, TableStats> {
    const result = new Map<string, TableStats>();
    for (const row of this.#stats.all(tableId)) result.set(row.name, { itemCount: row.itemCount, sizeBytes: row.sizeBytes });
    return result;
  }

  range(query: IndexRangeQuery): StoredIndexEntry[] {
    const { after: cursor, ...bounds } = query; // the cursor is a row-value bound here, not a sort-key bound
    const range = sortKeyRange(bounds);
    if (range === undefined || query.limit <= 0) return [];
    const { tableId, index, hash, partition, reverse } = query;
    let where = 'table_id = ? AND index_name = ? AND hash = ? AND pk = ?';
    const params: Params = [tableId, index, hash, partition];
    // A cursor inside the range replaces the bound on its side, so that SQLite seeks to it with the
    // row value rather than walking every entry sharing its sort key (a GSI partition may hold
    // thousands); one outside the range on that side constrains nothing.
    const outside =
      cursor !== undefined &&
      (reverse
        ? range.to !== undefined && Buffer.compare(cursor.key.sort, range.to) >= 0
        : Buffer.compare(cursor.key.sort, range.from) < 0);
    const after = outside ? undefined : cursor;
    if (after === undefined || reverse) {
      where += ' AND sk >= ?';
      params.push(range.from);
    }
    if (range.to !== undefined && (after === undefined || !reverse)) {
      where += ' AND sk < ?';
      params.push(range.to);
    }
    if (after !== undefined) {
      where += ` AND (sk, item_pk, item_sk) ${reverse ? '<' : '>'} (?, ?, ?)`;
      params.push(after.key.sort, after.itemKey.partition, after.itemKey.sort);
    }
    const order = reverse ? 'sk DESC, item_pk DESC, item_sk DESC' : 'sk, item_pk, item_sk';
    params.push(query.limit);
    return this.#all(`${COLUMNS} WHERE ${where} ORDER BY ${order} ${LIMIT}`, params);
  }

  scan(query: IndexScanQuery): StoredIndexEntry[] {
    const { tableId, index, after, limit } = query;
    const hashFrom = query.hashFrom ?? 0;
    const hashTo = query.hashTo ?? MAX_HASH;
    if (limit <= 0 || hashFrom > hashTo) return [];
    let where = 'table_id = ? AND index_name = ?';
    const params: Params = [tableId, index];
    // A cursor below the segment constrains nothing; one inside it implies hash >= hashFrom.
    if (after !== undefined && after.key.hash >= hashFrom) {
      where += ' AND (hash, pk, sk, item_pk, item_sk) > (?, ?, ?, ?, ?)';
      const { key, itemKey } = after;
      params.push(key.hash, key.partition, key.sort, itemKey.partition, itemKey.sort);
    } else {
      where += ' AND hash >= ?';
      params.push(hashFrom);
    }
    where += ' AND hash <= ?';
    params.push(hashTo, limit);
    return this.#all(`${COLUMNS} WHERE ${where} ORDER BY hash, pk, sk, item_pk, item_sk ${LIMIT}`, params);
  }

  #all(sql: string, params: Params): StoredIndexEntry[] {
    let statement = this.#statements.get(sql);
    if (statement === undefined) {
      statement = this.#db.prepare<Params, EntryRow>(sql).raw(true);
      this.#statements.set(sql, statement);
    }
    return statement.all(...params).map(toEntry);
  }
}

function toEntry([hash, pk, sk, itemPk, itemSk, size, doc]: EntryRow): StoredIndexEntry {
  const itemKey: BaseKey = { partition: Buffer.from(itemPk, 'hex'), sort: Buffer.from(itemSk, 'hex') };
  return { key: { hash, partition: Buffer.from(pk, 'hex'), sort: Buffer.from(sk, 'hex') }, itemKey, json: doc, size };
}
