import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_ITEM_SIZE, attributeSize, attributeValueSize, itemSize, numberSize } from './item-size.js';

describe('numberSize', () => {
  const cases: [string, number][] = [
    ['0', 1],
    ['-0.000', 1],
    ['1', 2],
    ['99', 2],
    ['100', 2], // trailing zero pairs are not stored
    ['1000000', 2],
    ['12000', 3], // 1|20|00: pairs align on the decimal point
    ['123', 3],
    ['1.5', 3], // 1.|50
    ['0.5', 2],
    ['0.01', 2],
    ['0.001', 2],
    ['10.5', 3],
    ['-1', 3], // negative numbers take one more byte
    ['-1.5', 4],
    ['1E-130', 2],
    ['-1E-130', 3],
    ['12345678901234567890123456789012345678', 20],
    ['9.9999999999999999999999999999999999999E+125', 20], // 9|99|…: 19 pairs
    ['1.2345678901234567890123456789012345678', 21], // 1.|23|…|78|: 20 pairs
    ['-1.2345678901234567890123456789012345678', 21], // capped at 21 bytes
    ['-0.12345678901234567890123456789012345678', 21],
  ];
  for (const [text, size] of cases) {
    it(`${text} takes ${size} bytes`, () => assert.equal(numberSize(text), size));
  }
});

describe('attributeValueSize', () => {
  it('counts strings as UTF-8 bytes', () => {
    assert.equal(attributeValueSize({ S: '' }), 0);
    assert.equal(attributeValueSize({ S: 'abc' }), 3);
    assert.equal(attributeValueSize({ S: 'é' }), 2);
    assert.equal(attributeValueSize({ S: '€' }), 3);
    assert.equal(attributeValueSize({ S: '😀' }), 4);
  });

  it('counts binaries as raw bytes, not base64 characters', () => {
    assert.equal(attributeValueSize({ B: '' }), 0);
    assert.equal(attributeValueSize({ B: 'AQ==' }), 1);
    assert.equal(attributeValueSize({ B: 'AQI=' }), 2);
    assert.equal(attributeValueSize({ B: 'AQID' }), 3);
    assert.equal(attributeValueSize({ B: Buffer.alloc(1000).toString('base64') }), 1000);
  });

  it('counts NULL and BOOL as one byte', () => {
    assert.equal(attributeValueSize({ NULL: true }), 1);
    assert.equal(attributeValueSize({ BOOL: false }), 1);
  });

  it('sums set elements without overhead', () => {
    assert.equal(attributeValueSize({ SS: ['a', 'bc', 'é'] }), 5);
    assert.equal(attributeValueSize({ NS: ['1', '-1.5', '0'] }), 2 + 4 + 1);
    assert.equal(attributeValueSize({ BS: ['AQ==', 'AQID'] }), 4);
  });

  it('adds 3 bytes per list or map and 1 byte per element', () => {
    assert.equal(attributeValueSize({ L: [] }), 3);
    assert.equal(attributeValueSize({ M: {} }), 3);
    assert.equal(attributeValueSize({ L: [{ S: 'ab' }, { NULL: true }] }), 3 + (1 + 2) + (1 + 1));
    assert.equal(attributeValueSize({ M: { ab: { S: 'cde' } } }), 3 + 1 + 2 + 3);
    assert.equal(attributeValueSize({ M: { x: { L: [{ M: {} }] } } }), 3 + 1 + 1 + (3 + 1 + 3));
  });
});

describe('itemSize', () => {
  it('adds UTF-8 names to values', () => {
    assert.equal(attributeSize('id', { S: 'abc' }), 5);
    assert.equal(attributeSize('€', { N: '1' }), 5);
    assert.equal(itemSize({}), 0);
    assert.equal(itemSize({ id: { S: 'abc' }, n: { N: '12' }, m: { M: { b: { BOOL: true } } } }), 5 + 3 + (1 + 3 + 1 + 1 + 1));
  });

  it('puts the limit at 400 KB', () => {
    assert.equal(MAX_ITEM_SIZE, 400 * 1024);
    assert.equal(itemSize({ a: { S: 'x'.repeat(MAX_ITEM_SIZE - 1) } }), MAX_ITEM_SIZE);
  });
});
