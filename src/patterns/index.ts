// Event patterns: EventBridge's pattern language, compiled once, for bus rules, Lambda filters and pipes.
export { compilePattern, compilePatterns } from './compile-pattern.js';
export type { CompiledPattern, CompiledPatternSet } from './compile-pattern.js';
export { InvalidEventPatternError } from './invalid-event-pattern-error.js';
export { compileRuleSet } from './rule-set-matcher.js';
export type { PatternRule, RuleSetMatcher } from './rule-set-matcher.js';
