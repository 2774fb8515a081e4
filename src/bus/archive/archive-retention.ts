import type { Clock } from '../../shared/clock.js';
import type { Logger } from '../../shared/logger.js';
import { ClockedJob } from '../../shared/clocked-job.js';
import type { BusStore } from '../../storage/bus-store.js';
import type { ArchiveDefinition } from '../bus-documents.js';

const DAY_MS = 86_400_000;
/** Retention runs at most this often, on the injected clock. */
export const ARCHIVE_TRIM_INTERVAL_MS = 60_000;

/**
 * Archive retention: removes the events of each archive with RetentionDays > 0 (0 keeps them forever)
 * whose event time is more than that many days before now. A trim is one transaction that removes what
 * is older than a time and changes the archive's counts by what it removed, so two nodes trimming together
 * remove each event once and count it once; the background loop runs only while `leader` answers true
 * (the node leading maintenance) just to spare the others the work.
 *
 * The background loop looks every `checkMs` of real time (default a minute) and trims when the injected
 * clock has moved a minute or more since the last trim, so a clock moved by `eddy time` or a test is
 * honoured and trimming never runs more than once a minute. It never throws out: a failure is logged
 * and the next minute tries again. `trim()` runs now (`POST /_eddy/bus/archives/trim`).
 */
export class ArchiveRetention {
  readonly #store: BusStore;
  readonly #job: ClockedJob<{ trimmedEvents: number }>;

  constructor(store: BusStore, clock: Clock, logger: Logger, leader?: () => boolean) {
    this.#store = store;
    this.#job = new ClockedJob((now) => this.#trimAll(now), {
      clock,
      logger,
      intervalMs: ARCHIVE_TRIM_INTERVAL_MS,
      failure: 'bus: archive retention failed; trying again in a minute',
      ...(leader && { leader }),
    });
  }

  /** Trims every archive now (after a trim in progress); resolves with how many events went. */
  trim(): Promise<{ trimmedEvents: number }> {
    return this.#job.run();
  }

  start(checkMs = ARCHIVE_TRIM_INTERVAL_MS): void {
    this.#job.start(checkMs);
  }

  stop(): Promise<void> {
    return this.#job.stop();
  }

  async #trimAll(now: number): Promise<{ trimmedEvents: number }> {
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
