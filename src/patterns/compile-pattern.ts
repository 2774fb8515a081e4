import { MAX_JSON_DEPTH, jsonDepthExceeds } from '../shared/json-depth.js';
import { flattenPattern } from './flatten-pattern.js';
import { invalidPattern } from './invalid-event-pattern-error.js';
import { compileAlternative } from './match-tree.js';
import type { Alternative } from './flatten-pattern.js';
import type { NodeMatcher } from './match-tree.js';

/** A validated pattern, ready to test events against. */
export interface CompiledPattern {
  /** Whether the (parsed JSON) event matches. Never throws, whatever the event. */
  matches(event: unknown): boolean;
}

/** Several patterns ORed, as Lambda's `FilterCriteria.Filters` are. */
export interface CompiledPatternSet {
  matches(event: unknown): boolean;
  readonly size: number;
}

function parse(pattern: string | object): unknown {
  let parsed: unknown;
  try {
    // Round-trip an in-memory pattern through JSON so it obeys JSON's rules (no undefined, NaN, cycles).
    parsed = JSON.parse(typeof pattern === 'string' ? pattern : (JSON.stringify(pattern) ?? 'null'));
  } catch (error) {
    // Unconfirmed: AWS answers with Jackson's parser message (plus a location), which we cannot reproduce.
    return invalidPattern((error as Error).message);
  }
  // The compiler recurses once per level; no real pattern comes near this.
  if (jsonDepthExceeds(parsed, MAX_JSON_DEPTH)) return invalidPattern(`the pattern nests deeper than ${MAX_JSON_DEPTH} levels`);
  return parsed;
}

/**
 * Parses and validates a pattern and unfolds its `$or`s into alternatives (what {@link compilePattern}
 * compiles; the rule-set matcher indexes them too).
 * @throws {@link InvalidEventPatternError} with AWS's reason when the pattern is not valid.
 */
export function patternAlternatives(pattern: string | object): Alternative[] {
  return flattenPattern(parse(pattern));
}

function anyMatcher(matchers: readonly NodeMatcher[]): (event: unknown) => boolean {
  if (matchers.length === 1) return matchers[0]!;
  return (event) => {
    for (const matches of matchers) if (matches(event)) return true;
    return false;
  };
}

/**
 * Validates an EventBridge event pattern (a JSON string or an already parsed object) and compiles it into
 * closures; nothing is re-parsed per event.
 * @throws {@link InvalidEventPatternError} with AWS's reason when the pattern is not valid.
 */
export function compilePattern(pattern: string | object): CompiledPattern {
  const alternatives = patternAlternatives(pattern).map(compileAlternative);
  const matches = anyMatcher(alternatives);
  return { matches: (event) => matches(event) };
}

/**
 * Compiles several patterns into one test that passes when any of them matches (Lambda filter criteria).
 * An empty list matches nothing.
 * @throws InvalidEventPatternError for the first invalid pattern.
 */
export function compilePatterns(patterns: readonly (string | object)[]): CompiledPatternSet {
  const compiled = patterns.map(compilePattern);
  const matches = anyMatcher(compiled.map((pattern) => (event: unknown) => pattern.matches(event)));
  return { matches: compiled.length === 0 ? () => false : matches, size: compiled.length };
}
