import { invalidPattern } from './invalid-event-pattern-error.js';
import { parseWildcard, wildcardMatcher } from './wildcard.js';
import type { ScalarTest } from './event-values.js';

const TOO_MANY = 'Too many elements in numeric expression'; // event-ruler reuses this text for anything-but
const VALUE_SHAPE = 'Value of anything-but must be an array or single string/number value.';

type Modifier = 'equals-ignore-case' | 'prefix' | 'suffix' | 'wildcard';

function isValueShape(value: unknown): boolean {
  return Array.isArray(value) || typeof value === 'string' || typeof value === 'number';
}

/** `{"anything-but": "x"}`, `123`, or a list of all strings or all numbers. */
function plainAnythingBut(spec: string | number | unknown[]): ScalarTest {
  const items = Array.isArray(spec) ? spec : [spec];
  const strings = new Set<string>();
  const numbers = new Set<number>();
  for (const item of items) {
    if (typeof item === 'string') strings.add(item);
    else if (typeof item === 'number') numbers.add(item);
    else if (Array.isArray(spec)) invalidPattern('Inside anything but list, start|null|boolean is not supported.');
  }
  if ((strings.size > 0) === (numbers.size > 0)) {
    invalidPattern('Inside anything but list, either all values are number or string, mixed type is not supported');
  }
  // A value of another JSON type (null, a boolean, a number against strings) is "anything but" the list.
  return (value) => {
    if (typeof value === 'string') return !strings.has(value);
    if (typeof value === 'number') return !numbers.has(value);
    return true;
  };
}

function modifierItemError(modifier: Modifier): never {
  if (modifier === 'equals-ignore-case') {
    invalidPattern('Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported.');
  }
  if (modifier === 'wildcard') invalidPattern('wildcard match pattern must be a string');
  return invalidPattern('prefix/suffix match pattern must be a string');
}

function modifiedAnythingBut(modifier: Modifier, spec: string | number | unknown[]): ScalarTest {
  const items = Array.isArray(spec) ? spec : [spec];
  const texts: string[] = [];
  for (const item of items) {
    if (typeof item !== 'string') modifierItemError(modifier);
    if (item === '' && (modifier === 'prefix' || modifier === 'suffix')) invalidPattern('Null prefix/suffix not allowed');
    texts.push(item);
  }
  let excluded: (value: string) => boolean;
  switch (modifier) {
    case 'equals-ignore-case': {
      const lowered = new Set(texts.map((text) => text.toLowerCase()));
      excluded = (value) => lowered.has(value.toLowerCase());
      break;
    }
    case 'prefix':
      excluded = (value) => texts.some((text) => value.startsWith(text));
      break;
    case 'suffix':
      excluded = (value) => texts.some((text) => value.endsWith(text));
      break;
    case 'wildcard': {
      const matchers = texts.map((text) => wildcardMatcher(parseWildcard(text)));
      excluded = (value) => matchers.some((matches) => matches(value));
      break;
    }
  }
  // Non-strings (null, numbers, booleans) never match the string condition, so "anything but" holds.
  return (value) => typeof value !== 'string' || !excluded(value);
}

/**
 * Compiles the value of `anything-but`. A present value of another type (including `null`) always matches;
 * a missing field never does (that is decided by the caller, which only tests present leaf values).
 * Messages follow event-ruler's compiler; those listed in SEMANTICS §C.6.3 are observed on AWS.
 */
export function compileAnythingBut(spec: unknown): ScalarTest {
  if (spec !== null && typeof spec === 'object' && !Array.isArray(spec)) {
    const keys = Object.keys(spec);
    if (keys.length === 0) invalidPattern('Anything-But expression name not found');
    const modifier = keys[0]!;
    if (modifier !== 'equals-ignore-case' && modifier !== 'prefix' && modifier !== 'suffix' && modifier !== 'wildcard') {
      invalidPattern(`Unsupported anything-but pattern: ${modifier}`);
    }
    const inner = (spec as Record<string, unknown>)[modifier];
    if (!isValueShape(inner)) invalidPattern(VALUE_SHAPE);
    const test = modifiedAnythingBut(modifier, inner as string | number | unknown[]);
    if (keys.length > 1) invalidPattern(TOO_MANY);
    return test;
  }
  if (!isValueShape(spec)) invalidPattern(VALUE_SHAPE);
  return plainAnythingBut(spec as string | number | unknown[]);
}
