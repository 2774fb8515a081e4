import { compilePattern, InvalidEventPatternError } from '../../patterns/index.js';
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
 * Compiles a bus's patterns into one matcher. The one place that picks how: today each pattern is
 * compiled on its own and tried in turn (cost linear in the number of rules); the rule-set matcher of
 * src/patterns, whose cost follows the event instead, replaces this body when it lands.
 *
 * A stored pattern was checked when written, so one that fails to compile now (a pattern rule that
 * Eddy's grammar has since tightened) matches nothing and is logged, rather than stopping the bus.
 */
export function compilePatternSet(entries: readonly PatternEntry[], logger: Logger): PatternMatcher {
  const compiled: { id: string; matches: (event: unknown) => boolean }[] = [];
  for (const entry of entries) {
    try {
      const pattern = compilePattern(entry.pattern);
      compiled.push({ id: entry.id, matches: (event) => pattern.matches(event) });
    } catch (error) {
      if (!(error instanceof InvalidEventPatternError)) throw error;
      logger.error(`bus: the stored pattern of ${entry.id} no longer compiles and matches nothing: ${error.message}`);
    }
  }
  return {
    matches(event) {
      const found: string[] = [];
      for (const entry of compiled) if (entry.matches(event)) found.push(entry.id);
      return found;
    },
  };
}
