import { parseIpAddress } from './ip-address.js';
import { parseWildcard } from './wildcard.js';
import type { Scalar } from './event-values.js';

/**
 * Values a leaf can only be satisfied by: the leaf holds only if some leaf value at its field is one of
 * `exact`, starts with one of `prefixes`, or (lower-cased) equals one of `folded` or starts with one of
 * `foldedPrefixes`; or, when `present` is set, only if the field has any leaf value at all.
 */
export interface LeafKeys {
  readonly exact: Scalar[];
  readonly prefixes: string[];
  readonly folded: string[];
  readonly foldedPrefixes: string[];
  readonly present: boolean;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Adds the keys of one operator object to `keys`; false when the operator can hold for other values too. */
function addOperator(keys: LeafKeys, name: string, spec: unknown): boolean {
  switch (name) {
    case 'exactly':
      keys.exact.push(spec as string);
      return true;
    case 'prefix':
      if (isObject(spec)) keys.foldedPrefixes.push(String(spec['equals-ignore-case']).toLowerCase());
      else keys.prefixes.push(spec as string);
      return true;
    case 'equals-ignore-case':
      keys.folded.push((spec as string).toLowerCase());
      return true;
    case 'wildcard': {
      // A wildcard value starts with its first literal run (and is that run when there is no `*`).
      const segments = parseWildcard(spec as string);
      if (segments.length === 1) keys.exact.push(segments[0]!);
      else keys.prefixes.push(segments[0]!);
      return true;
    }
    case 'numeric': {
      const [operator, operand] = spec as unknown[];
      if (operator !== '=' || (spec as unknown[]).length !== 2) return false;
      keys.exact.push(operand as number);
      return true;
    }
    default:
      // suffix, anything-but, cidr, the other numeric forms and exists:false hold for unbounded sets of
      // values (or for none at all): the leaf cannot be looked up by value.
      return false;
  }
}

/**
 * What an event must hold at a leaf's field for the leaf to match, when that can be said as a short list
 * of values or prefixes; `undefined` when it cannot (the leaf may hold for a missing field, or for values
 * no list describes). `conditions` must already have compiled (compileLeaf validates them).
 */
export function leafKeys(conditions: readonly unknown[]): LeafKeys | undefined {
  const keys: LeafKeys = { exact: [], prefixes: [], folded: [], foldedPrefixes: [], present: false };
  let existsTrue = false;
  let indexable = true;
  for (const condition of conditions) {
    if (!isObject(condition)) {
      // An IP literal also matches other spellings of the address, so its text is not a key.
      if (typeof condition === 'string' && parseIpAddress(condition)) indexable = false;
      else keys.exact.push(condition as Scalar);
      continue;
    }
    const name = Object.keys(condition)[0]!;
    if (name === 'exists') {
      if (condition[name] === false) return undefined; // holds for a missing field
      existsTrue = true;
    } else if (!addOperator(keys, name, condition[name])) {
      indexable = false;
    }
  }
  // `exists: true` ORed with value conditions is just `exists: true` (compileLeaf does the same).
  if (existsTrue) return { exact: [], prefixes: [], folded: [], foldedPrefixes: [], present: true };
  return indexable ? keys : undefined;
}
