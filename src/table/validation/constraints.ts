import type { EntryConstraints, LengthBounds, Shape } from './shape.js';
import { mayViolate, memberEntries, type MemberEntry } from './shape-plan.js';
import { quoteValue } from '../../shared/quote-value.js';

/** DynamoDB reports at most this many constraint violations in one ValidationException. */
export const MAX_REPORTED_ERRORS = 10;

/** Longest table ARN DynamoDB accepts where a table name may be an ARN. */
const MAX_TABLE_ARN_LENGTH = 1024;

/**
 * Phase two of DynamoDB's request checking: constraint violations over the deserialised input,
 * collected in shape order (members in shape order; a list's or map's own constraints before its
 * elements') and formatted the AWS way:
 * `Value '<value>' at '<path>' failed to satisfy constraint: <constraint>`.
 * Paths use lower-camel member names; list elements are `<list>.<1-based index>.member`, map values
 * `<map>.<key>.member`.
 */
export function collectConstraintErrors(input: Record<string, unknown>, members: readonly MemberEntry[]): string[] {
  const errors: string[] = [];
  checkMembers(input, members, '', errors);
  return errors.slice(0, MAX_REPORTED_ERRORS);
}

function checkMembers(value: Record<string, unknown>, members: readonly MemberEntry[], parent: string, errors: string[]): void {
  for (const [name, shape] of members) {
    const member = value[name];
    // Paths are built only for members that can fail: most members of most requests are absent or unconstrained.
    if (member === undefined ? shape.notNull !== true : !mayViolate(shape)) continue;
    checkValue(member, shape, join(parent, lowerFirst(name)), errors);
  }
}

function checkValue(value: unknown, shape: Shape, path: string, errors: string[]): void {
  if (errors.length >= MAX_REPORTED_ERRORS) return;
  if (value === undefined) {
    if (shape.notNull) errors.push(violation(undefined, path, 'Member must not be null'));
    return;
  }
  if (!mayViolate(shape)) return;
  switch (shape.kind) {
    case 'string': {
      const text = value as string;
      if (shape.orTableArn && text.startsWith('arn:')) {
        checkLength(text, text.length, TABLE_ARN_BOUNDS, path, errors);
        return;
      }
      if (shape.pattern !== undefined && !matches(shape.pattern, text)) {
        errors.push(violation(text, path, `Member must satisfy regular expression pattern: ${shape.pattern}`));
      }
      checkLength(text, text.length, shape, path, errors);
      if (shape.enum && !shape.enum.includes(text)) {
        errors.push(violation(text, path, `Member must satisfy enum value set: [${shape.enum.join(', ')}]`));
      }
      return;
    }
    case 'integer':
    case 'long':
    case 'double': {
      const number = value as number;
      if (shape.min !== undefined && !(number >= shape.min)) {
        errors.push(violation(number, path, `Member must have value greater than or equal to ${shape.min}`));
      }
      if (shape.max !== undefined && !(number <= shape.max)) {
        errors.push(violation(number, path, `Member must have value less than or equal to ${shape.max}`));
      }
      return;
    }
    case 'boolean':
      return;
    case 'blob':
      checkLength(value, Buffer.byteLength(value as string, 'base64'), shape, path, errors);
      return;
    case 'list': {
      const elements = value as unknown[];
      checkLength(elements, elements.length, shape, path, errors);
      if (!mayViolate(shape.member)) return;
      elements.forEach((element, i) => checkValue(element, shape.member, `${path}.${i + 1}.member`, errors));
      return;
    }
    case 'map': {
      const entries = Object.entries(value as Record<string, unknown>);
      checkLength(value, entries.length, shape, path, errors);
      const keys = shape.keys;
      if (keys) {
        for (const [key] of entries) {
          if (!entryOk(key.length, keys, key)) {
            errors.push(violation(value, path, `Map keys must satisfy constraint: [${describeEntry(keys).join(', ')}]`));
          }
        }
      }
      const values = shape.values;
      if (values) {
        for (const [, entry] of entries) {
          if (typeof entry === 'string' && !entryOk(entry.length, values)) {
            errors.push(violation(value, path, `Map value must satisfy constraint: [${describeEntry(values).join(', ')}]`));
          }
        }
      }
      if (!mayViolate(shape.value)) return;
      for (const [key, entry] of entries) checkValue(entry, shape.value, `${path}.${key}.member`, errors);
      return;
    }
    case 'structure':
      checkMembers(value as Record<string, unknown>, memberEntries(shape), path, errors);
      return;
  }
}

const TABLE_ARN_BOUNDS: LengthBounds = { maxLength: MAX_TABLE_ARN_LENGTH };

function checkLength(value: unknown, length: number, bounds: LengthBounds, path: string, errors: string[]): void {
  if (bounds.minLength !== undefined && length < bounds.minLength) {
    errors.push(violation(value, path, `Member must have length greater than or equal to ${bounds.minLength}`));
  }
  if (bounds.maxLength !== undefined && length > bounds.maxLength) {
    errors.push(violation(value, path, `Member must have length less than or equal to ${bounds.maxLength}`));
  }
}

function entryOk(length: number, bounds: EntryConstraints, text?: string): boolean {
  if (bounds.minLength !== undefined && length < bounds.minLength) return false;
  if (bounds.maxLength !== undefined && length > bounds.maxLength) return false;
  if (bounds.pattern !== undefined && text !== undefined && !matches(bounds.pattern, text)) return false;
  return true;
}

/** AWS lists map-entry constraints as max length, min length, pattern. */
function describeEntry(bounds: EntryConstraints): string[] {
  const out: string[] = [];
  if (bounds.maxLength !== undefined) out.push(`Member must have length less than or equal to ${bounds.maxLength}`);
  if (bounds.minLength !== undefined) out.push(`Member must have length greater than or equal to ${bounds.minLength}`);
  if (bounds.pattern !== undefined) out.push(`Member must satisfy regular expression pattern: ${bounds.pattern}`);
  return out;
}

const patterns = new Map<string, RegExp>();

function matches(pattern: string, text: string): boolean {
  let regex = patterns.get(pattern);
  if (!regex) {
    regex = new RegExp(`^(?:${pattern})$`, 'su');
    patterns.set(pattern, regex);
  }
  return regex.test(text);
}

function violation(value: unknown, path: string, constraint: string): string {
  const shown = value === undefined || value === null ? 'null' : `'${formatValue(value)}'`;
  return `Value ${shown} at '${path}' failed to satisfy constraint: ${constraint}`;
}

/**
 * DynamoDB's recorded messages quote values of several KB whole (101 keys of a BatchGetItem, a
 * 1,025-character ARN); beyond this, only a prefix, so a 16 MB value costs no 16 MB message.
 */
const MAX_QUOTED_VALUE = 64 * 1024;

/** How a value is quoted in a violation: lists as `[a, b]`, structures and maps as JSON, scalars as text. */
export const formatValue = (value: unknown): string => quoteValue(value, { style: 'list', max: MAX_QUOTED_VALUE });

const join = (parent: string, name: string): string => (parent ? `${parent}.${name}` : name);

export const lowerFirst = (name: string): string => name.charAt(0).toLowerCase() + name.slice(1);
