import { parseIpAddress } from './ip-address.js';
import { parseWildcard } from './wildcard.js';
import type { Scalar } from './event-values.js';

/**
 * A value test an index can look up: a leaf value equal to `value`, starting or ending with it, equal to it
 * or starting with it once lower-cased (`folded…`), or any leaf value at all (`present`).
 */
export type IndexKey =
  | { kind: 'exact'; value: Scalar }
  | { kind: 'prefix' | 'suffix' | 'folded' | 'folded-prefix'; value: string }
  | { kind: 'present' };

/**
 * What a leaf needs, as lookups: every group must be hit (by some key of it) for the leaf to hold. When
 * `exact`, the converse holds too — the groups hit say whether the leaf holds, for a value reached without
 * crossing an array of objects (where fields of one element must match together).
 */
export interface LeafKeys {
  readonly groups: IndexKey[][];
  readonly exact: boolean;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The keys of one condition: its first group's key, its second group's if it has one, and whether exact. */
interface ConditionKeys {
  readonly first: IndexKey;
  readonly second?: IndexKey;
  readonly exact: boolean;
}

function keyed(first: IndexKey, second?: IndexKey, exact = true): ConditionKeys {
  return { first, ...(second ? { second } : {}), exact };
}

/**
 * A wildcard needs its literal start and its literal end. With one `*` at an end it is just a prefix or a
 * suffix; otherwise it also constrains its middle (and its ends must not overlap), so the keys are not
 * exact.
 */
function wildcardKeys(text: string): ConditionKeys {
  const segments = parseWildcard(text);
  const start = segments[0]!;
  const end = segments[segments.length - 1]!;
  if (segments.length === 1) return keyed({ kind: 'exact', value: start });
  const exact = segments.length === 2 && (start === '' || end === '');
  if (end === '') return keyed({ kind: 'prefix', value: start }, undefined, exact);
  if (start === '') return keyed({ kind: 'suffix', value: end }, undefined, exact);
  return keyed({ kind: 'prefix', value: start }, { kind: 'suffix', value: end }, false);
}

/** `undefined`: no key describes the condition (anything-but, cidr, numeric ranges…). */
function conditionKeys(condition: unknown): ConditionKeys | undefined {
  if (!isObject(condition)) {
    // An IP literal also matches other spellings of the address, so its text is no key.
    if (typeof condition === 'string' && parseIpAddress(condition)) return undefined;
    return keyed({ kind: 'exact', value: condition as Scalar });
  }
  const name = Object.keys(condition)[0]!;
  const spec = condition[name];
  switch (name) {
    case 'exactly':
      return keyed({ kind: 'exact', value: spec as string });
    case 'prefix':
      return isObject(spec)
        ? keyed({ kind: 'folded-prefix', value: String(spec['equals-ignore-case']).toLowerCase() })
        : keyed({ kind: 'prefix', value: spec as string });
    case 'suffix':
      // `{"suffix": {"equals-ignore-case": …}}` gets no key: rare enough not to need a folded suffix index.
      return isObject(spec) ? undefined : keyed({ kind: 'suffix', value: spec as string });
    case 'equals-ignore-case':
      return keyed({ kind: 'folded', value: (spec as string).toLowerCase() });
    case 'wildcard':
      return wildcardKeys(spec as string);
    case 'numeric': {
      const [operator, operand] = spec as unknown[];
      return operator === '=' ? keyed({ kind: 'exact', value: operand as number }) : undefined;
    }
    default:
      return undefined;
  }
}

function existsSpec(condition: unknown): unknown {
  return isObject(condition) && Object.keys(condition)[0] === 'exists' ? condition.exists : undefined;
}

/**
 * The lookups a leaf's condition array needs (see {@link LeafKeys}); `undefined` when some condition has
 * none (the leaf may then hold for a missing field, or for values no key lists). `conditions` must already
 * have compiled (compileLeaf validates them). Two groups arise from wildcards with two literal ends:
 * `(A and B) or C` needs `A or C` and `B or C`.
 */
export function leafKeys(conditions: readonly unknown[]): LeafKeys | undefined {
  const exists = conditions.map(existsSpec);
  if (exists.includes(false)) return undefined; // holds for a missing field
  // `exists: true` ORed with value conditions is just `exists: true`, as compileLeaf makes it.
  if (exists.includes(true)) return { groups: [[{ kind: 'present' }]], exact: true };
  const first: IndexKey[] = [];
  const second: IndexKey[] = [];
  let exact = true;
  for (const condition of conditions) {
    const keys = conditionKeys(condition);
    if (keys === undefined) return undefined;
    exact &&= keys.exact;
    first.push(keys.first);
    second.push(keys.second ?? keys.first);
  }
  const twoGroups = second.some((key, i) => key !== first[i]);
  return { groups: twoGroups ? [first, second] : [first], exact };
}
