import type { PoolClient } from 'pg';
import type { IndexEntry, StoredItem } from '../engine.js';
import { query } from './pg-pool.js';
import { bytes } from './postgres-index-entries.js';

/** Restored items re-indexed per read of the restored table: one page in memory, two round trips per page. */
const PAGE = 500;

interface ItemRow {
  hash: string;
  pk: Buffer;
  sk: Buffer;
  size: number;
  doc: string;
}

interface EntryRow {
  readonly item: StoredItem;
  readonly entry: IndexEntry;
}

/**
 * In a restore's transaction: writes the index entries the domain computes for every item of the newly
 * restored table `tableId`, reading it page by page in key order. A table without secondary indexes
 * (`indexEntries` answers undefined) stops at the first item.
 */
export async function indexRestored(
  client: PoolClient,
  tableId: number,
  indexEntries: (item: StoredItem) => readonly IndexEntry[] | undefined,
): Promise<void> {
  let after: ItemRow | undefined;
  for (;;) {
    const page: ItemRow[] = after
      ? await query<ItemRow>(
          client,
          `SELECT hash, pk, sk, size, doc FROM items WHERE table_id = $1 AND (hash, pk, sk) > ($2, $3, $4)
           ORDER BY hash, pk, sk LIMIT $5`,
          [tableId, after.hash, after.pk, after.sk, PAGE],
        )
      : await query<ItemRow>(client, 'SELECT hash, pk, sk, size, doc FROM items WHERE table_id = $1 ORDER BY hash, pk, sk LIMIT $2', [tableId, PAGE]);
    const rows: EntryRow[] = [];
    for (const row of page) {
      const item: StoredItem = { key: { hash: Number(row.hash), partition: row.pk, sort: row.sk }, json: row.doc, size: row.size };
      const entries = indexEntries(item);
      if (entries === undefined) return;
      for (const entry of entries) rows.push({ item, entry });
    }
    if (rows.length > 0) await insertEntries(client, tableId, rows);
    if (page.length < PAGE) return;
    after = page[page.length - 1];
  }
}

async function insertEntries(client: PoolClient, tableId: number, rows: readonly EntryRow[]): Promise<void> {
  await query(
    client,
    `INSERT INTO index_entries (table_id, index_name, hash, pk, sk, item_pk, item_sk, size, doc)
     SELECT $1, * FROM unnest($2::text[], $3::bigint[], $4::bytea[], $5::bytea[], $6::bytea[], $7::bytea[], $8::int4[], $9::text[])`,
    [
      tableId,
      rows.map((r) => r.entry.index),
      rows.map((r) => r.entry.key.hash),
      rows.map((r) => bytes(r.entry.key.partition)),
      rows.map((r) => bytes(r.entry.key.sort)),
      rows.map((r) => bytes(r.item.key.partition)),
      rows.map((r) => bytes(r.item.key.sort)),
      rows.map((r) => r.entry.size),
      rows.map((r) => r.entry.json),
    ],
  );
}
