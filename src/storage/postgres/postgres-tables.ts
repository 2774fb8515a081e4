import type { Pool } from 'pg';
import type { TableRecord, TableStats, TableStreamSpec } from '../engine.js';
import type { NewBackup } from '../backup-store.js';
import { inTransaction, query } from './pg-pool.js';
import type { PostgresItems } from './postgres-items.js';
import type { PostgresIndexEntries } from './postgres-index-entries.js';
import type { PostgresPointInTime } from './postgres-point-in-time.js';
import type { PostgresStreams } from './postgres-streams.js';
import type { PostgresBackupStore } from './postgres-backup-store.js';

/** A ddb_tables row; the id is bigint (text from pg), the definition JSON text. */
interface TableRow {
  id: string;
  name: string;
  definition: string;
  version: string;
}

export interface TableCatalogStores {
  readonly items: PostgresItems;
  readonly indexEntries: PostgresIndexEntries;
  readonly pointInTime: PostgresPointInTime;
  readonly streams: PostgresStreams;
  readonly backups: PostgresBackupStore;
}

const toTable = <D>(row: TableRow): TableRecord<D> => ({
  id: Number(row.id),
  name: row.name,
  definition: JSON.parse(row.definition) as D,
  version: Number(row.version),
});

/**
 * The table catalog on PostgreSQL (ddb_tables, migration 11). Item writes hold their tables' rows FOR KEY
 * SHARE (postgres-item-writes.ts), so the locks here decide who waits for whom: a DeleteTable (FOR UPDATE)
 * waits for the writes in flight and turns later ones away; an UpdateTable (FOR NO KEY UPDATE, as is its
 * UPDATE, which leaves the key alone) waits only for other catalog changes, and for the writes that name
 * table versions, which hold the rows FOR SHARE so that none commits against a definition it has replaced.
 */
export class PostgresTables {
  readonly #pool: Pool;
  readonly #stores: TableCatalogStores;

  constructor(pool: Pool, stores: TableCatalogStores) {
    this.#pool = pool;
    this.#stores = stores;
  }

  async list<D>(): Promise<TableRecord<D>[]> {
    const rows = await query<TableRow>(this.#pool, 'SELECT id, name, definition, version FROM ddb_tables ORDER BY name');
    return rows.map((row) => toTable<D>(row));
  }

  async get<D>(name: string): Promise<TableRecord<D> | undefined> {
    const [row] = await query<TableRow>(this.#pool, 'SELECT id, name, definition, version FROM ddb_tables WHERE name = $1', [name]);
    return row && toTable<D>(row);
  }

  async version(name: string): Promise<{ id: number; version: number } | undefined> {
    const [row] = await query<{ id: string; version: string }>(this.#pool, 'SELECT id, version FROM ddb_tables WHERE name = $1', [name]);
    return row && { id: Number(row.id), version: Number(row.version) };
  }

  /** Two nodes creating one name: the second's insert waits for the first's commit, then does nothing. */
  async create<D>(name: string, definition: D, stream?: TableStreamSpec): Promise<TableRecord<D> | undefined> {
    return inTransaction(this.#pool, async (client) => {
      const [row] = await query<{ id: string }>(
        client,
        'INSERT INTO ddb_tables (name, definition) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING RETURNING id',
        [name, JSON.stringify(definition)],
      );
      if (row === undefined) return undefined;
      const id = Number(row.id);
      await this.#stores.streams.reconcile(client, id, name, stream);
      return { id, name, definition, version: 1 };
    });
  }

  async update<D>(
    name: string,
    decide: (current: TableRecord<D>) => { definition: D; stream?: TableStreamSpec },
  ): Promise<TableRecord<D> | undefined> {
    let closed: number | undefined;
    const table = await decided(() =>
      inTransaction(this.#pool, async (client) => {
        closed = undefined;
        const [row] = await query<TableRow>(client, 'SELECT id, name, definition, version FROM ddb_tables WHERE name = $1 FOR NO KEY UPDATE', [name]);
        if (row === undefined) return undefined;
        const current = toTable<D>(row);
        let decision: { definition: D; stream?: TableStreamSpec };
        try {
          decision = decide(current);
        } catch (error) {
          throw new Decided(error);
        }
        await query(client, 'UPDATE ddb_tables SET definition = $1, version = version + 1 WHERE id = $2', [
          JSON.stringify(decision.definition),
          current.id,
        ]);
        closed = await this.#stores.streams.reconcile(client, current.id, current.name, decision.stream);
        return { id: current.id, name: current.name, definition: decision.definition, version: current.version + 1 };
      }),
    );
    if (closed !== undefined) this.#stores.streams.shardsClosed(closed);
    return table;
  }

  async delete<D, B = unknown>(
    name: string,
    systemBackup?: (table: TableRecord<D>, stats: TableStats) => NewBackup<B>,
  ): Promise<TableRecord<D> | undefined> {
    const { items, indexEntries, pointInTime, streams, backups } = this.#stores;
    let closed: number | undefined;
    const table = await inTransaction(this.#pool, async (client) => {
      closed = undefined;
      const [row] = await query<TableRow>(client, 'SELECT id, name, definition, version FROM ddb_tables WHERE name = $1 FOR UPDATE', [name]);
      if (row === undefined) return undefined;
      const id = Number(row.id);
      if (systemBackup && (await pointInTime.isOn(client, id))) {
        await backups.copyTable(client, { id, name: row.name, definition: row.definition, version: Number(row.version) }, systemBackup);
      }
      await items.removeTable(client, id);
      await indexEntries.removeTable(client, id);
      await pointInTime.removeTable(client, id);
      await query(client, 'DELETE FROM ddb_tables WHERE id = $1', [id]);
      closed = await streams.closeTable(client, id);
      return toTable<D>(row);
    });
    if (closed !== undefined) streams.shardsClosed(closed);
    return table;
  }

  /**
   * Removes every entry of one index. The table's row is held FOR UPDATE meanwhile, so writes in flight
   * (FOR KEY SHARE) commit first and lose their entries too, and later ones wait until the entries are gone.
   */
  async deleteIndexEntries(tableId: number, index: string): Promise<void> {
    await inTransaction(this.#pool, async (client) => {
      await query(client, 'SELECT 1 FROM ddb_tables WHERE id = $1 FOR UPDATE', [tableId]);
      await this.#stores.indexEntries.removeIndex(client, tableId, index);
    });
  }
}

/** What decide threw, carried past inTransaction (which would otherwise be free to translate it). */
class Decided extends Error {
  constructor(readonly reason: unknown) {
    super('table update aborted');
  }
}

async function decided<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw error instanceof Decided ? error.reason : error;
  }
}
