/**
 * A bounded map of parsed expressions by text: at most `capacity` entries. A read only flags its entry;
 * when one more is kept in a full cache, the oldest entry not read since it was last passed over goes (a
 * second chance, close to least recently used). Moving each read entry to the Map's end instead made the
 * Map rehash, ~150 bytes a Query (docs/benchmarks.md, "Query's allocation, second pass").
 */
export class SecondChanceCache<V> {
  readonly #capacity: number;
  readonly #entries = new Map<string, { readonly value: V; used: boolean }>();

  constructor(capacity: number) {
    this.#capacity = capacity;
  }

  get size(): number {
    return this.#entries.size;
  }

  has(key: string): boolean {
    return this.#entries.has(key);
  }

  get(key: string): V | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    entry.used = true;
    return entry.value;
  }

  set(key: string, value: V): void {
    if (!this.#entries.has(key) && this.#entries.size >= this.#capacity) this.#dropOne();
    this.#entries.set(key, { value, used: false });
  }

  /** Drops the oldest entry not read since it was last passed over; a read one moves to the end, unflagged. */
  #dropOne(): void {
    // An entry moved to the end is met again by this loop, unflagged: it ends within size + 1 steps.
    for (const [key, entry] of this.#entries) {
      this.#entries.delete(key);
      if (!entry.used) return;
      entry.used = false;
      this.#entries.set(key, entry);
    }
  }
}
