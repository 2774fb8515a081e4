import type { AttributeMap, AttributeValue } from '../values/attribute-value.js';
import { typeOf } from '../values/attribute-value.js';
import { decodeBinary } from '../values/binary.js';
import { compareValues, valuesEqual } from '../values/compare.js';
import { compareNumbers } from '../values/number.js';
import type { Condition } from './condition.js';
import { describeValue, invalidExpression } from './expression-errors.js';
import { operandValue } from './operand-value.js';
import { valueAtPath } from './paths.js';

/**
 * Evaluates a condition against an item (undefined when the item does not exist). DynamoDB's
 * semantics: a missing attribute or values of different types make a comparison false (and `<>`
 * true), never an error; the only evaluation error is a BETWEEN whose bounds, read from the item,
 * are reversed.
 */
export function evaluateCondition(condition: Condition, item: AttributeMap | undefined): boolean {
  switch (condition.kind) {
    case 'and':
      return evaluateCondition(condition.left, item) && evaluateCondition(condition.right, item);
    case 'or':
      return evaluateCondition(condition.left, item) || evaluateCondition(condition.right, item);
    case 'not':
      return !evaluateCondition(condition.condition, item);
    case 'compare': {
      const left = operandValue(condition.left, item);
      const right = operandValue(condition.right, item);
      if (condition.op === '<>') return left === undefined || right === undefined || !valuesEqual(left, right);
      if (left === undefined || right === undefined) return false;
      if (condition.op === '=') return valuesEqual(left, right);
      const order = compareValues(left, right);
      if (order === undefined) return false;
      switch (condition.op) {
        case '<':
          return order < 0;
        case '<=':
          return order <= 0;
        case '>':
          return order > 0;
        default:
          return order >= 0;
      }
    }
    case 'between': {
      const value = operandValue(condition.operand, item);
      const lower = operandValue(condition.lower, item);
      const upper = operandValue(condition.upper, item);
      if (value === undefined || lower === undefined || upper === undefined) return false;
      const bounds = compareValues(lower, upper);
      if (bounds !== undefined && bounds > 0) {
        throw invalidExpression(
          condition.source ?? 'ConditionExpression',
          `The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: ${describeValue(lower)}, upper bound operand: ${describeValue(upper)}`,
        );
      }
      const low = compareValues(value, lower);
      const high = compareValues(value, upper);
      return low !== undefined && high !== undefined && low >= 0 && high <= 0;
    }
    case 'in': {
      const value = operandValue(condition.operand, item);
      if (value === undefined) return false;
      return condition.candidates.some((c) => {
        const candidate = operandValue(c, item);
        return candidate !== undefined && valuesEqual(value, candidate);
      });
    }
    case 'attribute_exists':
      return valueAtPath(item, condition.path) !== undefined;
    case 'attribute_not_exists':
      return valueAtPath(item, condition.path) === undefined;
    case 'attribute_type': {
      const value = valueAtPath(item, condition.path);
      return value !== undefined && typeOf(value) === condition.type;
    }
    case 'begins_with': {
      const value = operandValue(condition.operand, item);
      const prefix = operandValue(condition.prefix, item);
      if (value === undefined || prefix === undefined) return false;
      if ('S' in value && 'S' in prefix) return value.S.startsWith(prefix.S);
      if ('B' in value && 'B' in prefix) {
        const bytes = decodeBinary(value.B);
        const start = decodeBinary(prefix.B);
        return start.length <= bytes.length && bytes.subarray(0, start.length).equals(start);
      }
      return false;
    }
    case 'contains': {
      const value = operandValue(condition.operand, item);
      const member = operandValue(condition.value, item);
      return value !== undefined && member !== undefined && contains(value, member);
    }
  }
}

/** `contains()` / CONTAINS: substring of a string, subsequence of a binary, element of a set or list. */
export function contains(value: AttributeValue, member: AttributeValue): boolean {
  if ('S' in value) return 'S' in member && value.S.includes(member.S);
  if ('B' in value) return 'B' in member && decodeBinary(value.B).includes(decodeBinary(member.B));
  if ('SS' in value) return 'S' in member && value.SS.includes(member.S);
  if ('NS' in value) return 'N' in member && value.NS.some((n) => compareNumbers(n, member.N) === 0);
  if ('BS' in value) {
    if (!('B' in member)) return false;
    const bytes = decodeBinary(member.B);
    return value.BS.some((b) => decodeBinary(b).equals(bytes));
  }
  if ('L' in value) return value.L.some((element) => valuesEqual(element, member));
  return false;
}
