// Event patterns: EventBridge's pattern language, compiled once, for bus rules, Lambda filters and pipes.
export { compilePattern, compilePatterns } from './compile-pattern.js';
export type { CompiledPattern, CompiledPatternSet } from './compile-pattern.js';
export { InvalidEventPatternError } from './invalid-event-pattern-error.js';
export { compileRuleSet } from './rule-set-matcher.js';
export type { PatternRule, RuleSetMatcher } from './rule-set-matcher.js';
// Shared with SNS filter policies (src/topics/filter-policy), which validate with SNS's own rules first.
export { patternAlternatives } from './compile-pattern.js';
export { RESERVED_IN_OR } from './flatten-pattern.js';
export type { Alternative, Leaf } from './flatten-pattern.js';
export type { LeafMatcher } from './compile-leaf.js';
export { compileCidr } from './cidr.js';
