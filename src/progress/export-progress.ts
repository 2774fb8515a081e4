import type { StorageEngine } from '../storage/engine.js';

/**
 * What an export in progress stores: lines written so far, when it began, when it last stored (Eddy's clock),
 * and what GET /_eddy/progress names it by ("to state.jsonl"; absent in what an older Eddy stored: its id).
 */
export interface ExportProgress {
  readonly name?: string;
  readonly done: number;
  readonly started: number;
  readonly updated: number;
}

/**
 * Kept in the maintenance state store like a backfill's progress, so any node lists an export another node
 * serves. That store has no listing: a registry key holds the ids, each export's progress its own key. Two
 * nodes starting exports at once may lose one id from the registry; each store puts its id back if missing.
 */
const REGISTRY = 'progress:exports';
const nameOf = (id: string) => `progress:export:${id}`;
/** An export not stored for this long (Eddy's time) is one whose node died mid-way: not listed. */
const STALE_MS = 60_000;

async function registry(engine: StorageEngine): Promise<string[]> {
  const text = await engine.maintenance.get(REGISTRY);
  return text === undefined ? [] : (JSON.parse(text) as string[]);
}

export async function storeExportProgress(engine: StorageEngine, id: string, progress: ExportProgress): Promise<void> {
  await engine.maintenance.put(nameOf(id), JSON.stringify(progress));
  const ids = await registry(engine);
  if (!ids.includes(id)) await engine.maintenance.put(REGISTRY, JSON.stringify([...ids, id]));
}

/** Removes the export's progress, and from the registry its id and those whose progress is gone. */
export async function removeExportProgress(engine: StorageEngine, id: string): Promise<void> {
  await engine.maintenance.put(nameOf(id), undefined);
  const ids = await registry(engine);
  const kept: string[] = [];
  for (const other of ids) if (other !== id && (await engine.maintenance.get(nameOf(other))) !== undefined) kept.push(other);
  await engine.maintenance.put(REGISTRY, kept.length === 0 ? undefined : JSON.stringify(kept));
}

/** Exports under way on any node, by id. */
export async function exportProgresses(engine: StorageEngine, now: number): Promise<{ id: string; progress: ExportProgress }[]> {
  const found: { id: string; progress: ExportProgress }[] = [];
  for (const id of await registry(engine)) {
    const text = await engine.maintenance.get(nameOf(id));
    if (text === undefined) continue;
    const progress = JSON.parse(text) as ExportProgress;
    if (now - progress.updated < STALE_MS) found.push({ id, progress });
  }
  return found;
}

/** Stores an export's progress as it goes: at most every `everyMs` of real time, never two stores at once. */
export class ExportProgressWriter {
  readonly #engine: StorageEngine;
  readonly #id: string;
  readonly #name: string;
  readonly #started: number;
  readonly #now: () => number;
  readonly #elapsed: () => number;
  readonly #everyMs: number;
  #storedAt = -Infinity;
  #pending: Promise<void> | undefined;

  constructor(engine: StorageEngine, id: string, name: string, clock: { now(): number }, elapsed: () => number, everyMs = 500) {
    this.#engine = engine;
    this.#id = id;
    this.#name = name;
    this.#now = () => clock.now();
    this.#started = clock.now();
    this.#elapsed = elapsed;
    this.#everyMs = everyMs;
  }

  /** Called for every line written and while waiting for the reader; stores when due. */
  async update(done: number): Promise<void> {
    if (this.#pending !== undefined || this.#elapsed() - this.#storedAt < this.#everyMs) return;
    this.#storedAt = this.#elapsed();
    this.#pending = storeExportProgress(this.#engine, this.#id, { name: this.#name, done, started: this.#started, updated: this.#now() });
    try {
      await this.#pending;
    } finally {
      this.#pending = undefined;
    }
  }

  async end(): Promise<void> {
    await this.#pending?.catch(() => undefined);
    await removeExportProgress(this.#engine, this.#id);
  }
}
