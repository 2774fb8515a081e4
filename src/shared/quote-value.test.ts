import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { MAX_QUOTED_CHARS, quoteValue } from './quote-value.js';

describe('quoteValue', () => {
  it('is JSON.stringify for values that fit', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (value) => {
        const json = JSON.stringify(value);
        fc.pre(json.length <= MAX_QUOTED_CHARS);
        assert.equal(quoteValue(value), json);
      }),
    );
  });

  it('cuts what does not fit after max characters, marked with ...', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), fc.integer({ min: 1, max: 40 }), (value, max) => {
        const json = JSON.stringify(value);
        const quoted = quoteValue(value, { max });
        assert.equal(quoted, json.length <= max ? json : `${json.slice(0, max)}...`);
      }),
    );
  });

  it('quotes lists the DynamoDB constraint way: [a, b], structures as JSON', () => {
    assert.equal(quoteValue(['a', 'b', ['c', 1]], { style: 'list' }), '[a, b, [c, 1]]');
    assert.equal(quoteValue([{ S: 'x' }, null], { style: 'list' }), '[{"S":"x"}, null]');
    assert.equal(quoteValue('plain', { style: 'list' }), 'plain');
  });

  it('costs no more than the quote for huge and deep values', () => {
    const huge = 'x'.repeat(15 * 1024 * 1024);
    assert.equal(quoteValue(huge).length, MAX_QUOTED_CHARS + 3);
    let deep: unknown = 1;
    for (let i = 0; i < 200_000; i++) deep = { a: deep };
    assert.equal(quoteValue(deep, { max: 20 }), '{"a":{"a":{"a":{"a":...');
    let arrays: unknown = [];
    for (let i = 0; i < 200_000; i++) arrays = [arrays];
    assert.equal(quoteValue(arrays, { max: 5, style: 'list' }), '[[[[[...');
  });
});
