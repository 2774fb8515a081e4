import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { compilePattern } from './compile-pattern.js';
import { InvalidEventPatternError } from './invalid-event-pattern-error.js';
import { event, patternLike, scalar, validPattern } from './fixtures/pattern-arbitraries.js';

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
