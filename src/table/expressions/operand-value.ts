import type { AttributeMap, AttributeValue } from '../values/attribute-value.js';
import { binaryLength } from '../values/binary.js';
import type { Operand } from './condition.js';
import { valueAtPath } from './paths.js';

/** The value of a condition operand for `item`, or undefined when it has none (missing attribute). */
export function operandValue(operand: Operand, item: AttributeMap | undefined): AttributeValue | undefined {
  switch (operand.kind) {
    case 'value':
      return operand.value;
    case 'path':
      return valueAtPath(item, operand.path);
    case 'size': {
      const value = operandValue(operand.operand, item);
      const size = value === undefined ? undefined : sizeOf(value);
      return size === undefined ? undefined : { N: String(size) };
    }
  }
}

/**
 * DynamoDB's `size()`: a string's length in UTF-16 code units (checked against DynamoDB: size of
 * "é𝄞" is 3), a binary's bytes, the number of elements of a set, list or map. Numbers, booleans and
 * nulls have no size, which makes any comparison with it false.
 */
export function sizeOf(value: AttributeValue): number | undefined {
  if ('S' in value) return value.S.length;
  if ('B' in value) return binaryLength(value.B);
  if ('SS' in value) return value.SS.length;
  if ('NS' in value) return value.NS.length;
  if ('BS' in value) return value.BS.length;
  if ('L' in value) return value.L.length;
  if ('M' in value) return Object.keys(value.M).length;
  return undefined;
}
