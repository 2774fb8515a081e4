import { compileRuleSet, InvalidEventPatternError, type PatternRule } from '../../patterns/index.js';
import type { Logger } from '../../shared/logger.js';

/** A pattern of a bus (a rule's, or an archive's) under an id unique among its set. */
export interface PatternEntry {
  readonly id: string;
  readonly pattern: string;
}

/** The patterns of one set compiled together: which of them an event matches. */
export interface PatternMatcher {
  /** Ids of the matching entries, each once, in the order they were given. */
  matches(event: unknown): string[];
}

/**
 * Compiles a bus's patterns into one matcher: the one place that picks how. It is src/patterns' rule-set
 * matcher, whose cost per event follows the event rather than the number of rules (a first stage keyed
 * on the values patterns require, then only the candidates verified).
 *
 * A stored pattern was checked when written, so one that fails to compile now (a pattern that Eddy's
 * grammar has since tightened) matches nothing and is logged, rather than stopping the bus.
 */
export function compilePatternSet(entries: readonly PatternEntry[], logger: Logger): PatternMatcher {
  let rules: PatternRule[] = entries.map((entry) => ({ id: entry.id, pattern: entry.pattern }));
  for (;;) {
    try {
      return compileRuleSet(rules);
    } catch (error) {
      if (!(error instanceof InvalidEventPatternError) || error.ruleId === undefined) throw error;
      logger.error(`bus: the stored pattern of ${error.ruleId} no longer compiles and matches nothing: ${error.message}`);
      rules = rules.filter((rule) => rule.id !== error.ruleId);
    }
  }
}
