/**
 * Where a shard's checkpoint may go when batches of it finish out of order (ParallelizationFactor > 1):
 * sequence numbers are tracked in read order, finished ones are marked done, and the position is the
 * highest sequence number before which everything is done. A record finished early never moves the
 * position past one still in flight, so a restart redelivers (at least once) rather than skips.
 */
export class ShardProgress {
  /** Read but not yet passed by the position, ascending; `#head` indexes the first. */
  #pending: bigint[] = [];
  #head = 0;
  readonly #done = new Set<bigint>();
  #position: bigint;

  constructor(position: bigint) {
    this.#position = position;
  }

  /** The last sequence number such that it and everything before it is done. */
  get position(): bigint {
    return this.#position;
  }

  /** Records read and not yet passed by the position. */
  get outstanding(): number {
    return this.#pending.length - this.#head;
  }

  /** Records just read, in sequence order, after every one tracked so far. */
  track(sequences: readonly bigint[]): void {
    for (const sequence of sequences) this.#pending.push(sequence);
  }

  /** Marks records done; returns whether the position moved. */
  finish(sequences: Iterable<bigint>): boolean {
    for (const sequence of sequences) this.#done.add(sequence);
    const before = this.#position;
    while (this.#head < this.#pending.length && this.#done.has(this.#pending[this.#head]!)) {
      const sequence = this.#pending[this.#head++]!;
      this.#done.delete(sequence);
      this.#position = sequence;
    }
    if (this.#head > 1024 && this.#head * 2 > this.#pending.length) {
      this.#pending = this.#pending.slice(this.#head);
      this.#head = 0;
    }
    return this.#position !== before;
  }
}
