import { coralErrors } from '../../shared/service-error.js';
import type { Shape } from './shape.js';
import { setOwn } from '../values/normalize-value.js';
import { memberEntries, memberNamed } from './shape-plan.js';

/**
 * Phase one of DynamoDB's request checking: reading JSON into the operation's typed input. A JSON
 * value of the wrong kind fails the whole request with a SerializationException whose message comes
 * from DynamoDB's Java deserialiser — the texts below are those DynamoDB returns (as recorded by
 * emulators tested against AWS). Nulls read as absent; members the shape does not know are dropped.
 *
 * Where a value sits matters: a structure, list or map that is a *member of a structure* ("field")
 * fails with "Unexpected field type", while one that is an element of a list or a value of a map
 * ("value") fails with "Unexpected value type in payload" (structures) or a class-cast message
 * (lists and maps).
 *
 * Lists, maps and one-member structures that need no cleaning are returned as they came (no copy):
 * the body is the request's own freshly parsed JSON, which nothing else holds or changes.
 */
export type Position = 'field' | 'value';

const PACKAGE = 'com.amazonaws.dynamodb.v20120810';

/** What DynamoDB says when a parameterised collection (a list or map inside a list or map) gets a scalar. */
const PARAMETERIZED_CAST =
  "class sun.reflect.generics.reflectiveObjects.ParameterizedTypeImpl cannot be cast to class java.lang.Class (sun.reflect.generics.reflectiveObjects.ParameterizedTypeImpl and java.lang.Class are in module java.base of loader 'bootstrap')";

const START_OF_STRUCTURE = 'Start of structure or map found where not expected';

/** The Java type DynamoDB names for a shape in its messages. */
export function javaType(shape: Shape): string {
  switch (shape.kind) {
    case 'string':
      return 'java.lang.String';
    case 'boolean':
      return 'java.lang.Boolean';
    case 'integer':
      return 'java.lang.Integer';
    case 'long':
      return 'java.lang.Long';
    case 'double':
      return 'java.lang.Double';
    case 'blob':
      return 'java.nio.ByteBuffer';
    case 'structure':
      return `${PACKAGE}.${shape.name}`;
    case 'list':
      return `java.util.List<${javaType(shape.member)}>`;
    case 'map':
      return `java.util.Map<java.lang.String, ${javaType(shape.value)}>`;
  }
}

/** Jackson's token name for a JSON scalar: STRING_VALUE, NUMBER_VALUE, DECIMAL_VALUE, TRUE_VALUE, FALSE_VALUE. */
function token(value: string | number | boolean): string {
  if (typeof value === 'string') return 'STRING_VALUE';
  if (typeof value === 'boolean') return value ? 'TRUE_VALUE' : 'FALSE_VALUE';
  return Number.isInteger(value) ? 'NUMBER_VALUE' : 'DECIMAL_VALUE';
}

const fail = (message: string): never => {
  throw coralErrors.serialization(message);
};

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Reads `value` as `shape`; returns the cleaned value (undefined for null/absent) or throws a
 * SerializationException.
 */
export function deserialize(value: unknown, shape: Shape, position: Position = 'field'): unknown {
  if (value === null || value === undefined) return undefined;
  switch (shape.kind) {
    case 'string':
      if (typeof value === 'string') return value;
      return scalarMismatch(value, 'String', 'java.lang.String');
    case 'boolean':
      if (typeof value === 'boolean') return value;
      if (typeof value === 'string') {
        // Jackson reads the words true/false in any case; any other text is not a boolean token.
        const word = value.toLowerCase();
        if (word === 'true' || word === 'false') return word === 'true';
        return fail('Unexpected token received from parser');
      }
      return scalarMismatch(value, 'Boolean', 'java.lang.Boolean');
    case 'integer':
    case 'long':
    case 'double':
      if (typeof value === 'number') return shape.kind === 'double' ? value : Math.trunc(value);
      return scalarMismatch(value, shape.kind === 'integer' ? 'Integer' : shape.kind === 'long' ? 'Long' : 'Double', javaType(shape));
    case 'blob':
      if (typeof value === 'string') return checkBase64(value);
      if (Array.isArray(value)) return fail('Unrecognized collection type class java.nio.ByteBuffer');
      if (isObject(value)) return fail(START_OF_STRUCTURE);
      return fail('only base-64-encoded strings are convertible to bytes');
    case 'list': {
      if (Array.isArray(value)) {
        let out: unknown[] | undefined;
        for (let i = 0; i < value.length; i++) {
          const element: unknown = value[i];
          const read = deserialize(element, shape.member, 'value');
          if (out === undefined && read !== element) out = value.slice(0, i);
          if (out !== undefined && read !== undefined) out.push(read);
        }
        return out ?? value;
      }
      if (isObject(value)) return fail(START_OF_STRUCTURE);
      return fail(position === 'field' ? 'Unexpected field type' : PARAMETERIZED_CAST);
    }
    case 'map': {
      if (isObject(value)) {
        const keys = Object.keys(value);
        let out: Record<string, unknown> | undefined;
        for (let i = 0; i < keys.length; i++) {
          const key = keys[i]!;
          const entry = value[key];
          const read = deserialize(entry, shape.value, 'value');
          if (out === undefined && read !== entry) out = copyEntries(value, keys, i);
          // setOwn: a key named "__proto__" stays an ordinary entry.
          if (out !== undefined && read !== undefined) setOwn(out, key, read);
        }
        return out ?? value;
      }
      if (Array.isArray(value)) return fail(`Unrecognized collection type ${javaType(shape)}`);
      return fail(position === 'field' ? 'Unexpected field type' : PARAMETERIZED_CAST);
    }
    case 'structure': {
      if (isObject(value)) {
        const out: Record<string, unknown> = {};
        const name = onlyKey(value);
        if (name !== undefined) {
          // One member sent (every AttributeValue): shape order cannot matter, skip the scan.
          const member = memberNamed(shape, name);
          if (member === undefined) return out;
          const read = deserialize(value[name], member, 'field');
          if (read === value[name]) return value;
          if (read !== undefined) out[name] = read;
          return out;
        }
        for (const [name, member] of memberEntries(shape)) {
          if (!Object.hasOwn(value, name)) continue;
          const read = deserialize(value[name], member, 'field');
          if (read !== undefined) out[name] = read;
        }
        return out;
      }
      if (Array.isArray(value)) return fail(`Unrecognized collection type class ${javaType(shape)}`);
      return fail(position === 'field' ? 'Unexpected field type' : 'Unexpected value type in payload');
    }
  }
}

/** The key of an object with exactly one own key; undefined for none or several. */
function onlyKey(value: Record<string, unknown>): string | undefined {
  let only: string | undefined;
  for (const key in value) {
    if (only !== undefined || !Object.hasOwn(value, key)) return undefined;
    only = key;
  }
  return only;
}

/** The first `count` entries of a map, copied when a later entry turns out to need cleaning. */
function copyEntries(map: Record<string, unknown>, keys: readonly string[], count: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (let i = 0; i < count; i++) setOwn(out, keys[i]!, map[keys[i]!]);
  return out;
}

function scalarMismatch(value: unknown, typeName: string, java: string): never {
  if (Array.isArray(value)) return fail(`Unrecognized collection type class ${java}`);
  if (isObject(value)) return fail(START_OF_STRUCTURE);
  return fail(`${token(value as string | number | boolean)} cannot be converted to ${typeName}`);
}

const BASE64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/**
 * DynamoDB decodes blobs strictly: the length must be a multiple of 4, only the alphabet and trailing
 * padding are allowed, and the unused bits of the last character must be zero. (The misspelling
 * "dectected" is DynamoDB's.)
 */
export function checkBase64(text: string): string {
  if (text.length % 4 !== 0) fail(`Base64 encoded length is expected a multiple of 4 bytes but found: ${text.length}`);
  let end = text.length;
  if (text.endsWith('==')) end -= 2;
  else if (text.endsWith('=')) end -= 1;
  for (let i = 0; i < end; i++) {
    if (BASE64_ALPHABET.indexOf(text[i]!) === -1) fail('Invalid last non-pad Base64 character dectected');
  }
  const padding = text.length - end;
  if (padding > 0) {
    if (end === 0) fail('Invalid last non-pad Base64 character dectected');
    const last = BASE64_ALPHABET.indexOf(text[end - 1]!);
    // With two pad characters the last symbol carries 2 data bits (low 4 unused); with one, 4 (low 2 unused).
    const unusedMask = padding === 2 ? 0b1111 : 0b11;
    if ((last & unusedMask) !== 0) fail('Invalid last non-pad Base64 character dectected');
  }
  return text;
}
