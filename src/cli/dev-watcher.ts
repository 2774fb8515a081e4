import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import type { FunctionRuntime } from '../functions/function-runtime.js';
import type { Logger } from '../shared/logger.js';

/** Changes closer together than this are one save (editors write a file in several steps). */
const SETTLE_MS = 15;

/**
 * `eddy dev`'s hot reload: watches every function's source graph (the files its last build read) and,
 * when one changes, rebuilds that function. A good build serves the next invocation; a broken one is
 * reported and the previous build keeps serving. Directories are watched rather than files, so editors
 * that save by writing a new file and renaming it over the old one are seen too.
 */
export class DevWatcher {
  readonly #runtime: FunctionRuntime;
  readonly #logger: Logger;
  /** Directory → its watcher and, per file name in it, the functions that read that file. */
  #dirs = new Map<string, { watcher: FSWatcher; files: Map<string, Set<string>> }>();
  readonly #pending = new Map<string, NodeJS.Timeout>();
  #closed = false;

  constructor(runtime: FunctionRuntime, logger: Logger) {
    this.#runtime = runtime;
    this.#logger = logger;
  }

  /** (Re)computes what to watch from every deployed function's last build. */
  refresh(): void {
    if (this.#closed) return;
    const wanted = new Map<string, Map<string, Set<string>>>();
    for (const fn of this.#runtime.list()) {
      for (const file of this.#runtime.watchedFiles(fn.spec.name)) {
        const path = resolve(file);
        const dir = dirname(path);
        const files = wanted.get(dir) ?? new Map<string, Set<string>>();
        wanted.set(dir, files);
        const names = files.get(basename(path)) ?? new Set<string>();
        names.add(fn.spec.name);
        files.set(basename(path), names);
      }
    }
    for (const [dir, entry] of this.#dirs) {
      if (!wanted.has(dir)) {
        entry.watcher.close();
        this.#dirs.delete(dir);
      }
    }
    for (const [dir, files] of wanted) {
      const existing = this.#dirs.get(dir);
      if (existing) {
        existing.files = files;
        continue;
      }
      try {
        const entry = { files, watcher: watch(dir, (_event, file) => this.#changed(dir, file)) };
        entry.watcher.on('error', () => undefined);
        this.#dirs.set(dir, entry);
      } catch (error) {
        this.#logger.warn(`eddy dev: cannot watch ${dir}: ${(error as Error).message}`);
      }
    }
  }

  close(): void {
    this.#closed = true;
    for (const { watcher } of this.#dirs.values()) watcher.close();
    this.#dirs.clear();
    for (const timer of this.#pending.values()) clearTimeout(timer);
    this.#pending.clear();
  }

  #changed(dir: string, file: string | Buffer | null): void {
    if (this.#closed || file === null) return;
    const functions = this.#dirs.get(dir)?.files.get(file.toString());
    for (const name of functions ?? []) {
      clearTimeout(this.#pending.get(name));
      this.#pending.set(
        name,
        setTimeout(() => {
          this.#pending.delete(name);
          void this.#rebuild(name);
        }, SETTLE_MS),
      );
    }
  }

  async #rebuild(name: string): Promise<void> {
    const started = performance.now();
    const outcome = await this.#runtime.rebuild(name);
    if (this.#closed) return;
    if (outcome.ok) {
      this.#logger.info(`[${name}] reloaded in ${Math.round(performance.now() - started)} ms`);
      this.refresh();
    } else {
      this.#logger.error(`[${name}] build failed; the previous build keeps serving:\n${outcome.message}`);
    }
  }
}
