import type { AttributeMap, AttributeValue } from '../values/attribute-value.js';
import { addNumbers, subtractNumbers } from '../values/number.js';
import { tableErrors } from '../errors.js';
import { valueAtPath } from './paths.js';
import type { UpdateValue } from './update.js';

export const incorrectDataType = () =>
  tableErrors.validation('An operand in the update expression has an incorrect data type');

/**
 * The value a SET action writes, computed from the item as it was before the update (so
 * `SET x = :v, y = x` reads the old x).
 */
export function evaluateUpdateValue(value: UpdateValue, item: AttributeMap | undefined): AttributeValue {
  switch (value.kind) {
    case 'value':
      return value.value;
    case 'path': {
      const found = valueAtPath(item, value.path);
      if (found === undefined) {
        throw tableErrors.validation('The provided expression refers to an attribute that does not exist in the item');
      }
      return found;
    }
    case 'if_not_exists':
      return valueAtPath(item, value.path) ?? evaluateUpdateValue(value.fallback, item);
    case 'list_append': {
      const left = evaluateUpdateValue(value.left, item);
      const right = evaluateUpdateValue(value.right, item);
      if (!('L' in left) || !('L' in right)) throw incorrectDataType();
      return { L: [...left.L, ...right.L] };
    }
    default: {
      const left = evaluateUpdateValue(value.left, item);
      const right = evaluateUpdateValue(value.right, item);
      if (!('N' in left) || !('N' in right)) throw incorrectDataType();
      return { N: value.kind === '+' ? addNumbers(left.N, right.N) : subtractNumbers(left.N, right.N) };
    }
  }
}
