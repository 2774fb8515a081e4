/**
 * API destinations' InvocationRateLimitPerSecond: at most `rate` calls to a destination in any one
 * second. Each destination keeps the times of its last `rate` calls (sent or reserved); a call goes at
 * `now` when the call `rate` places back was a second ago or more, else at the first such moment, and
 * never before a call reserved ahead of it (so the times only grow: any `rate` + 1 of them span a
 * second). A burst of `rate` calls goes at once. (A token bucket holding a second's worth would let a
 * full bucket and its refill through — up to twice the rate within one second.)
 *
 * A delivery that may not go now is not refused: it reserves its slot and is told when that is, so the
 * runner defers it to then instead of holding a slot while it waits; coming back at or after its
 * slot, it goes without taking another. A backlog is sent at the rate, each delivery once, in about
 * the order it arrived. (One brought back late — the runner was busy — goes when it comes, and may
 * then come closer to the next than the schedule meant.)
 *
 * The times are this process's: with several Eddy nodes sharing one database each node keeps its
 * own, and a destination may get up to the rate from each node. (A rate kept in storage would cost a
 * write per call; the limit is a courtesy to the endpoint, not a contract.)
 */
export class InvocationRates {
  /** Destination → the times (epoch ms, non-decreasing) of its last `rate` calls. */
  readonly #calls = new Map<string, { rate: number; times: number[] }>();
  /** Delivery id → the slot it reserved. */
  readonly #reserved = new Map<string, number>();

  /**
   * Whether delivery `id` may call `destination` (limited to `rate` a second) at `now`: undefined if
   * so (the call is counted), else when it may.
   */
  admit(destination: string, rate: number, id: string, now: number): number | undefined {
    const slot = this.#reserved.get(id);
    if (slot !== undefined) {
      if (slot <= now) {
        this.#reserved.delete(id);
        return undefined;
      }
      return slot;
    }
    const known = this.#calls.get(destination);
    const times = known && known.rate === rate ? known.times : [];
    this.#calls.set(destination, { rate, times });
    const last = times.at(-1) ?? now;
    const at = Math.max(now, last, times.length >= rate ? times[times.length - rate]! + 1000 : now);
    times.push(at);
    if (times.length > rate) times.shift();
    if (at <= now) return undefined;
    this.#remember(id, at, now);
    return at;
  }

  /** A reservation is forgotten once it is a minute past: its delivery went elsewhere (another node) or away. */
  #remember(id: string, slot: number, now: number): void {
    if (this.#reserved.size >= 10_000) {
      for (const [other, at] of this.#reserved) if (at < now - 60_000) this.#reserved.delete(other);
    }
    this.#reserved.set(id, slot);
  }
}
