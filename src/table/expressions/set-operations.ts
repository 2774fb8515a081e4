import type { AttributeValue } from '../values/attribute-value.js';
import { decodeBinary } from '../values/binary.js';
import { normalizeNumber } from '../values/number.js';

type SetValue = { SS: string[] } | { NS: string[] } | { BS: string[] };
export type SetType = 'SS' | 'NS' | 'BS';

export function setType(value: AttributeValue): SetType | undefined {
  if ('SS' in value) return 'SS';
  if ('NS' in value) return 'NS';
  if ('BS' in value) return 'BS';
  return undefined;
}

/** Identity of a set element: numbers by value ("1" = "1.0"), binaries by their bytes. */
function elementKey(type: SetType): (element: string) => string {
  if (type === 'NS') return normalizeNumber;
  if (type === 'BS') return (b) => decodeBinary(b).toString('hex');
  return (s) => s;
}

const elements = (value: SetValue): string[] => ('SS' in value ? value.SS : 'NS' in value ? value.NS : value.BS);

/** `existing ∪ added` for two sets of type `type`, keeping the existing elements' order first. */
export function unionSets(type: SetType, existing: AttributeValue, added: AttributeValue): AttributeValue {
  const key = elementKey(type);
  const result = [...elements(existing as SetValue)];
  const seen = new Set(result.map(key));
  for (const element of elements(added as SetValue)) {
    const k = key(element);
    if (!seen.has(k)) {
      seen.add(k);
      result.push(element);
    }
  }
  return { [type]: result } as AttributeValue;
}

/** `existing ∖ removed`, or undefined when nothing is left (DynamoDB then removes the attribute). */
export function subtractSets(type: SetType, existing: AttributeValue, removed: AttributeValue): AttributeValue | undefined {
  const key = elementKey(type);
  const gone = new Set(elements(removed as SetValue).map(key));
  const result = elements(existing as SetValue).filter((e) => !gone.has(key(e)));
  return result.length === 0 ? undefined : ({ [type]: result } as AttributeValue);
}
