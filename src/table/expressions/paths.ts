import type { AttributeMap, AttributeValue } from '../values/attribute-value.js';

/** One step of a document path: a map key (string) or a list index (number). */
export type PathElement = string | number;

/** A document path such as `a.b[2].c` → `['a', 'b', 2, 'c']`; the first element is always a name. */
export type Path = readonly PathElement[];

/** DynamoDB's rendering of a path in messages: `[a, b, [2], c]`. */
export function formatPath(path: Path): string {
  return `[${path.map((e) => (typeof e === 'number' ? `[${e}]` : e)).join(', ')}]`;
}

/** The value at `path` in `item`, or undefined when any step is missing or of the wrong type. */
export function valueAtPath(item: AttributeMap | undefined, path: Path): AttributeValue | undefined {
  if (item === undefined) return undefined;
  let current: AttributeValue | undefined = Object.hasOwn(item, path[0] as string)
    ? item[path[0] as string]
    : undefined;
  for (let i = 1; i < path.length && current !== undefined; i++) {
    const step = path[i]!;
    if (typeof step === 'number') {
      current = 'L' in current ? current.L[step] : undefined;
    } else {
      current = 'M' in current && Object.hasOwn(current.M, step) ? current.M[step] : undefined;
    }
  }
  return current;
}

/** Whether two paths name the same element. */
export function samePath(a: Path, b: Path): boolean {
  return a.length === b.length && a.every((e, i) => e === b[i]);
}

/** Outcome of comparing two target paths of one expression. */
export type PathClash = { kind: 'overlap' | 'conflict'; first: Path; second: Path };

/**
 * Checks that no two paths overlap (one equals or contains the other: `a` and `a.b`) or conflict
 * (one uses a map key where the other uses a list index: `a.b` and `a[1]`). Paths are compared in
 * order, each with those before it, as DynamoDB does; an overlap is reported in preference to a
 * conflict, and both name the earlier path first.
 */
export function findPathClash(paths: readonly Path[]): PathClash | undefined {
  let conflict: PathClash | undefined;
  for (let j = 1; j < paths.length; j++) {
    for (let i = 0; i < j; i++) {
      const first = paths[i]!;
      const second = paths[j]!;
      const clash = comparePaths(first, second);
      if (clash === 'overlap') return { kind: 'overlap', first, second };
      if (clash === 'conflict' && conflict === undefined) conflict = { kind: 'conflict', first, second };
    }
  }
  return conflict;
}

function comparePaths(a: Path, b: Path): 'overlap' | 'conflict' | undefined {
  const n = Math.min(a.length, b.length);
  for (let k = 0; k < n; k++) {
    if (typeof a[k] !== typeof b[k]) return 'conflict';
    if (a[k] !== b[k]) return undefined;
  }
  return 'overlap';
}
