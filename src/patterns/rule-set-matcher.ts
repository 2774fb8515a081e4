import { chooseIndexLeaves } from './choose-index-leaves.js';
import { patternAlternatives } from './compile-pattern.js';
import { InvalidEventPatternError } from './invalid-event-pattern-error.js';
import { compileAlternative } from './match-tree.js';
import { PathIndex } from './path-index.js';
import type { Alternative } from './flatten-pattern.js';
import type { NodeMatcher } from './match-tree.js';

/** A rule as the matcher sees it: an id of the caller's choosing (unique in the set) and its pattern. */
export interface PatternRule {
  readonly id: string;
  readonly pattern: string | object;
}

/** The rules of one set (a bus's rules), compiled together. Immutable: a changed rule set is compiled anew. */
export interface RuleSetMatcher {
  /**
   * The ids of the rules whose pattern matches the (parsed JSON) event, each once, in the order the rules
   * were given: exactly the rules for which `compilePattern(rule.pattern).matches(event)` holds.
   */
  matches(event: unknown): string[];
  readonly size: number;
}

const MAX_EPOCH = 0xffffffff;

/**
 * Compiles the rules of a set into one matcher whose cost per event follows the event, not the number of
 * rules. Each pattern is unfolded into its `$or` alternatives, and each alternative is filed in a
 * {@link PathIndex} under the values (or prefixes) one of its leaves requires — the leaf the fewest other
 * alternatives share. An event is walked once along the indexed paths; each of its values looked up
 * yields candidate alternatives, which the ordinary compiled matcher then verifies. Alternatives with no
 * such leaf (only anything-but, numeric ranges, suffix, exists:false…) are verified for every event.
 * @throws {@link InvalidEventPatternError} for the first invalid pattern, with `ruleId` set to its rule's id.
 */
export function compileRuleSet(rules: readonly PatternRule[]): RuleSetMatcher {
  const ids: string[] = [];
  const seen = new Set<string>();
  const alternatives: Alternative[] = [];
  const ruleOf: number[] = [];
  for (const rule of rules) {
    if (seen.has(rule.id)) throw new Error(`compileRuleSet: rule id ${rule.id} appears twice`);
    seen.add(rule.id);
    let unfolded: Alternative[];
    try {
      unfolded = patternAlternatives(rule.pattern);
    } catch (error) {
      if (error instanceof InvalidEventPatternError) throw new InvalidEventPatternError(error.reason, rule.id);
      throw error;
    }
    for (const alternative of unfolded) {
      alternatives.push(alternative);
      ruleOf.push(ids.length);
    }
    ids.push(rule.id);
  }

  const verifiers: NodeMatcher[] = alternatives.map(compileAlternative);
  const index = new PathIndex();
  const unindexed: number[] = [];
  chooseIndexLeaves(alternatives).forEach((leaf, entry) => {
    if (leaf) index.add(leaf.steps, leaf.keys, entry);
    else unindexed.push(entry);
  });

  // Per-event state, reset by bumping `epoch` rather than by clearing: an alternative (or rule) whose
  // stamp equals the epoch has been tried (matched) for the current event.
  const tried = new Uint32Array(alternatives.length);
  const matched = new Uint32Array(ids.length);
  let epoch = 0;
  let event: unknown;
  let found: number[] = [];
  const verify = (postings: readonly number[]): void => {
    for (let i = 0; i < postings.length; i++) {
      const entry = postings[i]!;
      if (tried[entry] === epoch) continue;
      tried[entry] = epoch;
      const rule = ruleOf[entry]!;
      if (matched[rule] !== epoch && verifiers[entry]!(event)) {
        matched[rule] = epoch;
        found.push(rule);
      }
    }
  };

  return {
    size: ids.length,
    matches(candidate) {
      if (epoch === MAX_EPOCH) {
        tried.fill(0);
        matched.fill(0);
        epoch = 0;
      }
      epoch++;
      event = candidate;
      found = [];
      try {
        index.collect(candidate, verify);
        verify(unindexed);
      } finally {
        event = undefined;
      }
      if (found.length > 1) found.sort((a, b) => a - b);
      return found.map((rule) => ids[rule]!);
    },
  };
}
