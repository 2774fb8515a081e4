import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import type { Logger } from './logger.js';

/** Changes closer together than this are one save (editors write a file in several steps). */
const SETTLE_MS = 15;

interface WatchedDir<K> {
  watcher: FSWatcher;
  /** File name → the keys that read it. */
  files: Map<string, Set<K>>;
  /** Keys for which any file of the directory counts (a file an import looks for may be created there). */
  any: Set<K>;
}

/**
 * The file watching of `eddy dev`'s reloads: files are watched through their directories, so editors that save by
 * writing a new file and renaming it over the old one are seen too. Each file belongs to keys (a
 * function, the config); a save calls `changed(key, direct)` once per key, `direct` when a file of the
 * key's own changed rather than another file of a directory it watches as a whole.
 */
export class FileWatcher<K> {
  readonly #changed: (key: K, direct: boolean) => void;
  readonly #logger: Logger;
  #dirs = new Map<string, WatchedDir<K>>();
  readonly #pending = new Map<K, { timer: NodeJS.Timeout; direct: boolean }>();
  #closed = false;

  constructor(changed: (key: K, direct: boolean) => void, logger: Logger) {
    this.#changed = changed;
    this.#logger = logger;
  }

  /** Watches exactly these files, and these directories as a whole, from now on. */
  watch(files: Iterable<readonly [file: string, key: K]>, dirs: Iterable<readonly [dir: string, key: K]> = []): void {
    if (this.#closed) return;
    const wanted = new Map<string, { files: Map<string, Set<K>>; any: Set<K> }>();
    const entry = (dir: string) => wanted.get(dir) ?? wanted.set(dir, { files: new Map(), any: new Set() }).get(dir)!;
    for (const [file, key] of files) {
      const path = resolve(file);
      const { files: names } = entry(dirname(path));
      names.set(basename(path), (names.get(basename(path)) ?? new Set()).add(key));
    }
    for (const [dir, key] of dirs) entry(resolve(dir)).any.add(key);
    for (const [dir, watched] of this.#dirs) {
      if (wanted.has(dir)) continue;
      watched.watcher.close();
      this.#dirs.delete(dir);
    }
    for (const [dir, { files: names, any }] of wanted) {
      const existing = this.#dirs.get(dir);
      if (existing) {
        Object.assign(existing, { files: names, any });
        continue;
      }
      try {
        const watcher = watch(dir, (_event, file) => this.#seen(dir, file));
        watcher.on('error', () => undefined);
        this.#dirs.set(dir, { watcher, files: names, any });
      } catch (error) {
        this.#logger.warn(`eddy dev: cannot watch ${dir}: ${(error as Error).message}`);
      }
    }
  }

  close(): void {
    this.#closed = true;
    for (const { watcher } of this.#dirs.values()) watcher.close();
    this.#dirs.clear();
    for (const { timer } of this.#pending.values()) clearTimeout(timer);
    this.#pending.clear();
  }

  #seen(dir: string, file: string | Buffer | null): void {
    const watched = this.#dirs.get(dir);
    if (this.#closed || file === null || watched === undefined) return;
    const direct = watched.files.get(file.toString()) ?? new Set<K>();
    for (const key of new Set([...direct, ...watched.any])) {
      const pending = this.#pending.get(key);
      clearTimeout(pending?.timer);
      const timer = setTimeout(() => {
        const settled = this.#pending.get(key);
        this.#pending.delete(key);
        this.#changed(key, settled?.direct ?? true);
      }, SETTLE_MS);
      this.#pending.set(key, { timer, direct: (pending?.direct ?? false) || direct.has(key) });
    }
  }
}
