import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { compilePattern } from './compile-pattern.js';
import { InvalidEventPatternError } from './invalid-event-pattern-error.js';

const key = fc.constantFrom('a', 'b', 'c', 'detail', 'x.y', '$or');
const scalar = fc.oneof(fc.string({ maxLength: 6 }), fc.integer({ min: -5, max: 5 }), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null));
const operator = fc.oneof(
  fc.record({ prefix: fc.string({ maxLength: 3 }) }),
  fc.record({ suffix: fc.string({ maxLength: 3 }) }),
  fc.record({ 'equals-ignore-case': fc.string({ maxLength: 3 }) }),
  fc.record({ wildcard: fc.stringMatching(/^[a*]{0,4}$/) }),
  fc.record({ 'anything-but': fc.oneof(fc.string({ maxLength: 3 }), fc.array(fc.integer(), { minLength: 1, maxLength: 3 })) }),
  fc.record({ numeric: fc.oneof(fc.tuple(fc.constantFrom('=', '<', '<=', '>', '>='), fc.integer()), fc.tuple(fc.constant('>'), fc.integer(), fc.constant('<'), fc.integer())) }),
  fc.record({ exists: fc.boolean() }),
  fc.record({ cidr: fc.constantFrom('10.0.0.0/8', '::/1', '10.0.0.0', '1.2.3.4/40') }),
  fc.record({ unknown: scalar }),
);
/** Pattern-like JSON: mostly valid, sometimes not, so both paths of the compiler are exercised. */
const patternLike = fc.letrec((tie) => ({
  node: fc.dictionary(key, fc.oneof({ maxDepth: 3 }, fc.array(fc.oneof(scalar, operator), { maxLength: 3 }), tie('node'), tie('ors'), scalar), { maxKeys: 3 }),
  ors: fc.array(tie('node'), { minLength: 0, maxLength: 3 }),
})).node;

const validOperator = fc.oneof(
  fc.record({ prefix: fc.string({ maxLength: 3 }) }),
  fc.record({ suffix: fc.record({ 'equals-ignore-case': fc.string({ maxLength: 3 }) }) }),
  fc.record({ 'equals-ignore-case': fc.string({ maxLength: 3 }) }),
  fc.record({ wildcard: fc.stringMatching(/^(a|b|\*a|\*b)*\*?$/) }),
  fc.record({ 'anything-but': fc.oneof(fc.string({ maxLength: 3 }), fc.array(fc.integer(), { minLength: 1, maxLength: 3 })) }),
  fc.record({ numeric: fc.tuple(fc.constantFrom('=', '<', '<=', '>', '>='), fc.integer({ min: -5, max: 5 })) }),
  fc.record({ exists: fc.boolean() }),
  fc.record({ cidr: fc.constantFrom('10.0.0.0/8', '::/1') }),
);
const fieldName = fc.constantFrom('a', 'b', 'c', 'detail', 'x.y');
/** Patterns that compile: non-empty objects, non-empty leaf arrays, `$or` with two or three branches. */
function validPatternAt(depth: number): fc.Arbitrary<Record<string, unknown>> {
  const leafArray = fc.array(fc.oneof(scalar, validOperator), { minLength: 1, maxLength: 3 });
  const value = depth === 0 ? leafArray : fc.oneof(leafArray, leafArray, validPatternAt(depth - 1));
  const fields = fc.dictionary(fieldName, value, { minKeys: 1, maxKeys: 3 });
  if (depth === 0) return fields;
  const ors = fc.option(fc.array(validPatternAt(depth - 1), { minLength: 2, maxLength: 3 }), { freq: 3 });
  return fc.tuple(fields, ors).map(([object, branches]) => (branches ? { ...object, $or: branches } : object));
}
const validPattern = validPatternAt(2);

/** Events shaped like the patterns (same field names), so that matches actually happen. */
const event = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  fc.letrec((tie) => ({
    value: fc.oneof({ maxDepth: 3 }, scalar, fc.constantFrom('10.1.2.3', '::1', 'ab', 'aab'), fc.array(tie('value'), { maxLength: 3 }), tie('object')),
    object: fc.dictionary(fc.constantFrom('a', 'b', 'c', 'detail', 'x', 'y'), tie('value'), { maxKeys: 4 }),
  })).object,
);

function tryCompile(pattern: unknown) {
  try {
    return compilePattern(pattern as object);
  } catch (error) {
    assert.ok(error instanceof InvalidEventPatternError, `unexpected ${String(error)}`);
    return undefined;
  }
}

describe('pattern properties', () => {
  it('compiling only ever fails with InvalidEventPatternError, for arbitrary JSON too', () => {
    fc.assert(fc.property(fc.oneof(patternLike, fc.jsonValue()), (pattern) => {
      tryCompile(pattern);
      tryCompile(JSON.stringify(pattern));
    }), { numRuns: 500 });
  });

  it('compilation is deterministic: the same verdict and error, from the object or its JSON text', () => {
    fc.assert(fc.property(fc.oneof(validPattern, patternLike), fc.array(event, { maxLength: 5 }), (pattern, events) => {
      let first: ReturnType<typeof compilePattern> | undefined;
      let firstError: string | undefined;
      try { first = compilePattern(pattern); } catch (error) { firstError = (error as Error).message; }
      let second: ReturnType<typeof compilePattern> | undefined;
      let secondError: string | undefined;
      try { second = compilePattern(JSON.stringify(pattern)); } catch (error) { secondError = (error as Error).message; }
      assert.equal(secondError, firstError);
      if (first && second) {
        for (const candidate of events) assert.equal(second.matches(candidate), first.matches(candidate));
      }
    }), { numRuns: 500 });
  });

  it('matching never throws and returns a boolean on arbitrary JSON events', () => {
    fc.assert(fc.property(validPattern, fc.array(event, { minLength: 1, maxLength: 5 }), (pattern, events) => {
      const compiled = tryCompile(pattern);
      if (!compiled) return; // e.g. more than 1000 $or combinations
      for (const candidate of events) assert.equal(typeof compiled.matches(candidate), 'boolean');
    }), { numRuns: 500 });
  });

  it('an event matches the exact-value pattern built from its own top-level leaves, and not its anything-but', () => {
    const flat = fc.dictionary(fc.string({ minLength: 1, maxLength: 4 }).filter((k) => !k.includes('.') && k !== '$or'), scalar, { minKeys: 1, maxKeys: 4 });
    fc.assert(fc.property(flat, (record) => {
      const exact = Object.fromEntries(Object.entries(record).map(([k, v]) => [k, [v]]));
      assert.equal(compilePattern(exact).matches(record), true);
      for (const [k, v] of Object.entries(record)) {
        if (typeof v === 'string' || typeof v === 'number') {
          assert.equal(compilePattern({ [k]: [{ 'anything-but': v }] }).matches(record), false);
        }
      }
    }), { numRuns: 300 });
  });
});
