/**
 * Receives the number of each key an event value hits, and whether the value was reached through an
 * array of objects (see PathIndex).
 */
export type KeySink = (key: number, crossed: boolean) => void;

export type StringKeyKind = 'exact' | 'prefix' | 'suffix';

function addLength(lengths: number[], length: number): void {
  if (lengths.includes(length)) return;
  lengths.push(length);
  lengths.sort((a, b) => a - b);
}

/**
 * Keys on the strings at one field: exact texts, prefixes and suffixes, each numbered once. A value is
 * looked up once for its text and once per distinct prefix (suffix) length in use — a slice and a map
 * lookup each — so a lookup costs what the set of lengths costs, not what the number of keys does.
 */
export class StringKeys {
  readonly #exact = new Map<string, number>();
  readonly #prefixes = new Map<string, number>();
  readonly #suffixes = new Map<string, number>();
  readonly #prefixLengths: number[] = [];
  readonly #suffixLengths: number[] = [];

  /** The number of the key, numbered with `next()` when it is new. */
  key(kind: StringKeyKind, text: string, next: () => number): number {
    const map = kind === 'exact' ? this.#exact : kind === 'prefix' ? this.#prefixes : this.#suffixes;
    let key = map.get(text);
    if (key === undefined) {
      map.set(text, (key = next()));
      if (kind === 'prefix') addLength(this.#prefixLengths, text.length);
      if (kind === 'suffix') addLength(this.#suffixLengths, text.length);
    }
    return key;
  }

  /** Hands `sink` every key `value` hits. */
  collect(value: string, sink: KeySink, crossed: boolean): void {
    const exact = this.#exact.get(value);
    if (exact !== undefined) sink(exact, crossed);
    const length = value.length;
    const prefixLengths = this.#prefixLengths;
    for (let i = 0; i < prefixLengths.length && prefixLengths[i]! <= length; i++) {
      const key = this.#prefixes.get(value.slice(0, prefixLengths[i]));
      if (key !== undefined) sink(key, crossed);
    }
    const suffixLengths = this.#suffixLengths;
    for (let i = 0; i < suffixLengths.length && suffixLengths[i]! <= length; i++) {
      const key = this.#suffixes.get(value.slice(length - suffixLengths[i]!));
      if (key !== undefined) sink(key, crossed);
    }
  }
}
