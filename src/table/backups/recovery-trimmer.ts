import type { Clock } from '../../shared/clock.js';
import type { Logger } from '../../shared/logger.js';
import type { BackupStore } from '../../storage/backup-store.js';
import type { PointInTimeStore } from '../../storage/point-in-time-store.js';
import { SYSTEM_BACKUP_RETENTION_MS } from './system-backup.js';

/** Expired SYSTEM backups deleted per listing. */
const EXPIRED_PAGE = 100;

/** Trimming runs at most this often, on the injected clock. */
export const RECOVERY_TRIM_INTERVAL_MS = 60 * 60_000;

/**
 * Point-in-time recovery's maintenance: folds each table's changes older than its recovery period into
 * the history's base (PointInTimeStore.trim), so the history stays as long as the window and no longer.
 * Restores inside the window are unaffected; the base only moves up to the window's start. It also
 * deletes the SYSTEM backups (of deleted tables) 35 days old or more.
 *
 * The background loop looks every `checkMs` of real time (default a minute) and trims when the injected
 * clock has moved an hour or more since the last trim, so a clock moved by `eddy time` or a test is
 * honoured. It never throws out: a failure is logged and retried at the next check. `trim()` runs now
 * (`POST /_eddy/tables/point-in-time/trim`). A trim is one transaction that only folds what is older
 * than a time, so two nodes trimming together fold each change once — no leader needed.
 */
export class RecoveryTrimmer {
  readonly #store: PointInTimeStore;
  readonly #backups: BackupStore | undefined;
  readonly #clock: Clock;
  readonly #logger: Logger;
  #lastRun = -Infinity;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<unknown> = Promise.resolve();

  constructor(store: PointInTimeStore, clock: Clock, logger: Logger, backups?: BackupStore) {
    this.#store = store;
    this.#backups = backups;
    this.#clock = clock;
    this.#logger = logger;
  }

  /** Trims every table's history now (after a trim in progress). */
  trim(): Promise<{ trimmedAt: number }> {
    const run = this.#running
      .catch(() => undefined)
      .then(async () => {
        const now = this.#clock.now();
        this.#lastRun = now;
        await this.#store.trim(now);
        await this.#expireSystemBackups(now);
        return { trimmedAt: now };
      });
    this.#running = run;
    return run;
  }

  async #expireSystemBackups(now: number): Promise<void> {
    if (!this.#backups) return;
    const to = now - SYSTEM_BACKUP_RETENTION_MS + 1; // created at or before now - 35 days
    for (;;) {
      const expired = await this.#backups.list({ types: ['SYSTEM'], to, limit: EXPIRED_PAGE });
      for (const backup of expired) await this.#backups.delete(backup.arn);
      if (expired.length < EXPIRED_PAGE) return;
    }
  }

  start(checkMs = 60_000): void {
    if (this.#timer !== undefined) return;
    this.#timer = setInterval(() => {
      if (this.#clock.now() - this.#lastRun < RECOVERY_TRIM_INTERVAL_MS) return;
      this.trim().catch((error) => this.#logger.error('tables: point-in-time history trim failed; trying again later', error));
    }, checkMs);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#running.catch(() => undefined);
  }
}
