import { ServiceError } from '../../shared/service-error.js';
import { tableErrors } from '../errors.js';
import type { AttributeMap, AttributeValue } from './attribute-value.js';
import { MAX_ITEM_SIZE, itemSize } from './item-size.js';
import { normalizeValue, setOwn } from './normalize-value.js';
import { ATTRIBUTE_NAME_TOO_LARGE, checkAttributeName } from './attribute-name.js';

/**
 * Applies the data rules to every attribute of an item (or a key, or an ExclusiveStartKey) and
 * returns its canonical copy. Key rules and the size limit are separate: see `key-rules.ts` and
 * `checkItemSize`, which the operation applies where DynamoDB does.
 */
export function normalizeItem(item: AttributeMap): AttributeMap {
  const copy: AttributeMap = {};
  for (const name of Object.keys(item)) {
    checkAttributeName(name);
    setOwn(copy, name, normalizeValue(item[name]!));
  }
  return copy;
}

/**
 * Rejects an item over 400 KB. PutItem and friends check the item as sent; UpdateItem checks the
 * item the update would produce, with its own wording.
 */
export function checkItemSize(item: AttributeMap, operation: 'put' | 'update' = 'put'): void {
  if (itemSize(item) <= MAX_ITEM_SIZE) return;
  throw tableErrors.validation(
    operation === 'put'
      ? 'Item size has exceeded the maximum allowed size'
      : 'Item size to update has exceeded the maximum allowed size',
  );
}

/**
 * Applies the data rules to ExpressionAttributeValues. DynamoDB wraps each value's error as
 * "ExpressionAttributeValues contains invalid value: <message> for key :v" (dynalite's suite, and
 * errors reported by users of AWS). Serialization errors (bad base64) pass through unwrapped.
 * Checking the names (":v" syntax) and emptiness of the map is the expression layer's job.
 */
export function normalizeExpressionAttributeValues(values: Record<string, AttributeValue>): Record<string, AttributeValue> {
  const copy: Record<string, AttributeValue> = {};
  for (const key of Object.keys(values)) {
    try {
      setOwn(copy, key, normalizeValue(values[key]!));
    } catch (error) {
      // A too-long name inside a value is answered as for an item, unwrapped (measured, see attribute-name.ts).
      if (error instanceof ServiceError && error.code === 'ValidationException' && error.message !== ATTRIBUTE_NAME_TOO_LARGE) {
        throw tableErrors.validation(`ExpressionAttributeValues contains invalid value: ${error.message} for key ${key}`);
      }
      throw error;
    }
  }
  return copy;
}
