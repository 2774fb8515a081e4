import type { ConfigDeployment } from './config-deployment.js';
import type { Logger } from '../shared/logger.js';
import { FileWatcher } from '../shared/file-watcher.js';

/**
 * Config reload (`eddy dev`, or startEddy's `watch`): watches the config file and the files it imports and, on a save, has the
 * deployment apply the edited config (or report why it cannot). Saves during a reload are applied after
 * it, once. `applied` runs after each reload that changed something (the source watcher refreshes).
 */
export class ConfigWatcher {
  readonly #deployment: ConfigDeployment;
  readonly #applied: () => void;
  readonly #logger: Logger;
  readonly #files: FileWatcher<'config'>;
  #running: Promise<void> | undefined;
  #again = false;
  #closed = false;

  constructor(deployment: ConfigDeployment, applied: () => void, logger: Logger) {
    this.#deployment = deployment;
    this.#applied = applied;
    this.#logger = logger;
    this.#files = new FileWatcher(() => this.#changed(), logger);
    this.#watchCurrent();
  }

  close(): void {
    this.#closed = true;
    this.#files.close();
  }

  #watchCurrent(): void {
    const files = this.#deployment.current?.loaded.files ?? [];
    this.#files.watch(files.map((file) => [file, 'config'] as const));
  }

  #changed(): void {
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#running = (async () => {
      do {
        this.#again = false;
        const applied = await this.#deployment.reload();
        if (this.#closed) return;
        if (applied) this.#applied();
        this.#watchCurrent();
      } while (this.#again && !this.#closed);
    })()
      .catch((error: unknown) => this.#logger.error('config: reloading failed (a bug in Eddy)', error))
      .finally(() => (this.#running = undefined));
  }
}
