import { leafKeys } from './leaf-keys.js';
import type { Alternative } from './flatten-pattern.js';
import type { LeafKeys } from './leaf-keys.js';

/** The leaf an alternative is filed under: its path, split into steps as the matcher splits it, and keys. */
export interface IndexLeaf {
  readonly steps: readonly string[];
  readonly keys: LeafKeys;
}

interface Option {
  readonly path: string;
  readonly keys: LeafKeys;
  readonly names: readonly string[];
}

/** One name per key, for counting how many alternatives share it (types kept apart: 1 is not "1"). */
function keyNames(path: string, keys: LeafKeys): string[] {
  const at = `${path}\u0000`;
  if (keys.present) return [`${at}present`];
  return [
    ...keys.exact.map((value) => `${at}${value === null ? 'null' : typeof value}:${String(value)}`),
    ...keys.prefixes.map((prefix) => `${at}prefix:${prefix}`),
    ...keys.folded.map((text) => `${at}folded:${text}`),
    ...keys.foldedPrefixes.map((prefix) => `${at}folded-prefix:${prefix}`),
  ];
}

/** Keys every value (or every string) at the field hits. */
function broad(keys: LeafKeys): boolean {
  return keys.present || keys.prefixes.includes('') || keys.foldedPrefixes.includes('');
}

/**
 * Picks, for each alternative, the leaf to file it under: among its leaves that only hold for listed
 * values or prefixes, the one whose keys the fewest alternatives share (summed over its keys), since an
 * event value that hits a key makes every alternative filed under it a candidate to verify. `source`
 * shared by a thousand rules thus loses to a `detail-type` or a key prefix shared by ten. Keys every value
 * hits (`exists: true`, an empty prefix) come last. `undefined`: no leaf qualifies (every event is a
 * candidate).
 */
export function chooseIndexLeaves(alternatives: readonly Alternative[]): (IndexLeaf | undefined)[] {
  const options = alternatives.map((alternative) => {
    const found: Option[] = [];
    for (const [path, leaf] of alternative) {
      const keys = leafKeys(leaf.conditions);
      if (keys) found.push({ path, keys, names: keyNames(path, keys) });
    }
    return found;
  });
  const shared = new Map<string, number>();
  for (const found of options) {
    for (const option of found) for (const name of option.names) shared.set(name, (shared.get(name) ?? 0) + 1);
  }
  const cost = (option: Option): number => {
    let total = 0;
    for (const name of option.names) total += shared.get(name)!;
    return broad(option.keys) ? total + alternatives.length : total;
  };
  return options.map((found) => {
    let best: Option | undefined;
    let bestCost = Infinity;
    for (const option of found) {
      const optionCost = cost(option);
      if (optionCost < bestCost) [best, bestCost] = [option, optionCost];
    }
    return best && { steps: best.path.split('.'), keys: best.keys };
  });
}
