import type { Pool } from 'pg';
import type { ItemKey, RangeQuery, ScanQuery, StoredItem, TableStats } from '../engine.js';
import { sortKeyRange } from '../sqlite/sort-key-range.js';
import { query, type PgQueryable } from './pg-pool.js';
import { bytes } from './postgres-index-entries.js';

const MAX_HASH = 0xffffffff;

/** One item a write leaves behind: its new version, or null when it deletes it. */
export interface ItemState {
  readonly tableId: number;
  readonly key: ItemKey;
  readonly item: { readonly json: string; readonly size: number } | null;
}

/**
 * Items on PostgreSQL (items, migration 11): the reads, and the statements of a write, which runs in the
 * caller's transaction. Keys are bytea, whose order (memcmp, then length) is the key encoding's, so a
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

  /**
   * In the caller's transaction: the current version of each target, and which of `tableIds` have
   * point-in-time recovery on, in one statement. The caller holds the targets' locks and its tables' rows
   * already: this statement's snapshot, taken after they were granted, holds every write that held them
   * before, and an enabling of recovery that committed before them (PostgresPointInTime.enable locks the
   * table's row FOR UPDATE, so it either committed before or copies its base after this write commits).
   * Asking here saves the write a statement to the recovery store when recovery is off.
   */
  async readTargets(
    client: PgQueryable,
    targets: readonly { tableId: number; key: ItemKey }[],
    tableIds: readonly number[],
  ): Promise<{ current: (StoredItem | undefined)[]; recovering: Set<number> }> {
    const current: (StoredItem | undefined)[] = targets.map(() => undefined);
    const rows = await query<{ recovering: string[]; n: string | null; size: number; doc: string }>(
      client,
      `SELECT r.recovering, found.n, found.size, found.doc
       FROM (SELECT array(SELECT table_id FROM recovery_tables WHERE table_id = ANY($5::bigint[])) AS recovering) AS r
       LEFT JOIN (
         SELECT t.n, i.size, i.doc
         FROM unnest($1::bigint[], $2::bigint[], $3::bytea[], $4::bytea[]) WITH ORDINALITY AS t(table_id, hash, pk, sk, n)
         JOIN items i ON i.table_id = t.table_id AND i.hash = t.hash AND i.pk = t.pk AND i.sk = t.sk
       ) AS found ON true`,
      [
        targets.map((t) => t.tableId),
        targets.map((t) => t.key.hash),
        targets.map((t) => bytes(t.key.partition)),
        targets.map((t) => bytes(t.key.sort)),
        tableIds,
      ],
    );
    for (const row of rows) {
      if (row.n === null) continue;
      const index = Number(row.n) - 1;
      current[index] = { key: targets[index]!.key, json: row.doc, size: row.size };
    }
    return { current, recovering: new Set((rows[0]?.recovering ?? []).map(Number)) };
  }

  /**
   * In the caller's transaction: writes the final state of each item (distinct keys: an upsert cannot
   * touch one row twice), one statement for the new versions and one for the deletions.
   */
  async apply(client: PgQueryable, states: readonly ItemState[]): Promise<void> {
    const puts = states.filter((s) => s.item !== null);
    const deletes = states.filter((s) => s.item === null);
    if (puts.length > 0) {
      await query(
        client,
        `INSERT INTO items (table_id, hash, pk, sk, size, doc)
         SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bytea[], $4::bytea[], $5::int4[], $6::text[])
         ON CONFLICT (table_id, hash, pk, sk) DO UPDATE SET size = excluded.size, doc = excluded.doc`,
        [...keyColumns(puts), puts.map((s) => s.item!.size), puts.map((s) => s.item!.json)],
      );
    }
    if (deletes.length > 0) {
      await query(
        client,
        `DELETE FROM items i USING unnest($1::bigint[], $2::bigint[], $3::bytea[], $4::bytea[]) AS d(table_id, hash, pk, sk)
         WHERE i.table_id = d.table_id AND i.hash = d.hash AND i.pk = d.pk AND i.sk = d.sk`,
        keyColumns(deletes),
      );
    }
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

function keyColumns(states: readonly ItemState[]): [number[], number[], Buffer[], Buffer[]] {
  return [
    states.map((s) => s.tableId),
    states.map((s) => s.key.hash),
    states.map((s) => bytes(s.key.partition)),
    states.map((s) => bytes(s.key.sort)),
  ];
}
