import { compileLeaf } from './compile-leaf.js';
import { invalidPattern } from './invalid-event-pattern-error.js';
import type { LeafMatcher } from './compile-leaf.js';

/** A leaf of a pattern: its compiled test, and the (validated) condition array it was compiled from. */
export interface Leaf {
  readonly matches: LeafMatcher;
  readonly conditions: readonly unknown[];
}

/** One way to satisfy a pattern once its `$or`s are unfolded: dotted field path → leaf condition (ANDed). */
export type Alternative = Map<string, Leaf>;

/** AWS's documented cap on the rule combinations `$or` unfolds to. */
export const MAX_COMBINATIONS = 1000;

const OR = '$or';

// event-ruler refuses operator names (and names it reserves) as field names inside `$or` branches.
export const RESERVED_IN_OR = new Set([
  'exactly', 'equals-ignore-case', 'prefix', 'suffix', 'anything-but', 'exists', 'wildcard', 'numeric', 'cidr',
  '=', '<', '<=', '>', '>=', 'regex', 'not-wildcard', 'not-equals-ignore-case', 'date-after', 'date-on-or-after',
  'date-before', 'date-on-or-before', 'in-date-range', 'ip-address-in-range', 'ip-address-not-in-range',
]);

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

/**
 * Unfolds `$or` at one level: every alternative built so far is copied once per branch and extended with
 * that branch's fields (a field written later at the same path replaces the earlier one, as AWS's compiler
 * does).
 */
function unfoldOr(alternatives: Alternative[], path: string, branches: unknown): Alternative[] {
  if (!Array.isArray(branches)) invalidPattern('It must be an Array followed with $or.');
  const unfolded: Alternative[] = [];
  for (const branch of branches) {
    if (!isObject(branch)) invalidPattern('Only JSON object is allowed in array of $or relationship.');
    const forked = alternatives.map((alternative) => new Map(alternative));
    unfolded.push(...walkObject(forked, path, branch, true));
    // Unconfirmed message: AWS documents the limit, not the text it answers with.
    if (unfolded.length > MAX_COMBINATIONS) {
      invalidPattern(`The event pattern unfolds to more than ${MAX_COMBINATIONS} $or combinations`);
    }
  }
  if (branches.length < 2) invalidPattern('There must have at least 2 Objects in $or relationship.');
  return unfolded;
}

function walkObject(alternatives: Alternative[], path: string, pattern: Record<string, unknown>, insideOr: boolean): Alternative[] {
  const keys = Object.keys(pattern);
  for (const key of keys) {
    if (key === OR) {
      alternatives = unfoldOr(alternatives, path, pattern[key]);
      continue;
    }
    if (insideOr && RESERVED_IN_OR.has(key)) {
      invalidPattern(`${key} is Ruler reserved fieldName which cannot be used inside $or.`);
    }
    const value = pattern[key];
    if (isObject(value)) {
      alternatives = walkObject(alternatives, join(path, key), value, insideOr);
    } else if (Array.isArray(value)) {
      const leaf: Leaf = { matches: compileLeaf(value), conditions: value };
      for (const alternative of alternatives) alternative.set(join(path, key), leaf);
    } else {
      invalidPattern(`"${key}" must be an object or an array`);
    }
  }
  if (keys.length === 0) invalidPattern('Empty objects are not allowed');
  return alternatives;
}

/**
 * Validates a parsed pattern and unfolds it into alternatives, checking in the order AWS's streaming
 * compiler reads the JSON, so the first error reported is the one AWS reports.
 */
export function flattenPattern(pattern: unknown): Alternative[] {
  if (!isObject(pattern)) invalidPattern('Filter is not an object');
  return walkObject([new Map()], '', pattern, false);
}
