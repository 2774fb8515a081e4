import { SecondChanceCache } from './second-chance-cache.js';

/**
 * Parses kept by their text (or a key made from it), at most `capacity` of them: a client sends the same
 * few expressions with new placeholder values, and parsing one allocates 1–6 KB (docs/benchmarks.md,
 * "Filter and condition expressions parsed once"). What is kept must depend on the key alone; each
 * request then makes its own checks of its names and values against it. A parse is kept only once a
 * request using it passed those checks (`keep`), so an invalid expression is parsed afresh every time.
 * What is kept is frozen, object by object, since every request with that text shares it.
 */
export class ParseCache<T extends object> {
  readonly #kept: SecondChanceCache<T>;
  readonly #maxKeyLength: number;

  /** At most `capacity` parses, of keys at most `maxKeyLength` characters long (a longer one is never kept). */
  constructor(capacity: number, maxKeyLength = Infinity) {
    this.#kept = new SecondChanceCache<T>(capacity);
    this.#maxKeyLength = maxKeyLength;
  }

  get size(): number {
    return this.#kept.size;
  }

  has(key: string): boolean {
    return this.#kept.has(key);
  }

  /** The kept parse of `key`, if any. */
  get(key: string): T | undefined {
    return this.#kept.get(key);
  }

  /**
   * The kept parse of `text`, else `parse(text, detail)` (kept only by a later `keep`), which throws the
   * parse's errors; `detail` is what they need beside the text (the parameter's name).
   */
  parse<D>(text: string, detail: D, parse: (text: string, detail: D) => T): T {
    return this.#kept.get(text) ?? parse(text, detail);
  }

  /** Keeps `parsed` under `key` once a request using it passed its checks; nothing when the key is kept. */
  keep(key: string, parsed: T): void {
    if (key.length <= this.#maxKeyLength && !this.#kept.has(key)) this.#kept.set(key, deepFreeze(parsed));
  }
}

/** `value` and every object it reaches, frozen (tokens from the token cache already are). */
function deepFreeze<V>(value: V): V {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return value;
  Object.freeze(value);
  for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  return value;
}
