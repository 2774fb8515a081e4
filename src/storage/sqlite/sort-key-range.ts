import type { RangeQuery } from '../engine.js';

/**
 * A range query's sort-key conditions reduced to one half-open byte range [from, to): every bound,
 * the prefix and the cursor become an inclusive lower and an exclusive upper bound, so the engine
 * needs only four statements (with or without `to`, each direction).
 *
 * Uses two facts of memcmp order with shorter-prefix-first: the smallest key greater than x is
 * x + 0x00, and the keys starting with p are exactly [p, p with trailing 0xFF bytes dropped and the
 * last byte incremented) — unbounded above when p is all 0xFF.
 */
export interface SortKeyRange {
  readonly from: Uint8Array;
  /** Exclusive; undefined when unbounded above. */
  readonly to: Uint8Array | undefined;
}

const EMPTY = new Uint8Array(0);

/** Returns undefined when the conditions admit no key. */
export function sortKeyRange(query: RangeQuery): SortKeyRange | undefined {
  let from: Uint8Array = EMPTY;
  let to: Uint8Array | undefined;
  const raise = (candidate: Uint8Array) => {
    if (Buffer.compare(candidate, from) > 0) from = candidate;
  };
  const lower = (candidate: Uint8Array | undefined) => {
    if (candidate !== undefined && (to === undefined || Buffer.compare(candidate, to) < 0)) to = candidate;
  };
  if (query.lower) raise(query.lower.inclusive ? query.lower.value : successor(query.lower.value));
  if (query.upper) lower(query.upper.inclusive ? successor(query.upper.value) : query.upper.value);
  if (query.prefix) {
    raise(query.prefix);
    lower(prefixEnd(query.prefix));
  }
  if (query.after) {
    if (query.reverse) lower(query.after);
    else raise(successor(query.after));
  }
  if (to !== undefined && Buffer.compare(from, to) >= 0) return undefined;
  return { from, to };
}

/** The smallest byte string greater than `value`. */
export function successor(value: Uint8Array): Uint8Array {
  const out = new Uint8Array(value.length + 1);
  out.set(value);
  return out;
}

/** The smallest byte string greater than every string starting with `prefix`; undefined if none. */
export function prefixEnd(prefix: Uint8Array): Uint8Array | undefined {
  let end = prefix.length;
  while (end > 0 && prefix[end - 1] === 0xff) end--;
  if (end === 0) return undefined;
  const out = new Uint8Array(end); // a copy: Buffer#slice would alias the caller's bytes
  out.set(prefix.subarray(0, end - 1));
  out[end - 1] = prefix[end - 1]! + 1;
  return out;
}
