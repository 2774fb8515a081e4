import type { Pool } from 'pg';
import type { ItemKey, RangeQuery, ScanQuery, StoredItem, TableStats } from '../engine.js';
import { sortKeyRange } from '../sqlite/sort-key-range.js';
import { query, type PgQueryable } from './pg-pool.js';
import { bytes } from './postgres-index-entries.js';

const MAX_HASH = 0xffffffff;

/**
 * Items on PostgreSQL (items, migration 11): the reads (a write's statements are in
 * postgres-write-statements.ts). Keys are bytea, whose order (memcmp, then length) is the key encoding's, so a
 * range read is one primary-key range and a scan cursor one row-value comparison.
 */
export class PostgresItems {
  readonly #pool: Pool;

  constructor(pool: Pool) {
    this.#pool = pool;
  }

  async get(tableId: number, key: ItemKey): Promise<StoredItem | undefined> {
    const [row] = await query<{ size: number; doc: string }>(
      this.#pool,
      'SELECT size, doc FROM items WHERE table_id = $1 AND hash = $2 AND pk = $3 AND sk = $4',
      [tableId, key.hash, bytes(key.partition), bytes(key.sort)],
    );
    return row && { key, json: row.doc, size: row.size };
  }

  async removeTable(client: PgQueryable, tableId: number): Promise<void> {
    await query(client, 'DELETE FROM items WHERE table_id = $1', [tableId]);
  }

  async stats(tableId: number): Promise<TableStats> {
    const [row] = await query<{ item_count: string; size_bytes: string }>(
      this.#pool,
      'SELECT count(*) AS item_count, coalesce(sum(size), 0) AS size_bytes FROM items WHERE table_id = $1',
      [tableId],
    );
    return { itemCount: Number(row!.item_count), sizeBytes: Number(row!.size_bytes) };
  }

  async range(request: RangeQuery): Promise<StoredItem[]> {
    const range = sortKeyRange(request);
    if (range === undefined || request.limit <= 0) return [];
    const { tableId, hash, partition, limit } = request;
    const order = request.reverse ? 'DESC' : '';
    const where = 'table_id = $1 AND hash = $2 AND pk = $3 AND sk >= $4';
    const rows =
      range.to === undefined
        ? await query<{ sk: Buffer; size: number; doc: string }>(
            this.#pool,
            `SELECT sk, size, doc FROM items WHERE ${where} ORDER BY sk ${order} LIMIT $5`,
            [tableId, hash, bytes(partition), bytes(range.from), limit],
          )
        : await query<{ sk: Buffer; size: number; doc: string }>(
            this.#pool,
            `SELECT sk, size, doc FROM items WHERE ${where} AND sk < $5 ORDER BY sk ${order} LIMIT $6`,
            [tableId, hash, bytes(partition), bytes(range.from), bytes(range.to), limit],
          );
    return rows.map((row) => ({ key: { hash, partition, sort: row.sk }, json: row.doc, size: row.size }));
  }

  async scan(request: ScanQuery): Promise<StoredItem[]> {
    const { tableId, after, limit } = request;
    const hashFrom = request.hashFrom ?? 0;
    const hashTo = request.hashTo ?? MAX_HASH;
    if (limit <= 0 || hashFrom > hashTo) return [];
    const columns = 'SELECT hash, pk, sk, size, doc FROM items WHERE table_id = $1';
    // A cursor below the segment constrains nothing; one inside it implies hash >= hashFrom.
    const rows =
      after !== undefined && after.hash >= hashFrom
        ? await query<ScannedRow>(
            this.#pool,
            `${columns} AND (hash, pk, sk) > ($2, $3, $4) AND hash <= $5 ORDER BY hash, pk, sk LIMIT $6`,
            [tableId, after.hash, bytes(after.partition), bytes(after.sort), hashTo, limit],
          )
        : await query<ScannedRow>(this.#pool, `${columns} AND hash >= $2 AND hash <= $3 ORDER BY hash, pk, sk LIMIT $4`, [
            tableId,
            hashFrom,
            hashTo,
            limit,
          ]);
    return rows.map((row) => ({ key: { hash: Number(row.hash), partition: row.pk, sort: row.sk }, json: row.doc, size: row.size }));
  }
}

/** hash is bigint: text from pg. */
interface ScannedRow {
  hash: string;
  pk: Buffer;
  sk: Buffer;
  size: number;
  doc: string;
}
