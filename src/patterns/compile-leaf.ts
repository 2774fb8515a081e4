import { hasScalar, someScalar } from './event-values.js';
import { invalidPattern } from './invalid-event-pattern-error.js';
import { parseIpAddress } from './ip-address.js';
import { compileOperator } from './match-operator.js';
import type { IpAddress } from './ip-address.js';
import type { Scalar, ScalarTest } from './event-values.js';

/** Tests the raw event value at one field (`undefined` when the field is missing). */
export type LeafMatcher = (value: unknown) => boolean;

/** The literal alternatives of a leaf, looked up in sets rather than scanned. */
class ExactValues {
  readonly #strings = new Set<string>();
  readonly #numbers = new Set<number>();
  readonly #ips: IpAddress[] = [];
  #null = false;
  #true = false;
  #false = false;

  get empty(): boolean {
    return this.#strings.size + this.#numbers.size === 0 && !this.#null && !this.#true && !this.#false;
  }

  add(value: Scalar): void {
    if (value === null) this.#null = true;
    else if (value === true) this.#true = true;
    else if (value === false) this.#false = true;
    else if (typeof value === 'number') this.#numbers.add(value);
    else {
      this.#strings.add(value);
      // event-ruler turns an IP literal into an address range, so other spellings of it match too.
      const ip = parseIpAddress(value);
      if (ip) this.#ips.push(ip);
    }
  }

  /** Numbers compare by value (`300` matches `300.0`); strings byte for byte; no cross-type matches. */
  test(): ScalarTest {
    const strings = this.#strings;
    const numbers = this.#numbers;
    const ips = this.#ips;
    const [isNull, isTrue, isFalse] = [this.#null, this.#true, this.#false];
    const sameIp = (value: string): boolean => {
      const ip = parseIpAddress(value);
      return ip !== undefined && ips.some((known) => known.bits === ip.bits && known.value === ip.value);
    };
    return (value) => {
      switch (typeof value) {
        case 'string':
          return strings.has(value) || (ips.length > 0 && sameIp(value));
        case 'number':
          return numbers.has(value);
        case 'boolean':
          return value ? isTrue : isFalse;
        default:
          return isNull;
      }
    };
  }
}

function anyOf(tests: readonly ScalarTest[]): ScalarTest | undefined {
  if (tests.length === 0) return undefined;
  if (tests.length === 1) return tests[0];
  return (value) => {
    for (const test of tests) if (test(value)) return true;
    return false;
  };
}

/**
 * Compiles a leaf array (its elements are ORed). Value conditions hold when any leaf value at the field
 * satisfies them (event arrays are flattened); `exists: true` holds when the field has a leaf value;
 * `exists: false` when it has none (missing, an object, or an empty array).
 */
export function compileLeaf(conditions: readonly unknown[]): LeafMatcher {
  const exact = new ExactValues();
  const tests: ScalarTest[] = [];
  let existsTrue = false;
  let existsFalse = false;
  for (const condition of conditions) {
    if (condition === null || typeof condition !== 'object') {
      exact.add(condition as Scalar);
    } else if (Array.isArray(condition)) {
      invalidPattern('Match value must be String, number, true, false, or null');
    } else {
      const compiled = compileOperator(condition);
      if (compiled.kind === 'test') tests.push(compiled.test);
      else if (compiled.exists) existsTrue = true;
      else existsFalse = true;
    }
  }
  if (conditions.length === 0) invalidPattern('Empty arrays are not allowed');
  if (!exact.empty) tests.unshift(exact.test());
  const test = anyOf(tests);

  if (existsTrue && existsFalse) return () => true;
  if (existsTrue) return hasScalar;
  if (!test) return (value) => !hasScalar(value);
  if (existsFalse) return (value) => !hasScalar(value) || someScalar(value, test);
  return (value) => someScalar(value, test);
}
