import { civilToMs, DAY_MS } from './civil-time.js';

/**
 * An IANA time zone read through Intl (Node ships full ICU), converting between instants and civil ms
 * (see civil-time.ts). No DST policy lives here: `instantsOf` reports every instant a wall-clock time has
 * — none in a spring-forward gap, two in a fall-back overlap — and callers choose.
 */
export class TimeZone {
  static readonly #zones = new Map<string, TimeZone>();
  readonly name: string;
  readonly #format: Intl.DateTimeFormat | undefined;

  /** The zone named `name`; throws a RangeError for a name Intl does not know. */
  static of(name: string): TimeZone {
    let zone = TimeZone.#zones.get(name);
    if (!zone) {
      zone = new TimeZone(name);
      TimeZone.#zones.set(name, zone);
    }
    return zone;
  }

  /** Does Intl know `name` (`Europe/Berlin`, `UTC`, `Etc/GMT+5`)? */
  static isValid(name: string): boolean {
    try {
      TimeZone.of(name);
      return true;
    } catch {
      return false;
    }
  }

  private constructor(name: string) {
    this.name = name;
    // new Intl.DateTimeFormat throws "RangeError: Invalid time zone specified: …" for an unknown zone.
    const format = new Intl.DateTimeFormat('en-US', {
      timeZone: name,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    this.#format = format.resolvedOptions().timeZone === 'UTC' ? undefined : format;
  }

  /** Local time minus UTC at `instant`, in ms (+3,600,000 for CET). */
  offsetAt(instant: number): number {
    if (!this.#format) return 0;
    const parts: Record<string, number> = {};
    for (const part of this.#format.formatToParts(instant)) {
      if (part.type !== 'literal') parts[part.type] = Number(part.value);
    }
    const wall = civilToMs({
      year: parts.year!,
      month: parts.month!,
      day: parts.day!,
      hour: parts.hour!,
      minute: parts.minute!,
      second: parts.second!,
    });
    return wall - (instant - (((instant % 1000) + 1000) % 1000));
  }

  /** The wall-clock time at `instant`, in civil ms. */
  wallTime(instant: number): number {
    return instant + this.offsetAt(instant);
  }

  /**
   * Every instant whose wall-clock time is `wall` (civil ms), ascending: one normally, none in a gap, two
   * in an overlap. The zone's offsets a day either side are the only candidates, which holds wherever
   * two transitions are more than a day apart (every zone since 1970).
   */
  instantsOf(wall: number): number[] {
    if (!this.#format) return [wall];
    const before = this.offsetAt(wall - DAY_MS);
    const after = this.offsetAt(wall + DAY_MS);
    const instants: number[] = [];
    for (const offset of before === after ? [before] : [before, after]) {
      if (this.offsetAt(wall - offset) === offset) instants.push(wall - offset);
    }
    return instants.sort((a, b) => a - b);
  }

  /** The offset in force just before the transition around `wall`: what a gap's wall time is read with. */
  offsetBefore(wall: number): number {
    return this.offsetAt(wall - DAY_MS);
  }
}
