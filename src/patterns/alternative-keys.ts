import { leafKeys } from './leaf-keys.js';
import type { Alternative } from './flatten-pattern.js';
import type { IndexKey } from './leaf-keys.js';
import type { PathIndex } from './path-index.js';

/** What an alternative needs, as numbered keys of a {@link PathIndex}. */
export interface AlternativeKeys {
  /** Groups of keys; each group must be hit by some key of it. Empty: no leaf has keys. */
  readonly groups: number[][];
  /** Every leaf has exact keys: the groups hit (through no array of objects) prove a match. */
  readonly exact: boolean;
  /** The group the fewest alternatives share, which the alternative is filed under, and the next one. */
  readonly gate: number[] | undefined;
  readonly second: number[] | undefined;
}

/** Keys every value (or every string) at their field hits: poor gates. */
function broad(key: IndexKey): boolean {
  return key.kind === 'present' || (key.kind !== 'exact' && key.value === '');
}

/**
 * Numbers the keys of every alternative's leaves in `paths` and picks the groups to file each one under:
 * those whose keys the fewest alternatives share (summed over the group's keys), since each alternative
 * filed under a key an event hits costs a look. A `source` shared by a thousand rules thus loses to a
 * `detail-type` or a key prefix shared by ten; keys every value hits (`exists: true`, an empty prefix)
 * come last.
 */
export function alternativeKeys(alternatives: readonly Alternative[], paths: PathIndex): AlternativeKeys[] {
  const broadKeys = new Set<number>();
  const numbered = alternatives.map((alternative) => {
    const groups: number[][] = [];
    let exact = true;
    for (const [path, leaf] of alternative) {
      const keys = leafKeys(leaf.conditions);
      exact &&= keys?.exact === true;
      const steps = path.split('.');
      for (const group of keys?.groups ?? []) {
        groups.push(group.map((key) => {
          const number = paths.key(steps, key);
          if (broad(key)) broadKeys.add(number);
          return number;
        }));
      }
    }
    return { groups, exact: exact && groups.length > 0 };
  });
  const shared = new Uint32Array(paths.size);
  for (const { groups } of numbered) for (const group of groups) for (const key of group) shared[key]!++;
  const cost = (group: number[]): number =>
    group.reduce((sum, key) => sum + shared[key]! + (broadKeys.has(key) ? alternatives.length : 0), 0);
  return numbered.map(({ groups, exact }) => {
    const [gate, second] = groups.map((group) => ({ group, cost: cost(group) })).sort((a, b) => a.cost - b.cost);
    return { groups, exact, gate: gate?.group, second: second?.group };
  });
}
