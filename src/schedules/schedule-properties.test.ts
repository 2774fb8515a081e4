import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { firingsBetween } from './firings-between.js';
import { InvalidScheduleExpressionError } from './invalid-schedule-expression-error.js';
import { nextFiring } from './next-firing.js';
import { parseScheduleExpression } from './parse-schedule-expression.js';

// A second, deliberately naive reading of cron: each field's text is matched value by value, the day
// rules from their definitions, and time zones through toLocaleString — none of it shared with the module.

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const WEEKDAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];
const MINUTE = 60_000;
const DAY = 86_400_000;

function valueOf(text: string, min: number, names?: string[]): number {
  return /^[0-9]+$/.test(text) ? Number(text) : min + names!.indexOf(text.toUpperCase());
}

/** Does one `,`-term (`*`, `a`, `a-b`, with an optional `/step`) name `value`? */
function termMatches(term: string, value: number, min: number, max: number, names?: string[]): boolean {
  const [span, stepText] = term.split('/') as [string, string | undefined];
  const step = stepText === undefined ? 1 : Number(stepText);
  const [startText, endText] = span.split('-') as [string, string | undefined];
  const start = span === '*' ? min : valueOf(startText, min, names);
  const end = span === '*' || (endText === undefined && stepText !== undefined) ? max : endText === undefined ? start : valueOf(endText, min, names);
  const size = max - min + 1;
  const distance = end >= start ? end - start : end - start + size; // along the cycle
  const offset = (((value - start) % size) + size) % size;
  return offset <= distance && offset % step === 0;
}

function fieldTable(text: string, min: number, max: number, names?: string[]): Set<number> {
  const values = new Set<number>();
  for (let value = min; value <= max; value++) {
    if (text.split(',').some((term) => termMatches(term, value, min, max, names))) values.add(value);
  }
  return values;
}

interface NaiveCron {
  matchesDay(year: number, month: number, day: number): boolean;
  hours: Set<number>;
  minutes: Set<number>;
}

function naiveCron(text: string): NaiveCron {
  const [minutes, hours, dom, month, dow, year] = text.slice(5, -1).split(/ +/) as [string, string, string, string, string, string];
  const months = fieldTable(month, 1, 12, MONTHS);
  const years = fieldTable(year, 1970, 2199);
  const domValues = dom === '?' || /[LW]/i.test(dom) ? undefined : fieldTable(dom, 1, 31);
  const dowValues = dow === '?' || /[L#]/i.test(dow) ? undefined : fieldTable(dow, 1, 7, WEEKDAYS);
  const matchesDay = (y: number, m: number, d: number): boolean => {
    if (!years.has(y) || !months.has(m)) return false;
    const length = new Date(Date.UTC(y, m, 0)).getUTCDate();
    const weekday = (x: number) => new Date(Date.UTC(y, m - 1, x)).getUTCDay() + 1;
    const isWorkday = (x: number) => weekday(x) >= 2 && weekday(x) <= 6;
    const D = dom.toUpperCase();
    const W = dow.toUpperCase();
    if (dow === '?') {
      if (D === 'L') return d === length;
      if (D === 'LW') return isWorkday(d) && [...Array(length - d).keys()].every((i) => !isWorkday(d + 1 + i));
      if (D.endsWith('W')) {
        const target = Number(D.slice(0, -1));
        if (target > length) return false;
        let best = 0;
        for (let x = 1; x <= length; x++) if (isWorkday(x) && (best === 0 || Math.abs(x - target) < Math.abs(best - target))) best = x;
        return d === best;
      }
      return domValues!.has(d);
    }
    if (W === 'L') return weekday(d) === 7;
    if (W.endsWith('L')) return weekday(d) === valueOf(W.slice(0, -1), 1, WEEKDAYS) && d + 7 > length;
    if (W.includes('#')) {
      const [day, nth] = W.split('#') as [string, string];
      return weekday(d) === valueOf(day, 1, WEEKDAYS) && Math.ceil(d / 7) === Number(nth);
    }
    return dowValues!.has(weekday(d));
  };
  return { matchesDay, hours: fieldTable(hours, 0, 23), minutes: fieldTable(minutes, 0, 59) };
}

/** Every matching UTC minute in (from, to], scanning day by day and, on matching days, minute by minute. */
function bruteForceUtc(naive: NaiveCron, from: number, to: number): number[] {
  const firings: number[] = [];
  for (let dayStart = Math.floor(from / DAY) * DAY; dayStart <= to; dayStart += DAY) {
    const date = new Date(dayStart);
    if (!naive.matchesDay(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate())) continue;
    for (let hour = 0; hour < 24; hour++) {
      for (let minute = 0; minute < 60; minute++) {
        const t = dayStart + hour * 3_600_000 + minute * MINUTE;
        if (t > from && t <= to && naive.hours.has(hour) && naive.minutes.has(minute)) firings.push(t);
      }
    }
  }
  return firings;
}

/** The first matching UTC minute after `after`, scanning day by day for up to `days` days. */
function bruteForceNextUtc(naive: NaiveCron, after: number, days: number): number | undefined {
  const firstDay = Math.floor(after / DAY) * DAY;
  for (let dayStart = firstDay; dayStart <= firstDay + days * DAY; dayStart += DAY) {
    const date = new Date(dayStart);
    if (!naive.matchesDay(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate())) continue;
    for (let hour = 0; hour < 24; hour++) {
      for (let minute = 0; minute < 60; minute++) {
        const t = dayStart + hour * 3_600_000 + minute * MINUTE;
        if (t > after && naive.hours.has(hour) && naive.minutes.has(minute)) return t;
      }
    }
  }
  return undefined;
}

/** The wall clock at `t` in `zone`, as `yyyy-mm-dd hh:mm:ss` (Sweden writes dates the ISO way). */
function wallText(t: number, zone: string): string {
  let format = wallFormats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('sv-SE', { timeZone: zone, hourCycle: 'h23', dateStyle: 'short', timeStyle: 'medium' });
    wallFormats.set(zone, format);
  }
  return format.format(t);
}
const wallFormats = new Map<string, Intl.DateTimeFormat>();

/** The instants, to the minute, where `zone`'s offset changes during `year`. */
function transitionsIn(zone: string, year: number): number[] {
  const key = `${zone} ${year}`;
  const cached = transitionCache.get(key);
  if (cached) return cached;
  const offset = (t: number) => Date.parse(`${wallText(t, zone).replace(' ', 'T')}Z`) - t;
  const transitions: number[] = [];
  for (let day = Date.UTC(year, 0, 1); day < Date.UTC(year + 1, 0, 1); day += DAY) {
    if (offset(day) === offset(day + DAY)) continue;
    let [low, high] = [day, day + DAY]; // the offset changes in (low, high]: halve it down to a minute
    while (high - low > MINUTE) {
      const middle = low + Math.floor((high - low) / 2 / MINUTE) * MINUTE;
      if (offset(middle) === offset(low)) low = middle;
      else high = middle;
    }
    transitions.push(high);
  }
  transitionCache.set(key, transitions);
  return transitions;
}
const transitionCache = new Map<string, number[]>();

/** Every instant in (from, to] on a minute the cron names, unless that wall time was already seen. */
function bruteForceZoned(naive: NaiveCron, zone: string, from: number, to: number): number[] {
  const seen = new Set<string>();
  const firings: number[] = [];
  for (let t = Math.floor(from / MINUTE) * MINUTE - 3 * 3_600_000; t <= to; t += MINUTE) {
    const wall = wallText(t, zone);
    const [date, time] = wall.split(' ') as [string, string];
    const [y, m, d] = date.split('-').map(Number) as [number, number, number];
    const [h, mi] = time.split(':').map(Number) as [number, number];
    if (t > from && !seen.has(wall) && naive.matchesDay(y, m, d) && naive.hours.has(h) && naive.minutes.has(mi)) firings.push(t);
    seen.add(wall);
  }
  return firings;
}

function term(min: number, max: number, maxStep: number, cyclic: boolean, names?: string[]): fc.Arbitrary<string> {
  const value = names
    ? fc.oneof(fc.integer({ min, max }).map(String), fc.constantFrom(...names), fc.constantFrom(...names.map((n) => n.toLowerCase())))
    : fc.integer({ min, max }).map(String);
  const span = fc.oneof(
    fc.constant('*'),
    value,
    fc.tuple(value, value)
      .filter(([a, b]) => cyclic || valueOf(a, min, names) <= valueOf(b, min, names))
      .map(([a, b]) => `${a}-${b}`),
  );
  if (maxStep === 0) return span;
  return fc.oneof(span, fc.tuple(span, fc.integer({ min: 1, max: maxStep })).map(([s, step]) => `${s}/${step}`));
}

function field(min: number, max: number, maxStep: number, cyclic = true, names?: string[]): fc.Arbitrary<string> {
  return fc.array(term(min, max, maxStep, cyclic, names), { minLength: 1, maxLength: 3 }).map((terms) => terms.join(','));
}

const dayOfMonth = fc.oneof(
  { weight: 4, arbitrary: field(1, 31, 31) },
  { weight: 1, arbitrary: fc.constantFrom('L', 'LW', 'l', 'lw') },
  { weight: 3, arbitrary: fc.oneof(fc.integer({ min: 1, max: 31 }), fc.constantFrom(1, 2, 28, 29, 30, 31)).map((n) => `${n}W`) },
);
const weekday = fc.oneof(fc.integer({ min: 1, max: 7 }).map(String), fc.constantFrom(...WEEKDAYS));
const dayOfWeek = fc.oneof(
  { weight: 4, arbitrary: field(1, 7, 0, true, WEEKDAYS) },
  { weight: 1, arbitrary: fc.constant('L') },
  { weight: 2, arbitrary: weekday.map((w) => `${w}L`) },
  { weight: 2, arbitrary: fc.tuple(weekday, fc.integer({ min: 1, max: 5 })).map(([w, n]) => `${w}#${n}`) },
);
const cronText = (year: fc.Arbitrary<string>, month = fc.oneof({ weight: 3, arbitrary: fc.constant('*') }, { weight: 1, arbitrary: field(1, 12, 12, true, MONTHS) })) =>
  fc.tuple(field(0, 59, 59), field(0, 23, 23), fc.boolean(), dayOfMonth, dayOfWeek, month, year)
    .map(([minutes, hours, byMonthDay, dom, dow, month, y]) => `cron(${minutes} ${hours} ${byMonthDay ? dom : '?'} ${month} ${byMonthDay ? '?' : dow} ${y})`);
const anyYear = fc.oneof({ weight: 4, arbitrary: fc.constant('*') }, { weight: 1, arbitrary: field(1970, 2199, 229, false) });

const ZONES = ['UTC', 'Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'Pacific/Chatham', 'America/St_Johns', 'America/Santiago', 'Asia/Kolkata', 'Africa/Casablanca', 'Pacific/Apia'];
const parse = (text: string) => parseScheduleExpression(text, { allow: ['rate', 'cron', 'at'] });

describe('schedule properties', () => {
  it('every generated cron parses, and firingsBetween in UTC finds exactly what a minute-by-minute scan finds (the first 500)', () => {
    const window = fc.tuple(fc.integer({ min: Date.UTC(1969, 11, 1), max: Date.UTC(2199, 11, 31) }), fc.integer({ min: 1, max: 100 * DAY }));
    const nearEnds = fc.oneof(window, window.map(([from, length]) => [Date.UTC(2199, 11, 31) - (from % (60 * DAY)), length] as const));
    fc.assert(
      fc.property(cronText(anyYear), nearEnds, (text, [from, length]) => {
        const expected = bruteForceUtc(naiveCron(text), from, from + length).slice(0, 500);
        assert.deepEqual(firingsBetween(parse(text), from, from + length, {}, 500), expected, text);
      }),
      { numRuns: 400 },
    );
  });

  it('nextFiring from any instant is the first minute a day-by-day scan finds, across months and years', () => {
    const nearYears = fc.integer({ min: 1968, max: 2199 }).chain((year) =>
      fc.tuple(fc.constant(year), fc.oneof(
        { weight: 2, arbitrary: fc.constant('*') },
        { weight: 1, arbitrary: fc.integer({ min: Math.max(1970, year - 1), max: Math.min(2199, year + 2) }).map(String) },
        { weight: 1, arbitrary: fc.integer({ min: Math.max(1970, year - 1), max: Math.min(2199, year + 2) }).map((y) => `${y}-${Math.min(2199, y + 1)}`) },
      )));
    const sparse = nearYears.chain(([year, yearField]) =>
      fc.tuple(cronText(fc.constant(yearField), field(1, 12, 12, true, MONTHS)), fc.integer({ min: Date.UTC(year, 0, 1), max: Date.UTC(year + 1, 0, 1) - 1 })));
    fc.assert(
      fc.property(sparse, ([text, after]) => {
        const expected = bruteForceNextUtc(naiveCron(text), after, 4 * 366);
        const actual = nextFiring(parse(text), after);
        if (expected !== undefined) assert.equal(actual, expected, text);
        else assert.ok(actual === undefined || actual > after + 4 * 365 * DAY, `${text}: ${actual}`);
      }),
      { numRuns: 300 },
    );
  });

  it('in a time zone, no firing is skipped, none is invented, and a repeated wall time fires once', () => {
    const anywhere = fc.tuple(fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2040, 0, 1) }), fc.integer({ min: 1, max: 30 * 60 }));
    // Windows that span one of the zone's transitions (Samoa's included: it skipped 30 December 2011).
    const acrossTransition = (zone: string) =>
      fc.tuple(fc.integer({ min: 2000, max: 2040 }), fc.nat(), fc.integer({ min: 0, max: 24 * 60 }), fc.integer({ min: 30, max: 5 * 60 }))
        .map(([year, pick, before, after]) => {
          const transitions = transitionsIn(zone, zone === 'Pacific/Apia' && pick % 4 === 0 ? 2011 : year);
          if (transitions.length === 0) return [Date.UTC(year, 0, 1), after] as const;
          const transition = transitions[pick % transitions.length]!;
          return [transition - before * MINUTE, before + after] as const;
        });
    const zoneAndWindow = fc.constantFrom(...ZONES).chain((zone) => fc.tuple(fc.constant(zone), fc.oneof(anywhere, acrossTransition(zone), acrossTransition(zone))));
    fc.assert(
      fc.property(cronText(fc.constant('*')), zoneAndWindow, (text, [zone, [from, minutes]]) => {
        const to = from + minutes * MINUTE;
        const expected = bruteForceZoned(naiveCron(text), zone, from, to);
        assert.deepEqual(firingsBetween(parse(text), from, to, { timezone: zone }, 1e6), expected, `${text} in ${zone}`);
      }),
      { numRuns: 60 },
    );
  });

  it('nextFiring is strictly after `after`, on second 0 of a minute whose wall clock satisfies every field', () => {
    fc.assert(
      fc.property(cronText(anyYear), fc.constantFrom(...ZONES), fc.integer({ min: Date.UTC(1970, 0, 1), max: Date.UTC(2200, 0, 1) }), (text, zone, after) => {
        const firing = nextFiring(parse(text), after, { timezone: zone });
        if (firing === undefined) return;
        assert.ok(firing > after);
        const [date, time] = wallText(firing, zone).split(' ') as [string, string];
        const [y, m, d] = date.split('-').map(Number) as [number, number, number];
        const [h, mi, s] = time.split(':').map(Number) as [number, number, number];
        const naive = naiveCron(text);
        assert.ok(naive.matchesDay(y, m, d) && naive.hours.has(h) && naive.minutes.has(mi) && s === 0, `${text} in ${zone}: ${date} ${time}`);
      }),
      { numRuns: 500 },
    );
  });

  it('rate() fires a whole number of periods from its anchor, the first one after `after`', () => {
    const rate = fc.oneof(
      fc.constantFrom('rate(1 minute)', 'rate(1 hour)', 'rate(1 day)'),
      fc.tuple(fc.integer({ min: 2, max: 5000 }), fc.constantFrom('minutes', 'hours', 'days')).map(([n, unit]) => `rate(${n} ${unit})`),
    );
    const instant = fc.integer({ min: 0, max: Date.UTC(2100, 0, 1) });
    fc.assert(
      fc.property(rate, instant, instant, (text, anchor, after) => {
        const expression = parse(text);
        assert.equal(expression.kind, 'rate');
        const period = expression.kind === 'rate' ? expression.periodMs : 0;
        const firing = nextFiring(expression, after, { anchor })!;
        assert.ok(firing > after && firing >= anchor);
        assert.equal((firing - anchor) % period, 0);
        assert.ok(firing - period <= Math.max(after, anchor - 1), 'the one before it is not after `after`');
      }),
    );
  });

  it('parsing anything either gives an expression or an InvalidScheduleExpressionError', () => {
    const mutated = fc.tuple(cronText(anyYear), fc.integer({ min: 0, max: 40 }), fc.string({ maxLength: 3 }))
      .map(([text, at, insert]) => text.slice(0, at) + insert + text.slice(at + 1));
    fc.assert(
      fc.property(fc.oneof(fc.string(), mutated), (text) => {
        try {
          parse(text);
        } catch (error) {
          assert.ok(error instanceof InvalidScheduleExpressionError, String(error));
        }
      }),
      { numRuns: 2000 },
    );
  });
});
