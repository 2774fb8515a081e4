import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeValue } from './expression-errors.js';

describe('describeValue', () => {
  it('renders scalars as DynamoDB does', () => {
    assert.equal(describeValue({ N: '5' }), 'AttributeValue: {N:5}');
    assert.equal(describeValue({ S: 'x' }), 'AttributeValue: {S:x}');
    assert.equal(describeValue({ BOOL: true }), 'AttributeValue: {BOOL:true}');
  });

  it('renders lists, sets and maps member by member', () => {
    assert.equal(
      describeValue({ L: [{ N: '1' }, { M: { a: { SS: ['p', 'q'] } } }] }),
      'AttributeValue: {L:[AttributeValue: {N:1}, AttributeValue: {M:{a=AttributeValue: {SS:[p, q]}}}]}',
    );
  });

  it("never calls a map's own toString or valueOf member (it used to throw, a 500)", () => {
    const value = JSON.parse('{"M":{"constructor":{"S":"x"},"toString":{"N":"1"},"valueOf":{"L":[]}}}') as { M: object };
    assert.equal(
      describeValue(value),
      'AttributeValue: {M:{constructor=AttributeValue: {S:x}, toString=AttributeValue: {N:1}, valueOf=AttributeValue: {L:[]}}}',
    );
  });

  it('cuts a long value after 1,024 characters, however many members it has', () => {
    assert.equal(describeValue({ S: 'y'.repeat(5000) }), `${`AttributeValue: {S:${'y'.repeat(5000)}`.slice(0, 1024)}...`);
    const wide = { M: Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`k${i}`, { N: String(i) }])) };
    const text = describeValue(wide);
    assert.equal(text.length, 1027);
    assert.ok(text.startsWith('AttributeValue: {M:{k0=AttributeValue: {N:0}, k1='));
  });
});
