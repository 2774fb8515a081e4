import { invalidPattern } from './invalid-event-pattern-error.js';
import type { ScalarTest } from './event-values.js';

/** How Jackson's `getText()` renders the token at an unexpected place in a numeric list. */
function tokenText(value: unknown, present: boolean): string {
  if (!present) return ']';
  if (Array.isArray(value)) return '[';
  if (value !== null && typeof value === 'object') return '{';
  return String(value);
}

/** One end of a numeric range. */
export type Bound = { value: number; inclusive: boolean };

/** A parsed numeric condition: equality, or a range with one or two ends. */
export type NumericCondition = { equals: number } | { lower: Bound | undefined; upper: Bound | undefined };

function rangeTest(lower: Bound | undefined, upper: Bound | undefined): ScalarTest {
  return (value) => {
    if (typeof value !== 'number') return false;
    if (lower && (lower.inclusive ? value < lower.value : value <= lower.value)) return false;
    if (upper && (upper.inclusive ? value > upper.value : value >= upper.value)) return false;
    return true;
  };
}

/**
 * Parses `{"numeric": [...]}`: one comparison (`=`, `<`, `<=`, `>`, `>=`), or a lower bound (`>`/`>=`)
 * followed by an upper bound (`<`/`<=`). Messages follow event-ruler's compiler token by token (the ones in
 * SEMANTICS §C.6.3 are observed on AWS).
 */
export function parseNumeric(spec: unknown): NumericCondition {
  if (!Array.isArray(spec)) invalidPattern('Value of numeric must be an array.');
  const at = (i: number): unknown => spec[i];
  const operator = at(0);
  if (typeof operator !== 'string') invalidPattern(`Invalid member in numeric match: ${tokenText(operator, spec.length > 0)}`);
  const operand = at(1);
  const numeric = typeof operand === 'number';
  switch (operator) {
    case '=': {
      if (!numeric) invalidPattern('Value of equals must be numeric');
      if (spec.length > 2) invalidPattern('Too many elements in numeric expression');
      return { equals: operand };
    }
    case '<':
    case '<=': {
      if (!numeric) invalidPattern(`Value of ${operator} must be numeric`);
      if (spec.length > 2) invalidPattern('Too many elements in numeric expression');
      return { lower: undefined, upper: { value: operand, inclusive: operator === '<=' } };
    }
    case '>':
    case '>=': {
      if (!numeric) invalidPattern(`Value of ${operator} must be numeric`);
      const lower = { value: operand, inclusive: operator === '>=' };
      if (spec.length === 2) return { lower, upper: undefined };
      const upperOperator = at(2);
      if (typeof upperOperator !== 'string') invalidPattern(`Bad value in numeric range: ${tokenText(upperOperator, true)}`);
      if (upperOperator !== '<' && upperOperator !== '<=') invalidPattern(`Bad numeric range operator: ${upperOperator}`);
      const top = at(3);
      if (typeof top !== 'number') invalidPattern(`Value of ${upperOperator} must be numeric`);
      if (spec.length > 4) invalidPattern('Too many terms in numeric range expression');
      // Unconfirmed on EventBridge: the text SNS filter policies give for an empty range.
      if (top <= operand) invalidPattern('Bottom must be less than top');
      return { lower, upper: { value: top, inclusive: upperOperator === '<=' } };
    }
    default:
      return invalidPattern(`Unrecognized numeric range operator: ${operator}`);
  }
}

/**
 * Compiles `{"numeric": [...]}` (see {@link parseNumeric}). Only JSON numbers match; values are compared as
 * doubles.
 */
export function compileNumeric(spec: unknown): ScalarTest {
  const condition = parseNumeric(spec);
  if ('equals' in condition) {
    const operand = condition.equals;
    return (value) => value === operand;
  }
  return rangeTest(condition.lower, condition.upper);
}
