import type { Pool } from 'pg';
import type { ItemKey, RangeQuery, ScanQuery, StoredItem, TableStats } from '../engine.js';
import { sortKeyRange } from '../sqlite/sort-key-range.js';
import { query, type PgQueryable } from './pg-pool.js';
import { bytes } from './postgres-index-entries.js';
import { checkTableVersion, readAtVersion } from './postgres-versioned-reads.js';

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

  async get(tableId: number, key: ItemKey, tableVersion?: number): Promise<StoredItem | undefined> {
    const [row] = await readAtVersion<{ size: number; doc: string }>(
      this.#pool,
      'SELECT size, doc FROM items WHERE table_id = $1 AND hash = $2 AND pk = $3 AND sk = $4',
      '',
      [tableId, key.hash, bytes(key.partition), bytes(key.sort)],
      tableVersion,
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
    const { tableId, hash, partition, limit, tableVersion } = request;
    if (range === undefined || limit <= 0) return checkTableVersion(this.#pool, tableId, tableVersion).then(() => []);
    const order = request.reverse ? 'sk DESC' : 'sk';
    const where = 'table_id = $1 AND hash = $2 AND pk = $3 AND sk >= $4';
    const rows =
      range.to === undefined
        ? await readAtVersion<{ sk: Buffer; size: number; doc: string }>(
            this.#pool,
            `SELECT sk, size, doc FROM items WHERE ${where} ORDER BY ${order} LIMIT $5`,
            order,
            [tableId, hash, bytes(partition), bytes(range.from), limit],
            tableVersion,
          )
        : await readAtVersion<{ sk: Buffer; size: number; doc: string }>(
            this.#pool,
            `SELECT sk, size, doc FROM items WHERE ${where} AND sk < $5 ORDER BY ${order} LIMIT $6`,
            order,
            [tableId, hash, bytes(partition), bytes(range.from), bytes(range.to), limit],
            tableVersion,
          );
    return rows.map((row) => ({ key: { hash, partition, sort: row.sk }, json: row.doc, size: row.size }));
  }

  async scan(request: ScanQuery): Promise<StoredItem[]> {
    const { tableId, after, limit, tableVersion } = request;
    const hashFrom = request.hashFrom ?? 0;
    const hashTo = request.hashTo ?? MAX_HASH;
    if (limit <= 0 || hashFrom > hashTo) return checkTableVersion(this.#pool, tableId, tableVersion).then(() => []);
    const columns = 'SELECT hash, pk, sk, size, doc FROM items WHERE table_id = $1';
    const order = 'hash, pk, sk';
    // A cursor below the segment constrains nothing; one inside it implies hash >= hashFrom.
    const rows =
      after !== undefined && after.hash >= hashFrom
        ? await readAtVersion<ScannedRow>(
            this.#pool,
            `${columns} AND (hash, pk, sk) > ($2, $3, $4) AND hash <= $5 ORDER BY ${order} LIMIT $6`,
            order,
            [tableId, after.hash, bytes(after.partition), bytes(after.sort), hashTo, limit],
            tableVersion,
          )
        : await readAtVersion<ScannedRow>(this.#pool, `${columns} AND hash >= $2 AND hash <= $3 ORDER BY ${order} LIMIT $4`, order, [tableId, hashFrom, hashTo, limit], tableVersion);
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
