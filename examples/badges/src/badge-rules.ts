/**
 * Which badges a play history earns, and by which play. Pure: the handler feeds it the player's whole
 * history, so the answer never depends on how the stream batched the plays or how often it redelivered them.
 */

export type BadgeId = 'first-play' | 'ten-day-streak' | 'hundred-plays';

export interface EarnedBadge {
  badge: BadgeId;
  title: string;
  /** The play (its `playedAt` key) that completed the requirement: the earliest one that did. */
  earnedBy: string;
}

/** Consecutive UTC calendar days, each with at least one play, that earn `ten-day-streak`. */
export const STREAK_DAYS = 10;
/** Plays that earn `hundred-plays`. */
export const PLAY_COUNT = 100;

const DAY_MS = 86_400_000;

/**
 * The badges earned by `plays`, the player's `playedAt` keys: ISO-8601 UTC times (`2024-03-05T00:10:00.000Z`),
 * optionally followed by a suffix that keeps two plays of the same millisecond apart. Order does not matter;
 * badges come out in the order they were earned (by time, then by badge id).
 */
export function earnedBadges(plays: readonly string[]): EarnedBadge[] {
  // ISO-8601 UTC strings of one format sort as the times do: this is DynamoDB's sort-key order too.
  const history = [...plays].sort();
  const earned: EarnedBadge[] = [];
  if (history.length > 0) earned.push({ badge: 'first-play', title: 'First play', earnedBy: history[0]! });
  const streakEnd = streakCompletion(history);
  if (streakEnd !== undefined) earned.push({ badge: 'ten-day-streak', title: `${STREAK_DAYS} days in a row`, earnedBy: streakEnd });
  if (history.length >= PLAY_COUNT) earned.push({ badge: 'hundred-plays', title: `${PLAY_COUNT} plays`, earnedBy: history[PLAY_COUNT - 1]! });
  return earned.sort((a, b) => (a.earnedBy < b.earnedBy ? -1 : a.earnedBy > b.earnedBy ? 1 : a.badge < b.badge ? -1 : 1));
}

/** The first play (of sorted `history`) on the day that completes the first run of STREAK_DAYS days. */
function streakCompletion(history: readonly string[]): string | undefined {
  let previousDay: number | undefined;
  let run = 0;
  for (const play of history) {
    const day = utcDay(play);
    if (day === undefined || day === previousDay) continue;
    run = previousDay !== undefined && day === previousDay + 1 ? run + 1 : 1;
    previousDay = day;
    if (run === STREAK_DAYS) return play;
  }
  return undefined;
}

/** Days since the epoch of the play's UTC calendar date, or undefined for a key that is not an ISO time. */
function utcDay(playedAt: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})T/.exec(playedAt);
  if (!match) return undefined;
  const time = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  // Date.UTC rolls 2024-02-30 over to March 1; such a key is not a date.
  return new Date(time).toISOString().startsWith(playedAt.slice(0, 10)) ? time / DAY_MS : undefined;
}
