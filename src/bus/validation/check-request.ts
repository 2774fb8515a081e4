import { quoteValue } from '../../shared/quote-value.js';
import { coralErrors } from '../../shared/service-error.js';
import { setOwn } from '../../shared/set-own.js';
import { busErrors } from '../bus-errors.js';
import type { MapShape, Shape, StringShape, StructureShape } from './shapes.js';

/** Coral reports at most this many constraint violations in one ValidationException. */
const MAX_REPORTED = 10;
/** Values are quoted whole up to this many characters (AWS quotes a bounded prefix of huge values too). */
const MAX_QUOTED = 64 * 1024;
const INT_MAX = 2 ** 31 - 1;
/** The largest epoch-millisecond time a Date holds. */
const MAX_TIME_MS = 8.64e15;

/**
 * Reads a request body as an operation's input shape the way EventBridge's front end does:
 * 1. a JSON value of the wrong kind anywhere is a SerializationException, at once (wording ours,
 *    modelled on coral's Jackson messages; EventBridge's exact text is unconfirmed);
 * 2. every constraint violation, in shape order, aggregated into one ValidationException:
 *    "2 validation errors detected: Value 'a b' at 'name' failed to satisfy constraint: Member must
 *    satisfy regular expression pattern: [\.\-_A-Za-z0-9]+; Value null at 'rule' …" — a string's
 *    length before its pattern, as observed on EventBridge (DynamoDB reports the pattern first).
 * Returns the cleaned input: nulls dropped, members the shape does not know dropped.
 */
export function checkRequest<T>(input: Record<string, unknown>, shape: StructureShape): T {
  // A first pass builds no paths and no messages (most requests are valid); a request with
  // violations is read again to word them.
  const found: string[] = [];
  const value = read(input, shape, undefined, found);
  if (found.length === 0) return value as T;
  const errors: string[] = [];
  read(input, shape, '', errors);
  throw busErrors.validation(validationMessage(errors.slice(0, MAX_REPORTED)));
}

/** "1 validation error detected: …" / "N validation errors detected: …; …". */
export const validationMessage = (errors: readonly string[]): string =>
  `${errors.length} validation ${errors.length === 1 ? 'error' : 'errors'} detected: ${errors.join('; ')}`;

/** One violation in coral's words. */
export function violation(value: unknown, path: string, constraint: string): string {
  const shown = value === undefined || value === null ? 'null' : `'${quoteValue(value, { style: 'list', max: MAX_QUOTED })}'`;
  return `Value ${shown} at '${path}' failed to satisfy constraint: ${constraint}`;
}

/** A violation at `path`; a first pass (path undefined) only notes that there is one. */
function report(errors: string[], value: unknown, path: string | undefined, constraint: string | (() => string)): void {
  errors.push(path === undefined ? '' : violation(value, path, typeof constraint === 'string' ? constraint : constraint()));
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function mismatch(value: unknown, expected: string): never {
  if (Array.isArray(value)) throw coralErrors.serialization('Start of list found where not expected');
  if (isObject(value)) throw coralErrors.serialization('Start of structure or map found where not expected');
  const token = typeof value === 'string' ? 'STRING_VALUE' : typeof value === 'boolean' ? 'BOOLEAN_VALUE' : 'NUMBER_VALUE';
  throw coralErrors.serialization(`${token} can not be converted to ${expected}`);
}

function read(value: unknown, shape: Shape, path: string | undefined, errors: string[]): unknown {
  if (value === undefined || value === null) {
    if (shape.notNull) report(errors, undefined, path, 'Member must not be null');
    return undefined;
  }
  switch (shape.kind) {
    case 'string':
      if (typeof value !== 'string') mismatch(value, 'String');
      checkString(value, shape, path, errors);
      return value;
    case 'integer': {
      if (typeof value !== 'number') mismatch(value, 'Integer');
      if (Math.abs(value) > INT_MAX) throw coralErrors.serialization(`Numeric value (${value}) out of range of int`);
      const number = Math.trunc(value);
      if (shape.min !== undefined && number < shape.min) report(errors, number, path, `Member must have value greater than or equal to ${shape.min}`);
      if (shape.max !== undefined && number > shape.max) report(errors, number, path, `Member must have value less than or equal to ${shape.max}`);
      return number;
    }
    case 'boolean':
      if (typeof value !== 'boolean') mismatch(value, 'Boolean');
      return value;
    case 'timestamp': {
      if (typeof value !== 'number') mismatch(value, 'a Timestamp');
      const ms = Math.round(value * 1000);
      // Beyond what a Date holds (wording ours; what coral answers is unconfirmed).
      if (!(Math.abs(ms) <= MAX_TIME_MS)) throw coralErrors.serialization(`Numeric value (${value}) out of range of a Timestamp`);
      return ms;
    }
    case 'document':
      if (!isObject(value)) mismatch(value, 'Structure');
      return value;
    case 'list': {
      if (!Array.isArray(value)) mismatch(value, 'List');
      checkLength(value, value.length, shape, path, errors);
      // The list itself when reading changed none of its elements (the usual case); a copy otherwise.
      let out: unknown[] | undefined;
      value.forEach((element, i) => {
        const item = read(element, shape.member, path === undefined ? undefined : `${path}.${i + 1}.member`, errors);
        if (out === undefined && item !== element) out = value.slice(0, i);
        if (out !== undefined && item !== undefined) out.push(item);
      });
      return out ?? value;
    }
    case 'map':
      if (!isObject(value)) mismatch(value, 'Map');
      return readMap(value, shape, path, errors);
    case 'structure': {
      if (!isObject(value)) mismatch(value, 'Structure');
      // The structure itself when it holds only its members, each read unchanged (the usual case); a
      // copy of its members as read otherwise, begun at the first member that changed.
      const members = membersOf(shape);
      let out: Record<string, unknown> | undefined;
      let kept = 0;
      members.forEach(({ name, member, pathName }, i) => {
        const memberPath = path === undefined ? undefined : path === '' ? pathName : `${path}.${pathName}`;
        const given = Object.hasOwn(value, name) ? value[name] : undefined;
        const item = read(given, member, memberPath, errors);
        if (out === undefined && item !== given) out = copyMembers(value, members, i);
        if (item === undefined) return;
        kept++;
        if (out !== undefined) out[name] = item;
      });
      if (out !== undefined) return out;
      return kept === ownKeyCount(value) ? value : copyMembers(value, members, members.length);
    }
  }
}

/** The first `count` members of a structure whose members read unchanged, in shape order. */
function copyMembers(value: Record<string, unknown>, members: readonly Member[], count: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (let i = 0; i < count; i++) {
    const { name } = members[i]!;
    if (Object.hasOwn(value, name) && value[name] !== undefined) out[name] = value[name];
  }
  return out;
}

function ownKeyCount(value: Record<string, unknown>): number {
  let count = 0;
  for (const key in value) if (Object.hasOwn(value, key)) count++;
  return count;
}

function readMap(value: Record<string, unknown>, shape: MapShape, path: string | undefined, errors: string[]): Record<string, unknown> {
  const entries = Object.entries(value);
  checkLength(value, entries.length, shape, path, errors);
  const out: Record<string, unknown> = {};
  for (const [key, entry] of entries) {
    const keyErrors: string[] = [];
    checkString(key, shape.key, path, keyErrors);
    if (keyErrors.length > 0) report(errors, value, path, () => `Map keys must satisfy constraint: [${describe(shape.key).join(', ')}]`);
    const item = read(entry, shape.value, path === undefined ? undefined : `${path}.${key}.member`, errors);
    // setOwn: a key named "__proto__" stays an ordinary entry.
    if (item !== undefined) setOwn(out, key, item);
  }
  return out;
}

function checkString(text: string, shape: StringShape, path: string | undefined, errors: string[]): void {
  checkLength(text, text.length, shape, path, errors);
  if (shape.pattern !== undefined && !(shape.matches ? shape.matches(text) : matches(shape.pattern, text))) {
    report(errors, text, path, `Member must satisfy regular expression pattern: ${shape.pattern}`);
  }
  if (shape.enum && !shape.enum.includes(text)) {
    report(errors, text, path, () => `Member must satisfy enum value set: [${shape.enum!.join(', ')}]`);
  }
}

function checkLength(value: unknown, length: number, bounds: { min?: number; max?: number }, path: string | undefined, errors: string[]): void {
  if (bounds.min !== undefined && length < bounds.min) report(errors, value, path, `Member must have length greater than or equal to ${bounds.min}`);
  if (bounds.max !== undefined && length > bounds.max) report(errors, value, path, `Member must have length less than or equal to ${bounds.max}`);
}

function describe(shape: StringShape): string[] {
  const out: string[] = [];
  if (shape.max !== undefined) out.push(`Member must have length less than or equal to ${shape.max}`);
  if (shape.min !== undefined) out.push(`Member must have length greater than or equal to ${shape.min}`);
  if (shape.pattern !== undefined) out.push(`Member must satisfy regular expression pattern: ${shape.pattern}`);
  return out;
}

const compiled = new Map<string, RegExp>();

/** Whole-string match of a model pattern (Java syntax; without the `u` flag, which rejects escapes such as `\_`). */
function matches(pattern: string, text: string): boolean {
  let regex = compiled.get(pattern);
  if (!regex) {
    regex = new RegExp(`^(?:${pattern})$`, 's');
    compiled.set(pattern, regex);
  }
  return regex.test(text);
}

const lowerFirst = (name: string): string => name.charAt(0).toLowerCase() + name.slice(1);

interface Member {
  readonly name: string;
  readonly member: Shape;
  /** The member's name in a violation's path (coral's: first letter lower case). */
  readonly pathName: string;
}

/** A structure's members, listed once per shape (PutEvents reads one structure per entry). */
const members = new WeakMap<StructureShape, readonly Member[]>();

function membersOf(shape: StructureShape): readonly Member[] {
  let list = members.get(shape);
  if (list === undefined) {
    list = Object.entries(shape.members).map(([name, member]) => ({ name, member, pathName: lowerFirst(name) }));
    members.set(shape, list);
  }
  return list;
}
