import { join } from 'node:path';
import type { StorageEngine } from './engine.js';
import { DataDirectoryLock } from './sqlite/data-directory-lock.js';
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
 * when chosen: Eddy on SQLite never loads either. `lock` (lockDataDirectory's) is the engine's from here: let go
 * when it closes.
 */
export async function openStorage(choice: StorageChoice, now: () => number, lock?: DataDirectoryLock): Promise<StorageEngine> {
  if (choice.storage === undefined) {
    const open = () => openSqliteEngine({ path: choice.memory || choice.data === undefined ? ':memory:' : join(choice.data, 'eddy.sqlite'), now, ...(choice.durability && { durability: choice.durability }) });
    return lock === undefined ? open() : keptUntilClosed(lock, open);
  }
  const { url, poolSize } = typeof choice.storage === 'string' ? { url: choice.storage, poolSize: undefined } : choice.storage;
  const { openPostgresEngine } = await import('./postgres/postgres-engine.js');
  return openPostgresEngine({ url, ...(poolSize !== undefined && { poolSize }), now });
}

/**
 * Takes the SQLite data directory the choice opens (one Eddy per directory: data-directory-lock.ts), or throws
 * DataDirectoryInUseError; undefined when there is none to take: memory, or PostgreSQL, which nodes share.
 * startEddy takes it before anything else and hands it to openStorage.
 */
export function lockDataDirectory(choice: StorageChoice): DataDirectoryLock | undefined {
  return choice.storage === undefined && !choice.memory && choice.data !== undefined ? DataDirectoryLock.acquire(choice.data) : undefined;
}

/** The engine `open` returns, which lets `lock` go once it is closed (and `lock` let go at once when opening fails). */
function keptUntilClosed(lock: DataDirectoryLock, open: () => StorageEngine): StorageEngine {
  let engine: StorageEngine;
  try {
    engine = open();
  } catch (error) {
    lock.release();
    throw error;
  }
  const close = engine.close.bind(engine);
  // Let go after the engine's last flush: the next Eddy never opens the directory under one still writing.
  engine.close = async () => {
    try {
      await close();
    } finally {
      lock.release();
    }
  };
  return engine;
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
