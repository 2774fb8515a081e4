import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { jsonDepthExceeds, mayExceedDepth } from './json-depth.js';

/** The nesting depth, recursively: the reference the iterative check must agree with. */
function depthOf(value: unknown): number {
  if (value === null || typeof value !== 'object') return 0;
  const children = Array.isArray(value) ? value : Object.values(value);
  return 1 + Math.max(0, ...children.map(depthOf));
}

describe('jsonDepthExceeds', () => {
  it('agrees with the recursive depth for every limit', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 8 }), fc.integer({ min: 0, max: 10 }), (value, limit) => {
        assert.equal(jsonDepthExceeds(value, limit), depthOf(value) > limit);
      }),
    );
  });

  it('walks a million levels without overflowing the stack', () => {
    const text = `${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}`;
    assert.equal(jsonDepthExceeds(JSON.parse(text)), true);
    assert.equal(jsonDepthExceeds(JSON.parse(`${'{"a":'.repeat(1000)}1${'}'.repeat(1000)}`)), false);
    assert.equal(jsonDepthExceeds(JSON.parse(`${'{"a":'.repeat(1001)}1${'}'.repeat(1001)}`)), true);
  });

  it('says which texts are too short to nest past the limit', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 8 }), fc.integer({ min: 0, max: 10 }), (value, limit) => {
        if (!mayExceedDepth(JSON.stringify(value).length, limit)) assert.equal(jsonDepthExceeds(value, limit), false);
      }),
    );
  });
});
