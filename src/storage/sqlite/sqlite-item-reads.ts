import type { Database } from 'better-sqlite3';
import type { RangeQuery, ScanQuery, StoredItem } from '../engine.js';
import { HexKeyedItem } from './hex-keyed-item.js';
import { lazy, type LazyStatement } from './lazy-statement.js';
import { sortKeyRange } from './sort-key-range.js';
import { LIMIT } from './sql-limit.js';

const MAX_HASH = 0xffffffff;

/**
 * Two costs of reading many rows through better-sqlite3, measured on a 10-item Query (bench_q, in-process,
 * 30,000 reads; docs/benchmarks.md, "Query's CPU per request"):
 *
 * - A bare `LIMIT ?` re-prepares the statement at every run: `LIMIT +?` (sql-limit.ts) does not.
 * - A BLOB column comes back as a Buffer with its own ArrayBuffer (about 1 µs each, most of a row's cost);
 *   its hex text, decoded with Buffer.from, is a slice of Node's pool: a range read of 10 rows answers in
 *   19 µs rather than 27.
 *
 * Hex keys are valid UTF-8 TEXT on any connection and decode to exactly the stored bytes; each item
 * decodes its key only when it is read (hex-keyed-item.ts).
 */

/** A range read's raw row: the sort key's hex, size, doc. */
type RangeRow = [sk: string, size: number, doc: string];
/** A scan's raw row: hash, the keys' hex, size, doc. */
type ScanRow = [hash: number, pk: string, sk: string, size: number, doc: string];

type RangeParams = [tableId: number, hash: number, pk: Uint8Array, from: Uint8Array, limit: number];
type BoundedRangeParams = [tableId: number, hash: number, pk: Uint8Array, from: Uint8Array, to: Uint8Array, limit: number];

/** The items table's range reads (Query) and scans, each statement prepared on its first use. */
export class SqliteItemReads {
  readonly #rangeAsc: LazyStatement<RangeParams, RangeRow>;
  readonly #rangeDesc: LazyStatement<RangeParams, RangeRow>;
  readonly #rangeToAsc: LazyStatement<BoundedRangeParams, RangeRow>;
  readonly #rangeToDesc: LazyStatement<BoundedRangeParams, RangeRow>;
  readonly #scan: LazyStatement<[tableId: number, hashFrom: number, hashTo: number, limit: number], ScanRow>;
  readonly #scanAfter: LazyStatement<[tableId: number, hash: number, pk: Uint8Array, sk: Uint8Array, hashTo: number, limit: number], ScanRow>;

  constructor(db: Database) {
    const raw = { raw: true };
    this.#rangeAsc = lazy(db, rangeSql('', ''), raw);
    this.#rangeDesc = lazy(db, rangeSql('DESC', ''), raw);
    this.#rangeToAsc = lazy(db, rangeSql('', TO), raw);
    this.#rangeToDesc = lazy(db, rangeSql('DESC', TO), raw);
    this.#scan = lazy(db, scanSql('hash >= ? AND hash <= ?'), raw);
    this.#scanAfter = lazy(db, scanSql('(hash, pk, sk) > (?, ?, ?) AND hash <= ?'), raw);
  }

  /** Items of one partition with sort keys in the query's range, in sort-key order or reversed. */
  range(query: RangeQuery): StoredItem[] {
    const range = sortKeyRange(query);
    if (range === undefined || query.limit <= 0) return [];
    const { tableId, hash, partition, limit, reverse } = query;
    const rows =
      range.to === undefined
        ? (reverse ? this.#rangeDesc : this.#rangeAsc).all(tableId, hash, partition, range.from, limit)
        : (reverse ? this.#rangeToDesc : this.#rangeToAsc).all(tableId, hash, partition, range.from, range.to, limit);
    return rows.map(([sk, size, doc]) => new HexKeyedItem(hash, partition, sk, doc, size));
  }

  /** Items in (hash, partition, sort) order within the query's hash range, after its cursor. */
  scan(query: ScanQuery): StoredItem[] {
    const { tableId, after, limit } = query;
    const hashFrom = query.hashFrom ?? 0;
    const hashTo = query.hashTo ?? MAX_HASH;
    if (limit <= 0 || hashFrom > hashTo) return [];
    // A cursor below the segment constrains nothing; one inside it implies hash >= hashFrom.
    const rows =
      after !== undefined && after.hash >= hashFrom
        ? this.#scanAfter.all(tableId, after.hash, after.partition, after.sort, hashTo, limit)
        : this.#scan.all(tableId, hashFrom, hashTo, limit);
    return rows.map(([hash, pk, sk, size, doc]) => new HexKeyedItem(hash, pk, sk, doc, size));
  }
}

const TO = ' AND sk < ?';

/** Sort keys in [from, to) or [from, ∞), ascending or descending. */
function rangeSql(order: '' | 'DESC', to: '' | typeof TO): string {
  return `SELECT hex(sk), size, doc FROM items WHERE table_id = ? AND hash = ? AND pk = ? AND sk >= ?${to} ORDER BY sk ${order} ${LIMIT}`;
}

/** The row-value comparison is served by the primary key as one range (checked with EXPLAIN QUERY PLAN). */
function scanSql(bounds: string): string {
  return `SELECT hash, hex(pk), hex(sk), size, doc FROM items WHERE table_id = ? AND ${bounds} ORDER BY hash, pk, sk ${LIMIT}`;
}
