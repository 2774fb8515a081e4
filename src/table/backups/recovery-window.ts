import type { RecoveryState } from '../../storage/point-in-time-store.js';

export const DAY_MS = 86_400_000;

/** RecoveryPeriodInDays when UpdateContinuousBackups leaves it out (the API reference: 1–35, default 35). */
export const DEFAULT_RECOVERY_PERIOD_DAYS = 35;

/**
 * "LatestRestorableDateTime is typically 5 minutes before the current time" (API reference,
 * PointInTimeRecoveryDescription). Eddy reports it so and restores UseLatestRestorableTime as at it,
 * but accepts any RestoreDateTime up to now: the history holds every write the moment it commits.
 */
export const RESTORABLE_LAG_MS = 5 * 60_000;

/** The times a table with recovery on can be restored to, epoch ms. */
export interface RecoveryWindow {
  /** The later of when recovery was turned on and now − RecoveryPeriodInDays. */
  readonly earliest: number;
  /** What DescribeContinuousBackups reports and UseLatestRestorableTime restores to: now − 5 min, never before `earliest` (unconfirmed: what AWS reports in the first 5 minutes). */
  readonly latest: number;
  /** The latest RestoreDateTime accepted: now. */
  readonly acceptedUntil: number;
}

export function recoveryWindow(recovery: RecoveryState, now: number): RecoveryWindow {
  const earliest = Math.max(recovery.enabledAt, now - recovery.retentionMs);
  return { earliest, latest: Math.max(earliest, now - RESTORABLE_LAG_MS), acceptedUntil: now };
}

/** RecoveryPeriodInDays as stored: the retention in days (whole days, as it was set). */
export function recoveryPeriodInDays(recovery: RecoveryState): number {
  return Math.round(recovery.retentionMs / DAY_MS);
}

/**
 * DescribeContinuousBackups' and UpdateContinuousBackups' ContinuousBackupsDescription.
 * ContinuousBackupsStatus is ENABLED whatever PITR's status ("Continuous backups are ENABLED on all
 * tables at table creation", API reference of UpdateContinuousBackups); with PITR off only its status
 * is given (as moto and LocalStack answer; unconfirmed).
 */
export function continuousBackupsDescription(recovery: RecoveryState | undefined, now: number): Record<string, unknown> {
  if (!recovery) {
    return { ContinuousBackupsStatus: 'ENABLED', PointInTimeRecoveryDescription: { PointInTimeRecoveryStatus: 'DISABLED' } };
  }
  const window = recoveryWindow(recovery, now);
  return {
    ContinuousBackupsStatus: 'ENABLED',
    PointInTimeRecoveryDescription: {
      PointInTimeRecoveryStatus: 'ENABLED',
      RecoveryPeriodInDays: recoveryPeriodInDays(recovery),
      EarliestRestorableDateTime: window.earliest / 1000,
      LatestRestorableDateTime: window.latest / 1000,
    },
  };
}
