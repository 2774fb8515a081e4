import { tableErrors } from '../errors.js';
import { invalid } from './table-rules.js';
import type { KeySchemaElement } from './table-shapes.js';

/**
 * The KeySchema of a global secondary index, which since DynamoDB's multi-attribute keys (2025) may
 * list up to four HASH attributes, then up to four RANGE attributes, the order of each group being
 * the key's order. Tables and LSIs keep one HASH and at most one RANGE (the list shape's length
 * limit of 2: "Member must have length less than or equal to 2").
 *
 * Confirmed (DynamoDB's answers as recorded in public behaviour catalogs and tests run against AWS —
 * the "Multi-attribute key schema" section of the GSI developer guide gives the limits only):
 * - "Invalid KeySchema: The first KeySchemaElement is not a HASH key type" for a RANGE first;
 * - "All HASH key attributes must precede RANGE key attributes in the KeySchema" for HASH after RANGE;
 * - "The KeySchema exceeds the maximum allowed number of HASH key attributes" (also RANGE) past four;
 * - "The KeySchema contains multiple key attributes with the same name" for a repeated attribute;
 * - DescribeTable echoes the KeySchema in the order given.
 * Unconfirmed: the order in which these checks run, and whether the last three carry the
 * "One or more parameter values were invalid: " prefix (one catalog shows it, another not; Eddy uses it
 * for precede/exceeds and not for the duplicate, as the catalog listing all three does); the shape
 * limit of 8 elements (4 + 4) and its message.
 */

/** At most this many HASH, and this many RANGE, attributes in a GSI's KeySchema. */
export const MAX_KEY_PART_ATTRIBUTES = 4;

export function checkGlobalKeySchema(keySchema: readonly KeySchemaElement[], defined: readonly string[]): void {
  const keys = keySchema.map((element) => element.AttributeName);
  if (keys.some((key) => !defined.includes(key))) {
    throw invalid(
      `Some index key attributes are not defined in AttributeDefinitions. Keys: [${keys.join(', ')}], AttributeDefinitions: [${defined.join(', ')}]`,
    );
  }
  if (keys.some((key, i) => keys.indexOf(key) !== i)) {
    const hashAndRange = keySchema.length === 2 && keySchema[0]!.KeyType === 'HASH' && keySchema[1]!.KeyType === 'RANGE';
    throw tableErrors.validation(
      hashAndRange
        ? 'Both the Hash Key and the Range Key element in the KeySchema have the same name'
        : 'The KeySchema contains multiple key attributes with the same name',
    );
  }
  if (keySchema[0]!.KeyType !== 'HASH') {
    throw tableErrors.validation('Invalid KeySchema: The first KeySchemaElement is not a HASH key type');
  }
  const firstRange = keySchema.findIndex((element) => element.KeyType === 'RANGE');
  if (firstRange !== -1 && keySchema.slice(firstRange).some((element) => element.KeyType === 'HASH')) {
    throw invalid('All HASH key attributes must precede RANGE key attributes in the KeySchema');
  }
  const hashes = firstRange === -1 ? keySchema.length : firstRange;
  if (hashes > MAX_KEY_PART_ATTRIBUTES) throw invalid('The KeySchema exceeds the maximum allowed number of HASH key attributes');
  if (keySchema.length - hashes > MAX_KEY_PART_ATTRIBUTES) {
    throw invalid('The KeySchema exceeds the maximum allowed number of RANGE key attributes');
  }
}
