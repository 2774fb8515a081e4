import { timeErrors } from './time-errors.js';

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/gy;

/**
 * Reads a duration as `eddy time advance` takes it: one or more number–unit pairs, units ms, s, m, h, d, w
 * (`90s`, `15m`, `2h`, `1d`, `1h30m`, `1.5h`). Throws a ValidationException on anything else.
 */
export function parseDuration(text: string): number {
  const trimmed = text.trim();
  let total = 0;
  PART.lastIndex = 0;
  let end = 0;
  for (let match = PART.exec(trimmed); match; match = PART.exec(trimmed)) {
    total += Number(match[1]) * UNIT_MS[match[2]!]!;
    end = PART.lastIndex;
  }
  if (trimmed === '' || end !== trimmed.length) {
    throw timeErrors.validation(`Not a duration: '${text}' (expected e.g. 90s, 15m, 2h, 1d or 1h30m)`);
  }
  return Math.round(total);
}

/** A signed offset as people read it: `+1d 2h 3m 4s`, `+0s`, sub-second rest as ms. */
export function formatOffset(ms: number): string {
  const sign = ms < 0 ? '-' : '+';
  let rest = Math.abs(ms);
  const parts: string[] = [];
  for (const [unit, size] of [['d', 86_400_000], ['h', 3_600_000], ['m', 60_000], ['s', 1000], ['ms', 1]] as const) {
    const n = Math.floor(rest / size);
    if (n > 0) parts.push(`${n}${unit}`);
    rest -= n * size;
  }
  return sign + (parts.length === 0 ? '0s' : parts.join(' '));
}

/** Reads an ISO 8601 instant with a zone (`2027-01-01T00:00:00Z`, `…+01:00`); a date alone is midnight UTC. */
export function parseInstant(text: string): number {
  const trimmed = text.trim();
  const zoned = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2}))?$/.test(trimmed);
  const ms = zoned ? Date.parse(trimmed) : NaN;
  if (!Number.isFinite(ms)) {
    throw timeErrors.validation(`Not an ISO 8601 instant with a zone: '${text}' (expected e.g. 2027-01-01T00:00:00Z)`);
  }
  return ms;
}
