/** Timings of the trigger runtime; tests shorten them. */
export interface TriggerTimings {
  /** First retry delay after a failed batch; doubles per attempt up to retryMaxMs. */
  readonly retryBaseMs: number;
  readonly retryMaxMs: number;
  /** How long a lease lasts without renewal; renewed every third of it. */
  readonly leaseMs: number;
}

export const DEFAULT_TIMINGS: TriggerTimings = { retryBaseMs: 500, retryMaxMs: 30_000, leaseMs: 30_000 };
