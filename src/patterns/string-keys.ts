/** Receives the entries (alternative numbers) filed under a key an event value hit. */
export type PostingSink = (postings: readonly number[]) => void;

function post(map: Map<string, number[]>, key: string, entry: number): void {
  const postings = map.get(key);
  if (postings) {
    if (postings[postings.length - 1] !== entry) postings.push(entry);
  } else {
    map.set(key, [entry]);
  }
}

/**
 * Entries filed under exact strings and string prefixes, for one field. A value is looked up once for
 * its exact text and once per distinct prefix length (a slice and a map lookup each), so the cost of a
 * lookup depends on how many prefix lengths the rules use, not on how many prefixes or rules there are.
 */
export class StringKeys {
  readonly #exact = new Map<string, number[]>();
  readonly #prefixes = new Map<string, number[]>();
  #lengths: number[] = [];

  addExact(text: string, entry: number): void {
    post(this.#exact, text, entry);
  }

  addPrefix(prefix: string, entry: number): void {
    post(this.#prefixes, prefix, entry);
    if (!this.#lengths.includes(prefix.length)) {
      this.#lengths.push(prefix.length);
      this.#lengths.sort((a, b) => a - b);
    }
  }

  /** Hands `sink` the entries of every key `value` hits. */
  collect(value: string, sink: PostingSink): void {
    const exact = this.#exact.get(value);
    if (exact) sink(exact);
    const lengths = this.#lengths;
    for (let i = 0; i < lengths.length; i++) {
      const length = lengths[i]!;
      if (length > value.length) break;
      const postings = this.#prefixes.get(length === value.length ? value : value.slice(0, length));
      if (postings) sink(postings);
    }
  }
}
