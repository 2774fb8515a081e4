import { compilePattern, InvalidEventPatternError, type CompiledPattern } from '../patterns/index.js';
import { busErrors } from './bus-errors.js';
import type { Rule } from './bus-lookup.js';

/** A rule's pattern compiled, or InvalidEventPatternException: `Event pattern is not valid. Reason: …`. */
export function checkEventPattern(pattern: string): CompiledPattern {
  try {
    return compilePattern(pattern);
  } catch (error) {
    if (error instanceof InvalidEventPatternError) throw busErrors.invalidEventPattern(error.message);
    throw error;
  }
}

/**
 * Rules an AWS service manages for you (ManagedBy set, e.g. an archive's) change only with Force, where
 * the action has it (DeleteRule, RemoveTargets); elsewhere never.
 */
export function checkUnmanaged(rule: Rule, force = false): void {
  if (rule.definition.ManagedBy === undefined || force) return;
  throw busErrors.managedRule(rule.name);
}
