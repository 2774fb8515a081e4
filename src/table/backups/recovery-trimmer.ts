import type { Clock } from '../../shared/clock.js';
import type { Logger } from '../../shared/logger.js';
import { ClockedJob } from '../../shared/clocked-job.js';
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
 * than a time, so two nodes trimming together fold each change once; the loop runs only while `leader`
 * answers true (the node leading maintenance) just to spare the others the work.
 */
export class RecoveryTrimmer {
  readonly #store: PointInTimeStore;
  readonly #backups: BackupStore | undefined;
  readonly #job: ClockedJob<{ trimmedAt: number }>;

  constructor(store: PointInTimeStore, clock: Clock, logger: Logger, backups?: BackupStore, leader?: () => boolean) {
    this.#store = store;
    this.#backups = backups;
    this.#job = new ClockedJob((now) => this.#trimAll(now), {
      clock,
      logger,
      intervalMs: RECOVERY_TRIM_INTERVAL_MS,
      failure: 'tables: point-in-time history trim failed; trying again later',
      ...(leader && { leader }),
    });
  }

  /** Trims every table's history now (after a trim in progress). */
  trim(): Promise<{ trimmedAt: number }> {
    return this.#job.run();
  }

  start(checkMs = 60_000): void {
    this.#job.start(checkMs);
  }

  stop(): Promise<void> {
    return this.#job.stop();
  }

  async #trimAll(now: number): Promise<{ trimmedAt: number }> {
    await this.#store.trim(now);
    await this.#expireSystemBackups(now);
    return { trimmedAt: now };
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
}
