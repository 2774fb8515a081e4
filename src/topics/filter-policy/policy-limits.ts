import { InvalidFilterPolicyError } from './invalid-filter-policy-error.js';

/** SNS's own limits on a policy, checked after event-ruler has accepted it (§E.5 Limits [D][O]). */
export const MAX_KEYS = 5;
export const MAX_COMBINATIONS = 150;
export const MAX_POLICY_BYTES = 256 * 1024;

type PolicyObject = Record<string, unknown>;

function isObject(value: unknown): value is PolicyObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isOr(key: string, value: unknown): value is unknown[] {
  return key === '$or' && Array.isArray(value);
}

/** Whether any key (outside `$or`'s own array) holds an object, which MessageAttributes scope refuses. */
function isNested(policy: PolicyObject): boolean {
  for (const [key, value] of Object.entries(policy)) {
    if (isOr(key, value)) {
      if (value.some((branch) => isObject(branch) && isNested(branch))) return true;
    } else if (isObject(value)) {
      return true;
    }
  }
  return false;
}

/**
 * The "total combination" of AWS's constraint page: each rule array counts its length times its nesting depth
 * (top level 1), multiplied across keys; `$or` branches add up. That is the arithmetic of AWS's worked
 * example (`3 x 4 x 2 x 3 x 1 x 3 = 216` for 4 values at depth 3, 3 at depth 2, 3 at depth 1) and of the
 * [O] cases (151 values; 100×51; $or totals of 152 and 160 refused, 150 accepted).
 */
function combinations(policy: PolicyObject, depth: number, carried: number): number {
  let total = carried;
  for (const [key, value] of Object.entries(policy)) {
    if (isOr(key, value)) {
      let sum = 0;
      for (const branch of value) if (isObject(branch)) sum += combinations(branch, depth, total);
      total = sum;
    } else if (isObject(value)) {
      total = combinations(value, depth + 1, total);
    } else if (Array.isArray(value)) {
      total *= value.length * depth;
    }
  }
  return total;
}

/**
 * The most top-level keys any one alternative of the policy has (`$or` at the top unfolded). "For nested
 * policies only top-level keys count" [D]; how AWS counts across `$or` is unconfirmed.
 */
function topLevelKeys(policy: PolicyObject): number {
  let alternatives: Set<string>[] = [new Set()];
  for (const [key, value] of Object.entries(policy)) {
    if (isOr(key, value)) {
      const branches = value.filter(isObject).map((branch) => Object.keys(branch).filter((name) => name !== '$or'));
      alternatives = alternatives.flatMap((keys) => branches.map((names) => new Set([...keys, ...names])));
    } else {
      for (const keys of alternatives) keys.add(key);
    }
  }
  return Math.max(...alternatives.map((keys) => keys.size));
}

/**
 * Checks SNS's limits on a policy event-ruler accepted. Order between them is unconfirmed; the scope check
 * comes first (the other two never apply to a policy that cannot be stored), then complexity, which bounds
 * the `$or` unfolding the key count does.
 */
export function checkPolicyLimits(policy: PolicyObject, scope: 'MessageAttributes' | 'MessageBody'): void {
  if (scope === 'MessageAttributes' && isNested(policy)) {
    throw new InvalidFilterPolicyError('Filter policy scope MessageAttributes does not support nested filter policy', true);
  }
  if (combinations(policy, 1, 1) > MAX_COMBINATIONS) throw new InvalidFilterPolicyError('Filter policy is too complex');
  if (topLevelKeys(policy) > MAX_KEYS) throw new InvalidFilterPolicyError(`Filter policy can not have more than ${MAX_KEYS} keys`);
}
