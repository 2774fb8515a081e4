import { parseNumeric } from './numeric-condition.js';
import type { LeafMatcher } from './compile-leaf.js';
import type { Alternative } from './flatten-pattern.js';

const MAX_EPOCH = 0xffffffff;
const THROUGH_ARRAY: unique symbol = Symbol('through an array');
// #rangeFlags bits: the leaf is one numeric range; its lower (upper) end is inclusive.
const RANGE = 1;
const LOWER_INCLUSIVE = 2;
const UPPER_INCLUSIVE = 4;

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The range of a leaf that is one `{"numeric": [...]}` range (by far the commonest numeric leaf). */
function loneRange(conditions: readonly unknown[]): { lower: number; upper: number; flags: number } | undefined {
  const condition = conditions.length === 1 ? conditions[0] : undefined;
  if (!isObject(condition) || Object.keys(condition)[0] !== 'numeric') return undefined;
  const parsed = parseNumeric(condition.numeric);
  if ('equals' in parsed) return undefined;
  // A missing end is an inclusive infinite one, which rejects no number, as no end does.
  return {
    lower: parsed.lower?.value ?? -Infinity,
    upper: parsed.upper?.value ?? Infinity,
    flags: RANGE | (parsed.lower?.inclusive === false ? 0 : LOWER_INCLUSIVE) | (parsed.upper?.inclusive === false ? 0 : UPPER_INCLUSIVE),
  };
}

/**
 * The leaves of all the alternatives of a rule set, as predicates (a field path and a compiled leaf)
 * shared by every alternative that has the same one — thousands of rules name the same `source`, or the
 * same anything-but — and evaluated at most once per event. Checking an alternative then touches a few
 * small shared objects instead of its own tree of closures, which at ten thousand rules mostly sits
 * outside the CPU caches.
 *
 * Only for events whose paths cross no array: where an array lies on a path, the fields of one element
 * must match together, so `holds` answers `undefined` and the caller asks the alternative's full matcher.
 */
export class PredicateTable {
  readonly #paths: string[][] = []; // path → its steps
  readonly #predicatePath: number[] = []; // predicate → path
  readonly #predicateLeaf: LeafMatcher[] = []; // predicate → compiled leaf
  // A numeric range leaf is also kept as numbers, tested without its closures (which sit in cold memory).
  readonly #rangeEnds: number[] = []; // predicate → [lower, upper]
  readonly #rangeFlags: number[] = [];
  readonly #start: Int32Array; // alternative → its first predicate (in #predicates)
  readonly #predicates: Int32Array;
  // Per-event memo: a path (predicate) whose mark equals `#epoch` has its value (result) for this event.
  readonly #valueMark: Uint32Array;
  readonly #values: unknown[];
  readonly #resultMark: Uint32Array;
  readonly #results: Uint8Array;
  #epoch = 0;
  #event: unknown;

  constructor(alternatives: readonly Alternative[]) {
    const pathIds = new Map<string, number>();
    const predicateIds = new Map<string, number>();
    const uses: number[] = [];
    const lists = alternatives.map((alternative) => {
      const list: number[] = [];
      for (const [path, leaf] of alternative) {
        let pathId = pathIds.get(path);
        if (pathId === undefined) {
          pathIds.set(path, (pathId = this.#paths.length));
          this.#paths.push(path.split('.'));
        }
        const signature = `${pathId}:${JSON.stringify(leaf.conditions)}`;
        let predicate = predicateIds.get(signature);
        if (predicate === undefined) {
          predicateIds.set(signature, (predicate = this.#predicateLeaf.length));
          this.#predicatePath.push(pathId);
          this.#predicateLeaf.push(leaf.matches);
          const range = loneRange(leaf.conditions);
          this.#rangeEnds.push(range?.lower ?? 0, range?.upper ?? 0);
          this.#rangeFlags.push(range?.flags ?? 0);
          uses.push(0);
        }
        uses[predicate]!++;
        list.push(predicate);
      }
      return list;
    });
    // The predicates many alternatives share come first: they are the likeliest to be known already for
    // the event, and to sit in the CPU caches; a rule's own rare ones are looked at only if those hold.
    const start = new Int32Array(alternatives.length + 1);
    const flat: number[] = [];
    lists.forEach((list, n) => {
      start[n] = flat.length;
      flat.push(...list.sort((a, b) => uses[b]! - uses[a]!));
    });
    start[alternatives.length] = flat.length;
    this.#start = start;
    this.#predicates = Int32Array.from(flat);
    this.#valueMark = new Uint32Array(this.#paths.length);
    this.#values = new Array<unknown>(this.#paths.length);
    this.#resultMark = new Uint32Array(this.#predicateLeaf.length);
    this.#results = new Uint8Array(this.#predicateLeaf.length);
  }

  /** Starts a new event: forgets the values and results memoised for the previous one. */
  begin(event: unknown): void {
    if (this.#epoch === MAX_EPOCH) {
      this.#valueMark.fill(0);
      this.#resultMark.fill(0);
      this.#epoch = 0;
    }
    this.#epoch++;
    this.#event = event;
  }

  /** Forgets the event (the values memoised from it stay until the next event overwrites them). */
  end(): void {
    this.#event = undefined;
  }

  /**
   * Whether alternative `n` matches the current event; `undefined` when that depends on a path through an
   * array (and no leaf on a path without one already fails).
   */
  holds(n: number): boolean | undefined {
    let throughArray = false;
    for (let i = this.#start[n]!; i < this.#start[n + 1]!; i++) {
      const predicate = this.#predicates[i]!;
      if (this.#resultMark[predicate] !== this.#epoch) {
        const value = this.#value(this.#predicatePath[predicate]!);
        if (value === THROUGH_ARRAY) {
          throughArray = true;
          continue;
        }
        this.#results[predicate] = this.#test(predicate, value) ? 1 : 0;
        this.#resultMark[predicate] = this.#epoch;
      }
      if (this.#results[predicate] === 0) return false;
    }
    return throughArray ? undefined : true;
  }

  #test(predicate: number, value: unknown): boolean {
    const flags = this.#rangeFlags[predicate]!;
    if (flags === 0 || Array.isArray(value)) return this.#predicateLeaf[predicate]!(value);
    // What the compiled range does: only numbers match, and a number is rejected by an end it is beyond.
    if (typeof value !== 'number') return false;
    const lower = this.#rangeEnds[2 * predicate]!;
    const upper = this.#rangeEnds[2 * predicate + 1]!;
    if (flags & LOWER_INCLUSIVE ? value < lower : value <= lower) return false;
    return !(flags & UPPER_INCLUSIVE ? value > upper : value >= upper);
  }

  /** The value at a path as the matcher sees it: `undefined` below a missing field or a scalar. */
  #value(path: number): unknown {
    if (this.#valueMark[path] === this.#epoch) return this.#values[path];
    const steps = this.#paths[path]!;
    let value = this.#event;
    for (let i = 0; i < steps.length; i++) {
      if (Array.isArray(value)) {
        value = THROUGH_ARRAY;
        break;
      }
      const step = steps[i]!;
      value = isObject(value) && Object.hasOwn(value, step) ? value[step] : undefined;
    }
    this.#values[path] = value;
    this.#valueMark[path] = this.#epoch;
    return value;
  }
}
