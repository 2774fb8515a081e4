import type { IndexUnits } from '../capacity.js';
import { setOwn } from '../values/normalize-value.js';

/** The index units of two writes together (either may be undefined: no index written). */
export function addIndexUnits(a: IndexUnits | undefined, b: IndexUnits | undefined): IndexUnits | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  const sum: IndexUnits = {};
  const global = addUnits(a.global, b.global);
  const local = addUnits(a.local, b.local);
  if (global) sum.global = global;
  if (local) sum.local = local;
  return sum;
}

function addUnits(
  a: Record<string, number> | undefined,
  b: Record<string, number> | undefined,
): Record<string, number> | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  const sum: Record<string, number> = {};
  for (const name in a) setOwn(sum, name, a[name]!);
  for (const name in b) setOwn(sum, name, (Object.hasOwn(sum, name) ? sum[name]! : 0) + b[name]!);
  return sum;
}
