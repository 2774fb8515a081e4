import { dirname } from 'node:path';
import { brokenLine } from './broken-function.js';
import type { FunctionRuntime } from './function-runtime.js';
import { displayName } from './function-spec.js';
import type { Logger } from '../shared/logger.js';
import { FileWatcher } from '../shared/file-watcher.js';

/**
 * Hot reload (`eddy dev`, or startEddy's `watch`): watches every function's source graph (the files its last build read) and,
 * when one changes, rebuilds that function. What runs is what is on disk: a good build serves the next
 * invocation; a failed one marks the function broken (its invocations fail with the build error) until a
 * save builds it again. A broken function also watches the files its errors name, and the directories
 * of its files as a whole, so creating a missing module is seen.
 */
export class SourceWatcher {
  readonly #runtime: FunctionRuntime;
  readonly #logger: Logger;
  readonly #files: FileWatcher<string>;
  #closed = false;

  constructor(runtime: FunctionRuntime, logger: Logger) {
    this.#runtime = runtime;
    this.#logger = logger;
    this.#files = new FileWatcher((name, direct) => void this.#rebuild(name, direct), logger);
  }

  /** (Re)computes what to watch from every deployed function. */
  refresh(): void {
    const files: [string, string][] = [];
    const dirs: [string, string][] = [];
    for (const fn of this.#runtime.list()) {
      const name = fn.spec.name;
      const broken = this.#runtime.broken(name) !== undefined;
      for (const file of this.#runtime.watchedFiles(name)) {
        files.push([file, name]);
        if (broken) dirs.push([dirname(file), name]);
      }
    }
    this.#files.watch(files, dirs);
  }

  close(): void {
    this.#closed = true;
    this.#files.close();
  }

  async #rebuild(name: string, direct: boolean): Promise<void> {
    const deployed = this.#runtime.get(name);
    if (deployed === undefined) return; // removed from the config meanwhile
    const label = displayName(deployed.spec);
    const before = this.#runtime.broken(name);
    const started = performance.now();
    const outcome = await this.#runtime.rebuild(name).catch(() => undefined); // removed during the build
    if (this.#closed || outcome === undefined) return;
    if (outcome.ok) {
      const ms = Math.round(performance.now() - started);
      this.#logger.info(`[${label}] reloaded in ${ms} ms${before === undefined ? '' : ' — it builds again'}`);
    } else if (direct || outcome.error.message !== before?.message) {
      // Another file of a watched directory changing is only worth a line when the outcome moved.
      this.#logger.error(brokenLine(label, outcome.error));
    }
    this.refresh();
  }
}
