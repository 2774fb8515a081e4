import type { Pool } from 'pg';
import type { BaseKey, IndexRangeQuery, IndexScanQuery, StoredIndexEntry, TableStats } from '../engine.js';
import { sortKeyRange } from '../sqlite/sort-key-range.js';
import { query, type PgQueryable } from './pg-pool.js';
import { checkTableVersion, readAtVersion } from './postgres-versioned-reads.js';

const MAX_HASH = 0xffffffff;

/** bigint columns arrive as text (pg-pool.ts); bytea as Buffer. */
interface EntryRow {
  hash: string;
  pk: Buffer;
  sk: Buffer;
  item_pk: Buffer;
  item_sk: Buffer;
  size: number;
  doc: string;
}

const COLUMNS = 'SELECT hash, pk, sk, item_pk, item_sk, size, doc FROM index_entries';

/** pg sends a Buffer as bytea; a Uint8Array that is not one is wrapped (no copy). */
export function bytes(view: Uint8Array): Buffer {
  return Buffer.isBuffer(view) ? view : Buffer.from(view.buffer, view.byteOffset, view.byteLength);
}

/**
 * The engine's secondary-index entries on PostgreSQL (index_entries, migration 11), as SQLite's
 * sqlite-index-entries.ts: the reads, and the removals of a DeleteTable or a deleted index (a write's
 * replacements are in postgres-write-statements.ts).
 */
export class PostgresIndexEntries {
  readonly #pool: Pool;

  constructor(pool: Pool) {
    this.#pool = pool;
  }

  async removeTable(client: PgQueryable, tableId: number): Promise<void> {
    await query(client, 'DELETE FROM index_entries WHERE table_id = $1', [tableId]);
  }

  async removeIndex(client: PgQueryable, tableId: number, index: string): Promise<void> {
    await query(client, 'DELETE FROM index_entries WHERE table_id = $1 AND index_name = $2', [tableId, index]);
  }

  async stats(tableId: number): Promise<Map<string, TableStats>> {
    const rows = await query<{ name: string; item_count: string; size_bytes: string }>(
      this.#pool,
      `SELECT index_name AS name, count(*) AS item_count, coalesce(sum(size), 0) AS size_bytes
       FROM index_entries WHERE table_id = $1 GROUP BY index_name ORDER BY index_name`,
      [tableId],
    );
    return new Map(rows.map((row) => [row.name, { itemCount: Number(row.item_count), sizeBytes: Number(row.size_bytes) }]));
  }

  async range(request: IndexRangeQuery): Promise<StoredIndexEntry[]> {
    const { after: cursor, ...bounds } = request; // the cursor is a row-value bound here, not a sort-key bound
    const range = sortKeyRange(bounds);
    if (range === undefined || request.limit <= 0) return checkTableVersion(this.#pool, request.tableId, request.tableVersion).then(() => []);
    const { tableId, index, hash, partition, reverse } = request;
    const params: unknown[] = [tableId, index, hash, bytes(partition)];
    const conditions = ['table_id = $1', 'index_name = $2', 'hash = $3', 'pk = $4'];
    const bind = (value: unknown) => `$${params.push(value)}`;
    // As on SQLite: a cursor inside the range replaces the bound on its side, so the scan seeks to the
    // row value rather than walking every entry sharing its sort key; one outside constrains nothing.
    const outside =
      cursor !== undefined &&
      (reverse
        ? range.to !== undefined && Buffer.compare(cursor.key.sort, range.to) >= 0
        : Buffer.compare(cursor.key.sort, range.from) < 0);
    const after = outside ? undefined : cursor;
    if (after === undefined || reverse) conditions.push(`sk >= ${bind(bytes(range.from))}`);
    if (range.to !== undefined && (after === undefined || !reverse)) conditions.push(`sk < ${bind(bytes(range.to))}`);
    if (after !== undefined) {
      const row = [after.key.sort, after.itemKey.partition, after.itemKey.sort].map((b) => bind(bytes(b)));
      conditions.push(`(sk, item_pk, item_sk) ${reverse ? '<' : '>'} (${row.join(', ')})`);
    }
    const order = reverse ? 'sk DESC, item_pk DESC, item_sk DESC' : 'sk, item_pk, item_sk';
    const limit = bind(request.limit);
    return this.#all(`${COLUMNS} WHERE ${conditions.join(' AND ')} ORDER BY ${order} LIMIT ${limit}`, order, params, request.tableVersion);
  }

  async scan(request: IndexScanQuery): Promise<StoredIndexEntry[]> {
    const { tableId, index, after, limit, tableVersion } = request;
    const hashFrom = request.hashFrom ?? 0;
    const hashTo = request.hashTo ?? MAX_HASH;
    if (limit <= 0 || hashFrom > hashTo) return checkTableVersion(this.#pool, tableId, tableVersion).then(() => []);
    const order = 'hash, pk, sk, item_pk, item_sk';
    // A cursor below the segment constrains nothing; one inside it implies hash >= hashFrom.
    if (after !== undefined && after.key.hash >= hashFrom) {
      const { key, itemKey } = after;
      return this.#all(
        `${COLUMNS} WHERE table_id = $1 AND index_name = $2 AND (hash, pk, sk, item_pk, item_sk) > ($3, $4, $5, $6, $7) AND hash <= $8
         ORDER BY ${order} LIMIT $9`,
        order,
        [tableId, index, key.hash, bytes(key.partition), bytes(key.sort), bytes(itemKey.partition), bytes(itemKey.sort), hashTo, limit],
        tableVersion,
      );
    }
    return this.#all(
      `${COLUMNS} WHERE table_id = $1 AND index_name = $2 AND hash >= $3 AND hash <= $4 ORDER BY ${order} LIMIT $5`,
      order,
      [tableId, index, hashFrom, hashTo, limit],
      tableVersion,
    );
  }

  /** With `tableVersion`, the read also checks the table's version in its one statement (postgres-versioned-reads.ts). */
  async #all(text: string, order: string, params: unknown[], tableVersion: number | undefined): Promise<StoredIndexEntry[]> {
    return (await readAtVersion<EntryRow>(this.#pool, text, order, params, tableVersion)).map(toEntry);
  }
}

function toEntry(row: EntryRow): StoredIndexEntry {
  const itemKey: BaseKey = { partition: row.item_pk, sort: row.item_sk };
  return { key: { hash: Number(row.hash), partition: row.pk, sort: row.sk }, itemKey, json: row.doc, size: row.size };
}
