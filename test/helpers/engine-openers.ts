import type { StorageEngine } from '../../src/storage/engine.js';
import { openSqliteEngine } from '../../src/storage/sqlite/sqlite-engine.js';
import { openPostgresEngine } from '../../src/storage/postgres/postgres-engine.js';
import { encodeKeyValue, partitionHash } from '../../src/storage/key-encoding.js';
import type { ItemKey } from '../../src/storage/engine.js';
import type { StoreOpeners } from './store-contract.js';
import type { QueueStore } from '../../src/storage/queue-store.js';
import { openPgPool } from '../../src/storage/postgres/pg-pool.js';
import { applyPostgresMigrations } from '../../src/storage/postgres/postgres-migrations.js';
import { PostgresQueueStore } from '../../src/storage/postgres/postgres-queue-store.js';

/** describeStoreContract openers for the whole StorageEngine: a SQLite file, or a PostgreSQL database; `now` is the engines' clock. */
export function engineOpeners(now?: () => number): StoreOpeners<StorageEngine> {
  return {
    sqlite(path) {
      const engine = openSqliteEngine({ path, ...(now && { now }) });
      return { store: engine, close: () => engine.close() };
    },
    async postgres(url) {
      const engine = await openPostgresEngine({ url, ...(now && { now }) });
      return { store: engine, close: () => engine.close() };
    },
  };
}

export const ENGINE_OPENERS = engineOpeners();

/** describeStoreContract openers for the QueueStore alone: a SQLite engine's, or one on a PostgreSQL pool of 4. */
export const QUEUE_OPENERS: StoreOpeners<QueueStore> = {
  sqlite(path) {
    const engine = openSqliteEngine({ path });
    return { store: engine.queues, close: () => engine.close() };
  },
  async postgres(url) {
    const pool = await openPgPool({ url, size: 4 });
    await applyPostgresMigrations(pool);
    return { store: new PostgresQueueStore(pool), close: () => pool.end() };
  },
};

/** The encoded key of a string partition key and optional string sort key. */
export function keyOf(pk: string, sk?: string): ItemKey {
  const partition = encodeKeyValue({ S: pk });
  return { hash: partitionHash(partition), partition, sort: sk === undefined ? new Uint8Array(0) : encodeKeyValue({ S: sk }) };
}

export const item = (json: string) => ({ json, size: json.length });

/** Writes (or deletes, with null) one item unconditionally. */
export async function put(engine: StorageEngine, tableId: number, key: ItemKey, json: string | null): Promise<void> {
  await engine.writeItems({
    targets: [{ tableId, key }],
    decide: () => ({ mutations: [{ target: 0, item: json === null ? null : item(json) }], result: undefined }),
  });
}
