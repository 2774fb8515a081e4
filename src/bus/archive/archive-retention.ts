import type { Clock } from '../../shared/clock.js';
import type { Logger } from '../../shared/logger.js';
import type { BusStore } from '../../storage/bus-store.js';
import type { ArchiveDefinition } from '../bus-documents.js';

const DAY_MS = 86_400_000;
/** Retention runs at most this often, on the injected clock. */
export const ARCHIVE_TRIM_INTERVAL_MS = 60_000;

/**
 * Archive retention: removes the events of each archive with RetentionDays > 0 (0 keeps them forever)
 * whose event time is more than that many days before now. Every node runs it: a trim is one
 * transaction that removes what is older than a time and changes the archive's counts by what it
 * removed, so two nodes trimming together remove each event once and count it once — no leader needed.
 *
 * The background loop looks every `checkMs` of real time (default a minute) and trims when the injected
 * clock has moved a minute or more since the last trim, so a clock moved by `eddy time` or a test is
 * honoured and trimming never runs more than once a minute. It never throws out: a failure is logged
 * and the next minute tries again. `trim()` runs now (`POST /_eddy/bus/archives/trim`).
 */
export class ArchiveRetention {
  readonly #store: BusStore;
  readonly #clock: Clock;
  readonly #logger: Logger;
  #lastRun = -Infinity;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<unknown> = Promise.resolve();

  constructor(store: BusStore, clock: Clock, logger: Logger) {
    this.#store = store;
    this.#clock = clock;
    this.#logger = logger;
  }

  /** Trims every archive now (after a trim in progress); resolves with how many events went. */
  trim(): Promise<{ trimmedEvents: number }> {
    const run = this.#running.catch(() => undefined).then(() => this.#trimAll());
    this.#running = run;
    return run;
  }

  start(checkMs = ARCHIVE_TRIM_INTERVAL_MS): void {
    if (this.#timer !== undefined) return;
    this.#timer = setInterval(() => {
      if (this.#clock.now() - this.#lastRun < ARCHIVE_TRIM_INTERVAL_MS) return;
      this.trim().catch((error) => this.#logger.error('bus: archive retention failed; trying again in a minute', error));
    }, checkMs);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#running.catch(() => undefined);
  }

  async #trimAll(): Promise<{ trimmedEvents: number }> {
    const now = this.#clock.now();
    this.#lastRun = now;
    let trimmed = 0;
    for (const archive of await this.#store.listDocuments<ArchiveDefinition>('archive', '')) {
      const days = archive.definition.RetentionDays;
      const before = now - days * DAY_MS;
      // A retention longer than the clock reaches back keeps everything.
      if (days > 0 && Number.isSafeInteger(before)) trimmed += await this.#store.trimArchive(archive.name, before);
    }
    return { trimmedEvents: trimmed };
  }
}
