// What a run's slowest requests met on the server (bench/request-tails.mjs --attribute): the server writes its
// events to two files (EDDY_WAL_TRACE: src/storage/sqlite/sqlite-wal-trace.ts; EDDY_TAIL_PROBE:
// bench/lib/tail-probe.mjs), each line `<kind> <start epoch ms> <duration ms> …`; a request met an event when
// the event's interval overlaps the request's, from its write to its answer (clocks: performance.timeOrigin +
// performance.now() on both sides).
import { readFileSync } from 'node:fs';

/** A flush or a commit at least this long counts as one a request met. */
const SLOW_MS = 2;

/**
 * @typedef {{ kind: string, start: number, end: number, fields: string[] }} TraceEvent
 * @typedef {{ sent: number, ms: number }} Sent  a request: its write (epoch ms) and its latency
 */

/** @param {string[]} files @returns {Map<string, TraceEvent[]>} events by kind, sorted by start */
export function readTraces(files) {
  /** @type {Map<string, TraceEvent[]>} */
  const byKind = new Map();
  for (const file of files) {
    let text = '';
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue; // nothing written
    }
    for (const line of text.split('\n')) {
      const [kind, start, ms, ...fields] = line.split(' ');
      if (!kind || start === undefined || ms === undefined) continue;
      const event = { kind, start: Number(start), end: Number(start) + Number(ms), fields };
      let list = byKind.get(kind);
      if (!list) byKind.set(kind, (list = []));
      list.push(event);
    }
  }
  for (const list of byKind.values()) list.sort((a, b) => a.start - b.start);
  return byKind;
}

/**
 * What met a run's requests: per category, the share of all requests and of the slowest 1 % whose interval
 * overlapped one; and the events inside the run.
 * @param {Map<string, TraceEvent[]>} traces
 * @param {Sent[]} requests
 */
export function attribute(traces, requests) {
  const from = Math.min(...requests.map((r) => r.sent));
  const to = Math.max(...requests.map((r) => r.sent + r.ms));
  const within = (/** @type {string} */ kind, /** @type {(e: TraceEvent) => boolean} */ keep = () => true) =>
    new Intervals((traces.get(kind) ?? []).filter((e) => e.end >= from && e.start <= to && keep(e)));
  const categories = {
    hold: within('hold'),
    'checkpoint pass': within('pass'),
    gc: within('gc'),
    // A gap in which the process used at least half the time in CPU was its own work; else the core was taken.
    'loop gap, busy': within('gap', (e) => Number(e.fields[0]) >= (e.end - e.start) / 2),
    'loop gap, descheduled': within('gap', (e) => Number(e.fields[0]) < (e.end - e.start) / 2),
    [`flush ≥ ${SLOW_MS} ms`]: within('flush', (e) => e.end - e.start >= SLOW_MS),
    [`commit ≥ ${SLOW_MS} ms`]: within('commit', (e) => e.end - e.start >= SLOW_MS),
  };
  const sorted = [...requests].sort((a, b) => b.ms - a.ms);
  const slowest = sorted.slice(0, Math.max(1, Math.floor(requests.length / 100)));
  /** @param {Sent[]} set @param {Intervals} intervals */
  const share = (set, intervals) => set.filter((r) => intervals.overlaps(r.sent, r.sent + r.ms)).length / set.length;
  const any = Object.values(categories);
  const none = (/** @type {Sent[]} */ set) => set.filter((r) => !any.some((i) => i.overlaps(r.sent, r.sent + r.ms))).length / set.length;
  /** The mean share of a request's latency the intervals covered. @param {Sent[]} set @param {Intervals} intervals */
  const covered = (set, intervals) => set.reduce((sum, r) => sum + intervals.overlapMs(r.sent, r.sent + r.ms) / r.ms, 0) / set.length;
  const rows = Object.entries(categories).map(([name, intervals]) => ({ name, events: intervals.events.length, ms: intervals.totalMs(), longest: intervals.longestMs(), all: share(requests, intervals), slowest: share(slowest, intervals), covered: covered(slowest, intervals) }));
  rows.push({ name: 'none of these', events: 0, ms: 0, longest: 0, all: none(requests), slowest: none(slowest), covered: NaN });
  // Flushes that ran while a checkpoint pass copied pages and flushed the database file (the same disk), and the others.
  const passes = categories['checkpoint pass'];
  const flushEvents = within('flush').events;
  const lengths = (/** @type {TraceEvent[]} */ events) => events.map((e) => e.end - e.start).sort((a, b) => a - b);
  const flushes = lengths(flushEvents);
  const flushesInPasses = lengths(flushEvents.filter((e) => passes.overlaps(e.start, e.end)));
  const flushesOutside = lengths(flushEvents.filter((e) => !passes.overlaps(e.start, e.end)));
  const commits = within('commit').events.map((e) => e.end - e.start).sort((a, b) => a - b);
  return { rows, seconds: (to - from) / 1000, slowestFrom: slowest.at(-1)?.ms ?? NaN, flushes, flushesInPasses, flushesOutside, commits };
}

/** Prints attribute()'s answer as a markdown table. @param {ReturnType<typeof attribute>} result @param {string} title */
export function printAttribution(result, title) {
  const pct = (/** @type {number} */ x) => `${(x * 100).toFixed(1)} %`;
  const q = (/** @type {number[]} */ xs, /** @type {number} */ p) => (xs.length === 0 ? '-' : xs[Math.min(xs.length - 1, Math.ceil(p * xs.length) - 1)].toFixed(2));
  console.log(`\n${title}: ${result.seconds.toFixed(1)} s; slowest 1 % from ${result.slowestFrom.toFixed(2)} ms`);
  console.log('| met | events | their time | longest (ms) | all requests | slowest 1 % | share of the slowest 1 %\'s latency |\n| --- | --- | --- | --- | --- | --- | --- |');
  for (const row of result.rows) {
    const time = row.name === 'none of these' ? '' : `${row.ms.toFixed(0)} ms (${pct(row.ms / 1000 / result.seconds)})`;
    console.log(`| ${row.name} | ${row.name === 'none of these' ? '' : row.events} | ${time} | ${row.name === 'none of these' ? '' : row.longest.toFixed(2)} | ${pct(row.all)} | ${pct(row.slowest)} | ${Number.isNaN(row.covered) ? '' : pct(row.covered)} |`);
  }
  const summary = (/** @type {number[]} */ xs) => `${xs.length}, p50 ${q(xs, 0.5)} / p99 ${q(xs, 0.99)} / max ${q(xs, 1)} ms`;
  console.log(`flushes: ${summary(result.flushes)} (during a checkpoint pass: ${summary(result.flushesInPasses)}; outside: ${summary(result.flushesOutside)}); commits: ${summary(result.commits)}`);
}

/** Intervals sorted by start, asked whether any overlaps [from, to]. */
class Intervals {
  /** @param {TraceEvent[]} events sorted by start */
  constructor(events) {
    this.events = events;
    this.maxLength = Math.max(0, ...events.map((e) => e.end - e.start));
  }

  /** @param {number} from @param {number} to */
  overlaps(from, to) {
    // The first event starting after `to`; walk back over those that may still reach `from`.
    let lo = 0;
    let hi = this.events.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.events[mid].start <= to) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo - 1; i >= 0 && this.events[i].start >= from - this.maxLength; i--) if (this.events[i].end >= from) return true;
    return false;
  }

  /** Milliseconds of [from, to] that events cover (a category's events do not overlap one another). @param {number} from @param {number} to */
  overlapMs(from, to) {
    let ms = 0;
    for (const event of this.events) {
      if (event.start > to) break;
      if (event.end > from) ms += Math.min(to, event.end) - Math.max(from, event.start);
    }
    return ms;
  }

  totalMs() {
    return this.events.reduce((sum, e) => sum + (e.end - e.start), 0);
  }

  longestMs() {
    return this.maxLength;
  }
}
