import { dirname } from 'node:path';
import type { FunctionRuntime } from '../../functions/function-runtime.js';
import { displayName } from '../../functions/function-spec.js';
import { FileWatcher } from '../../shared/file-watcher.js';
import type { Logger } from '../../shared/logger.js';

/**
 * Live code for API functions whose code is a local directory (`S3Bucket: 'hot-reload'`): the files
 * their last build read are watched, and a save rebuilds the function, as `eddy dev` does for the
 * config's functions — with `eddy start` too, since the user asked for live code by deploying it so.
 */
export class LiveCodeWatcher {
  readonly #runtime: FunctionRuntime;
  readonly #logger: Logger;
  readonly #files: FileWatcher<string>;
  #names = new Set<string>();

  constructor(runtime: FunctionRuntime, logger: Logger) {
    this.#runtime = runtime;
    this.#logger = logger;
    this.#files = new FileWatcher((name) => void this.#rebuild(name), logger);
  }

  /** Watches these functions' code (runtime names) from now on. */
  watch(names: Iterable<string>): void {
    this.#names = new Set(names);
    const files: [string, string][] = [];
    const dirs: [string, string][] = [];
    for (const name of this.#names) {
      const broken = this.#runtime.broken(name) !== undefined;
      for (const file of this.#runtime.watchedFiles(name)) {
        files.push([file, name]);
        if (broken) dirs.push([dirname(file), name]);
      }
    }
    this.#files.watch(files, dirs);
  }

  close(): void {
    this.#files.close();
  }

  async #rebuild(name: string): Promise<void> {
    const deployed = this.#runtime.get(name);
    if (!this.#names.has(name) || deployed === undefined) return;
    const outcome = await this.#runtime.rebuild(name).catch(() => undefined);
    if (outcome === undefined) return;
    // A version's runtime name (`eddy-v3-…`) is Eddy's own: the terminal says `orders:3`.
    const label = displayName(deployed.spec);
    if (outcome.ok) this.#logger.info(`[${label}] reloaded from its directory`);
    else this.#logger.warn(`[${label}] ${outcome.error.message}`);
    this.watch(this.#names);
  }
}
