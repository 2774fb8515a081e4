/** A JSON leaf value in an event: what the pattern's match conditions compare against. */
export type Scalar = string | number | boolean | null;

/** A test on one leaf value. */
export type ScalarTest = (value: Scalar) => boolean;

function isScalar(value: unknown): value is Scalar {
  const type = typeof value;
  return value === null || type === 'string' || type === 'number' || type === 'boolean';
}

/**
 * Whether any leaf value at a field satisfies `test`. Arrays are flattened (an event array matches when any
 * element does); objects are intermediate nodes, not leaves, so they carry no value here; `undefined` is a
 * missing field.
 */
export function someScalar(value: unknown, test: ScalarTest): boolean {
  if (isScalar(value)) return test(value);
  if (Array.isArray(value)) {
    for (const element of value) {
      if (someScalar(element, test)) return true;
    }
  }
  return false;
}

/** Whether the field holds at least one leaf value (what `exists` asks). */
export function hasScalar(value: unknown): boolean {
  if (isScalar(value)) return true;
  if (Array.isArray(value)) {
    for (const element of value) {
      if (hasScalar(element)) return true;
    }
  }
  return false;
}
