import { firingsBetween, nextFiring, type ScheduleExpression } from '../../schedules/index.js';

/**
 * Which firings are delivered when a rule's firing is found due late: Eddy was stopped when it came
 * due (it fires on start), or its clock was moved forward (`eddy time`, a test's ManualClock) — both are
 * an absence, handled alike.
 *
 * The policy: every firing from the one that was due up to now is delivered once, each as its own
 * Scheduled Event with its own scheduled time, oldest first — but only those of the last `windowMs`
 * (24 h, EventBridge's default MaximumEventAgeInSeconds: an event older than that would not have been
 * delivered by AWS either) and, of those, only the latest `maxFirings` (a rate(1 minute) rule after a
 * night away owes hundreds; the most recent ones say most about now). The rest are skipped, counted and
 * logged. Then the rule goes on with its first firing after now.
 */
export interface CatchUpPolicy {
  readonly windowMs: number;
  readonly maxFirings: number;
}

export const DEFAULT_CATCH_UP: CatchUpPolicy = { windowMs: 24 * 60 * 60 * 1000, maxFirings: 60 };

/** What is owed by a rule whose next firing, `dueAt`, is due at `now`. */
export interface OwedFirings {
  /** The scheduled times to deliver, ascending. */
  readonly firings: readonly number[];
  /** Firings within the window left out beyond `maxFirings`. */
  readonly skipped: number;
  /** Whether some owed firings were older than the window (not counted: there may be very many). */
  readonly skippedOlder: boolean;
  /** The rule's next firing after now (its new dueAt), or null when its schedule has no more. */
  readonly next: number | null;
}

/** A schedule fires at most once a minute (SEMANTICS C.5): this bounds the firings a window can hold. */
const MINUTE_MS = 60_000;

/**
 * The firings owed at `now` by a schedule whose firing `dueAt` (≤ now) was not delivered yet. `anchor` is
 * what rate() counts from. Pure.
 */
export function owedFirings(expression: ScheduleExpression, anchor: number | undefined, dueAt: number, now: number, policy: CatchUpPolicy): OwedFirings {
  const options = anchor === undefined ? {} : { anchor };
  const from = Math.max(dueAt, now - policy.windowMs);
  // firingsBetween takes (from, to]: from − 1 keeps a firing at `from` itself (dueAt, when within the window).
  const inWindow = firingsBetween(expression, from - 1, now, options, Math.floor(policy.windowMs / MINUTE_MS) + 1);
  const kept = inWindow.slice(Math.max(0, inWindow.length - policy.maxFirings));
  return {
    firings: kept,
    skipped: inWindow.length - kept.length,
    skippedOlder: dueAt < from,
    next: nextFiring(expression, now, options) ?? null,
  };
}
