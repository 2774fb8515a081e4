/**
 * How deeply a request's JSON may nest arrays and objects. Everything that walks request values
 * recursively (shape checks, error messages, JSON.stringify, pattern compilers) stays far from the
 * stack's end below this depth, so a body nested deeper is refused before any of them sees it.
 * (JSON.parse itself is iterative in V8.) Jackson, which AWS's Java front ends parse with, refuses
 * documents nested deeper than 1,000 by default too.
 */
export const MAX_JSON_DEPTH = 1000;

/**
 * Whether `value` (parsed JSON) nests arrays and objects more than `limit` deep; a scalar is depth 0,
 * `{}` depth 1. Iterative, so no input can overflow the stack; a text of n characters nests at most
 * n / 2 deep, so callers may skip short texts.
 */
export function jsonDepthExceeds(value: unknown, limit = MAX_JSON_DEPTH): boolean {
  if (value === null || typeof value !== 'object') return false;
  const values: unknown[] = [value];
  const depths: number[] = [1];
  while (values.length > 0) {
    const current = values.pop() as object;
    const depth = depths.pop()!;
    if (depth > limit) return true;
    const children = Array.isArray(current) ? current : Object.values(current);
    for (const child of children) {
      if (child !== null && typeof child === 'object') {
        values.push(child);
        depths.push(depth + 1);
      }
    }
  }
  return false;
}

/** Whether a JSON text of this many characters could nest deeper than the limit at all. */
export const mayExceedDepth = (length: number, limit = MAX_JSON_DEPTH): boolean => length > 2 * limit;
