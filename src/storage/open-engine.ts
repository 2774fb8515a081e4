import { join } from 'node:path';
import type { StorageEngine } from './engine.js';
import { openSqliteEngine } from './sqlite/sqlite-engine.js';
import type { Durability } from './sqlite/sqlite-wal.js';

/** Where state lives: embedded SQLite (a data directory, or memory), or a PostgreSQL database several nodes may share. */
export interface StorageChoice {
  /** `postgres://user:password@host:port/database` (startEddy's `storage`, `--storage`, EDDY_STORAGE), or its URL and pool size. */
  readonly storage?: string | { readonly url: string; readonly poolSize?: number };
  readonly data?: string;
  readonly memory?: boolean;
  /** On SQLite, what an acknowledged write survives: 'power' (default) or 'process' (sqlite-wal.ts). */
  readonly durability?: Durability;
}

/**
 * Opens the engine the options choose: with `storage`, PostgreSQL (`memory` / `data` then only say where
 * files such as function code live). The PostgreSQL engine (and with it the `pg` driver) is imported only
 * when chosen: Eddy on SQLite never loads either.
 */
export async function openStorage(choice: StorageChoice, now: () => number): Promise<StorageEngine> {
  if (choice.storage === undefined) {
    return openSqliteEngine({ path: choice.memory || choice.data === undefined ? ':memory:' : join(choice.data, 'eddy.sqlite'), now, ...(choice.durability && { durability: choice.durability }) });
  }
  const { url, poolSize } = typeof choice.storage === 'string' ? { url: choice.storage, poolSize: undefined } : choice.storage;
  const { openPostgresEngine } = await import('./postgres/postgres-engine.js');
  return openPostgresEngine({ url, ...(poolSize !== undefined && { poolSize }), now });
}

/** The URL with its password masked, for the ready message and logs. */
export function displayStorageUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url;
  }
}

/**
 * With storage other nodes write to, how often a runner looks for work they stored (async events, due
 * deliveries) that no notification announced: a lost or missed notification delays work by at most this.
 */
export const SHARED_POLL_MS = 250;
