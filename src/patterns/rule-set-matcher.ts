import { AlternativeIndex } from './alternative-index.js';
import { patternAlternatives } from './compile-pattern.js';
import { InvalidEventPatternError } from './invalid-event-pattern-error.js';
import { compileAlternative } from './match-tree.js';
import { PredicateTable } from './predicate-table.js';
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

function alternativesOf(rule: PatternRule): Alternative[] {
  try {
    return patternAlternatives(rule.pattern);
  } catch (error) {
    if (error instanceof InvalidEventPatternError) throw new InvalidEventPatternError(error.reason, rule.id);
    throw error;
  }
}

/**
 * Compiles the rules of a set into one matcher whose cost per event follows the event, not the number of
 * rules. Each pattern is unfolded into its `$or` alternatives, filed in an {@link AlternativeIndex} by the
 * values (prefixes, suffixes…) their leaves need; an event is walked once along the indexed paths, and only
 * the alternatives whose keys its values hit are considered. Those the keys prove are matches; the others
 * are checked leaf by leaf with the compiled leaves, shared between rules and evaluated once per event
 * ({@link PredicateTable}), or, where an event array lies on their paths, with their own compiled matcher.
 * The few alternatives with no key at all (only anything-but, numeric ranges, exists:false…) are checked
 * for every event.
 * @throws {@link InvalidEventPatternError} for the first invalid pattern, with `ruleId` set to its rule's id.
 */
export function compileRuleSet(rules: readonly PatternRule[]): RuleSetMatcher {
  const ids: string[] = [];
  const alternatives: Alternative[] = [];
  const ruleOf: number[] = [];
  const seen = new Set<string>();
  for (const rule of rules) {
    if (seen.has(rule.id)) throw new Error(`compileRuleSet: rule id ${rule.id} appears twice`);
    seen.add(rule.id);
    for (const alternative of alternativesOf(rule)) {
      alternatives.push(alternative);
      ruleOf.push(ids.length);
    }
    ids.push(rule.id);
  }
  const index = new AlternativeIndex(alternatives);
  const predicates = new PredicateTable(alternatives);
  const { unindexed } = index;
  // An alternative's own matcher is compiled the first time an event reaches it through an array.
  const verifiers: (NodeMatcher | undefined)[] = [];

  // Per-event state: a rule whose mark equals `epoch` has matched the current event.
  const matched = new Uint32Array(ids.length);
  let epoch = 0;
  let event: unknown;
  let found: number[] = [];
  const consider = (alternative: number, proven: boolean): void => {
    const rule = ruleOf[alternative]!;
    if (matched[rule] === epoch) return;
    if (!proven) {
      const holds = predicates.holds(alternative);
      if (holds === false) return;
      if (holds === undefined && !(verifiers[alternative] ??= compileAlternative(alternatives[alternative]!))(event)) return;
    }
    matched[rule] = epoch;
    found.push(rule);
  };

  return {
    size: ids.length,
    matches(candidate) {
      if (epoch === 0xffffffff) {
        matched.fill(0);
        epoch = 0;
      }
      epoch++;
      event = candidate;
      found = [];
      predicates.begin(candidate);
      try {
        index.collect(candidate, consider);
        for (const alternative of unindexed) consider(alternative, false);
      } finally {
        event = undefined;
        predicates.end();
      }
      if (found.length > 1) found.sort((a, b) => a - b);
      return found.map((rule) => ids[rule]!);
    },
  };
}
