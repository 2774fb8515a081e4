import type { DynamoDBRecord, StreamAttributeValue } from './stream-types.js';

export interface MinuteTotal {
  count: number;
  units: number;
}

/** tenant → minute (`2026-11-22T10:15`, UTC, of the event's own time) → what the window saw. */
export type Totals = Record<string, Record<string, MinuteTotal>>;

/** What a window carries from invocation to invocation (kept by Lambda, at most 1 MB). */
export interface UsageWindowState {
  /**
   * The sequence number of the window's first record. With the shard it names this run of the window
   * uniquely, even when a window ended early (state over 1 MB) and its later records start a second run
   * with the same `window.start`.
   */
  first: string;
  totals: Totals;
}

/** The minute an event happened in, from `at`: an ISO 8601 string or epoch milliseconds. */
export function minuteOf(at: StreamAttributeValue | undefined): string | undefined {
  const time = at?.S !== undefined ? Date.parse(at.S) : at?.N !== undefined ? Number(at.N) : Number.NaN;
  if (!Number.isFinite(time)) return undefined;
  return new Date(time).toISOString().slice(0, 16);
}

/** Adds a batch of usage INSERT records to the window's state (a new object; the input is left alone). */
export function addRecords(state: UsageWindowState | Record<string, never>, records: readonly DynamoDBRecord[]): UsageWindowState | Record<string, never> {
  if (records.length === 0) return state;
  const next: UsageWindowState = 'first' in state
    ? { first: state.first, totals: structuredClone(state.totals) }
    : { first: records[0]!.dynamodb.SequenceNumber, totals: {} };
  for (const record of records) {
    const image = record.dynamodb.NewImage;
    const tenant = image?.tenant?.S;
    const minute = minuteOf(image?.at);
    const units = Number(image?.units?.N ?? 0);
    if (tenant === undefined || minute === undefined || !Number.isFinite(units)) {
      // A malformed event is not worth stalling the shard for: say so and leave it out.
      console.warn(`skipping usage event without tenant, at or numeric units: ${JSON.stringify(record.dynamodb.Keys)}`);
      continue;
    }
    const minutes = (next.totals[tenant] ??= {});
    const total = (minutes[minute] ??= { count: 0, units: 0 });
    total.count += 1;
    total.units += units;
  }
  return next;
}
