import type { AttributeType, AttributeValue } from '../../shared/attribute-value.js';

export type { AttributeMap, AttributeType, AttributeValue, ScalarAttributeType } from '../../shared/attribute-value.js';

/** The single type tag of a (validated) attribute value. */
export function typeOf(value: AttributeValue): AttributeType {
  for (const key in value) return key as AttributeType;
  throw new Error('empty attribute value');
}
