import type { Clock } from '../shared/clock.js';

const WINDOW_MS = 1000;

/**
 * Per-shard GetRecords rate limit, off unless asked for (`streams.readsPerSecond`, CLI
 * `--stream-read-limit`). AWS throttles GetRecords per shard (about five calls a second), and readers
 * must back off on LimitExceededException; turning the limit on lets users test that path locally.
 *
 * A sliding window: a call is admitted when fewer than `limit` admitted calls on the same shard
 * happened in the last second. Refused calls do not count.
 */
export class ShardReadThrottle {
  readonly #limit: number;
  readonly #clock: Clock;
  /** Shard key → times of the admitted calls within the window, oldest first. */
  readonly #calls = new Map<string, number[]>();

  constructor(limit: number, clock: Clock) {
    this.#limit = limit;
    this.#clock = clock;
  }

  /** Whether a read of `shardKey` may go ahead now; an admitted read is counted. */
  admit(shardKey: string): boolean {
    if (this.#limit <= 0) return true;
    const now = this.#clock.now();
    let times = this.#calls.get(shardKey);
    if (!times) {
      if (this.#calls.size >= 10_000) this.#forgetIdle(now);
      times = [];
      this.#calls.set(shardKey, times);
    }
    while (times.length > 0 && times[0]! <= now - WINDOW_MS) times.shift();
    if (times.length >= this.#limit) return false;
    times.push(now);
    return true;
  }

  /** Drops shards with no call in the window, so the map stays as large as the shards being read. */
  #forgetIdle(now: number): void {
    for (const [key, times] of this.#calls) {
      if (times.length === 0 || times[times.length - 1]! <= now - WINDOW_MS) this.#calls.delete(key);
    }
  }
}
