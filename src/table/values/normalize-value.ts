import { tableErrors } from '../errors.js';
import type { AttributeValue } from './attribute-value.js';
import { checkBase64, decodeBinary } from './binary.js';
import { normalizeNumber } from './number.js';
import { checkAttributeName } from './attribute-name.js';
import { setOwn } from '../../shared/set-own.js';

/** Deepest level a value may sit at; a top-level attribute's value is level 1. */
export const MAX_NESTING_DEPTH = 32;

const TYPE_TAGS = new Set(['S', 'N', 'B', 'SS', 'NS', 'BS', 'M', 'L', 'NULL', 'BOOL']);
const INVALID = 'One or more parameter values were invalid: ';

/**
 * Applies DynamoDB's data rules to one attribute value from a request (item attribute, key
 * attribute, expression attribute value) and returns its canonical copy: numbers in canonical text
 * ("1.50" → "1.5"), everything else unchanged. Empty S and B are allowed here; key rules are separate.
 *
 * Order follows DynamoDB (dynalite's suite, checked against AWS): a value with no type member is
 * "empty"; each member present is checked (so `{S: "a", N: "x"}` fails on the number); only then
 * is having several members an error. Nested values are checked the same way, one level deeper.
 */
export function normalizeValue(value: AttributeValue, depth = 1): AttributeValue {
  if (depth > MAX_NESTING_DEPTH) {
    // Captured from DynamoDB (eu-west-2): 31 wrapping maps are accepted, 32 are refused.
    throw tableErrors.nestingTooDeep();
  }
  const members = value as unknown as Record<string, unknown>;
  // A member sent as JSON null counts as absent, as does any member name that is not a type.
  let tag: string | undefined;
  let tagCount = 0;
  for (const name in members) {
    if (TYPE_TAGS.has(name) && members[name] != null) {
      tag ??= name;
      tagCount++;
    }
  }
  if (tag === undefined) {
    throw tableErrors.validation('Supplied AttributeValue is empty, must contain exactly one of the supported datatypes');
  }
  if (tagCount === 1) return normalizeMember(tag, members[tag], depth);
  // Several types: each is checked (its own error wins), then having several is the error.
  for (const name of Object.keys(members)) {
    if (TYPE_TAGS.has(name) && members[name] != null) normalizeMember(name, members[name], depth);
  }
  throw tableErrors.validation(
    'Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes',
  );
}

function normalizeMember(tag: string, member: unknown, depth: number): AttributeValue {
  switch (tag) {
    case 'N':
      return { N: normalizeNumber(member as string) };
    case 'B':
      checkBase64(member as string);
      return { B: member as string };
    case 'SS':
      return { SS: checkStringSet(member as string[]) };
    case 'NS':
      return { NS: normalizeNumberSet(member as string[]) };
    case 'BS':
      return { BS: checkBinarySet(member as string[]) };
    case 'M': {
      const map = member as Record<string, AttributeValue>;
      const copy: Record<string, AttributeValue> = {};
      for (const name of Object.keys(map)) {
        checkAttributeName(name);
        setOwn(copy, name, normalizeValue(map[name]!, depth + 1));
      }
      return { M: copy };
    }
    case 'L':
      return { L: (member as AttributeValue[]).map((v) => normalizeValue(v, depth + 1)) };
    case 'NULL':
      if (member !== true) throw tableErrors.validation(`${INVALID}Null attribute value types must have the value of true`);
      return { NULL: true };
    case 'BOOL':
      return { BOOL: member as boolean };
    default:
      return { S: member as string };
  }
}

// Shared with the other contexts (queue tags and message attributes are client-named too).
export { setOwn } from '../../shared/set-own.js';

// The set messages are DynamoDB's, typos and spacing included ("An string set  may not be empty",
// "]of type BS"), and differ per type: the NS duplicate message has neither prefix nor list.

function checkStringSet(set: string[]): string[] {
  if (set.length === 0) throw tableErrors.validation(`${INVALID}An string set  may not be empty`);
  if (new Set(set).size !== set.length) {
    throw tableErrors.validation(`${INVALID}Input collection [${set.join(', ')}] contains duplicates.`);
  }
  return set;
}

function normalizeNumberSet(set: string[]): string[] {
  if (set.length === 0) throw tableErrors.validation(`${INVALID}An number set  may not be empty`);
  const normalized = set.map(normalizeNumber);
  if (new Set(normalized).size !== normalized.length) {
    throw tableErrors.validation('Input collection contains duplicates');
  }
  return normalized;
}

function checkBinarySet(set: string[]): string[] {
  if (set.length === 0) throw tableErrors.validation(`${INVALID}Binary sets should not be empty`);
  for (const member of set) checkBase64(member);
  if (new Set(set.map((b) => decodeBinary(b).toString('hex'))).size !== set.length) {
    throw tableErrors.validation(`${INVALID}Input collection [${set.join(', ')}]of type BS contains duplicates.`);
  }
  return set;
}
