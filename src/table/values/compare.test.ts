import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { compareStrings, compareValues, valuesEqual } from './compare.js';

const b64 = (bytes: number[]) => Buffer.from(bytes).toString('base64');

describe('compareValues', () => {
  it('orders strings by UTF-8 bytes, not UTF-16 code units', () => {
    assert.equal(compareValues({ S: 'a' }, { S: 'b' }), -1);
    assert.equal(compareValues({ S: 'b' }, { S: 'a' }), 1);
    assert.equal(compareValues({ S: 'abc' }, { S: 'abc' }), 0);
    assert.equal(compareValues({ S: 'ab' }, { S: 'abc' }), -1);
    assert.equal(compareValues({ S: '' }, { S: 'a' }), -1);
    assert.equal(compareValues({ S: 'Z' }, { S: 'a' }), -1);
    // U+FFFF is EF BF BF, U+10000 is F0 90 80 80: UTF-8 puts U+FFFF first although its UTF-16 unit is larger.
    assert.equal(compareValues({ S: '\uffff' }, { S: '\u{10000}' }), -1);
    assert.equal(compareValues({ S: '\u{1F600}' }, { S: '\ue000' }), 1);
  });

  it('agrees with Buffer.compare of the UTF-8 encodings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'grapheme' }), (a, b) => {
        assert.equal(compareStrings(a, b), Math.sign(Buffer.compare(Buffer.from(a), Buffer.from(b))));
      }),
    );
  });

  it('orders numbers numerically across forms and signs', () => {
    assert.equal(compareValues({ N: '10' }, { N: '9' }), 1);
    assert.equal(compareValues({ N: '-10' }, { N: '-9' }), -1);
    assert.equal(compareValues({ N: '1.0' }, { N: '1' }), 0);
    assert.equal(compareValues({ N: '1e2' }, { N: '100' }), 0);
    assert.equal(compareValues({ N: '-0' }, { N: '0' }), 0);
    assert.equal(compareValues({ N: '0.001' }, { N: '-1000' }), 1);
    assert.equal(
      compareValues({ N: '12345678901234567890123456789012345678' }, { N: '12345678901234567890123456789012345679' }),
      -1,
    );
  });

  it('orders binaries by unsigned bytes', () => {
    assert.equal(compareValues({ B: b64([1]) }, { B: b64([0xff]) }), -1);
    assert.equal(compareValues({ B: b64([0x80]) }, { B: b64([0x7f]) }), 1);
    assert.equal(compareValues({ B: b64([1, 2]) }, { B: b64([1]) }), 1);
    assert.equal(compareValues({ B: b64([1, 2]) }, { B: b64([1, 2]) }), 0);
  });

  it('is undefined across types and for non-scalar types', () => {
    assert.equal(compareValues({ S: '1' }, { N: '1' }), undefined);
    assert.equal(compareValues({ B: b64([1]) }, { S: 'AQ==' }), undefined);
    assert.equal(compareValues({ BOOL: true }, { BOOL: true }), undefined);
    assert.equal(compareValues({ NULL: true }, { NULL: true }), undefined);
    assert.equal(compareValues({ SS: ['a'] }, { SS: ['a'] }), undefined);
    assert.equal(compareValues({ L: [] }, { L: [] }), undefined);
    assert.equal(compareValues({ M: {} }, { M: {} }), undefined);
  });
});

describe('valuesEqual', () => {
  it('compares scalars by value', () => {
    assert.equal(valuesEqual({ S: 'a' }, { S: 'a' }), true);
    assert.equal(valuesEqual({ S: 'a' }, { S: 'A' }), false);
    assert.equal(valuesEqual({ N: '1' }, { N: '1.00' }), true);
    assert.equal(valuesEqual({ N: '1' }, { N: '1.01' }), false);
    assert.equal(valuesEqual({ B: 'AQ==' }, { B: 'AQ' }), true); // same bytes, padding aside
    assert.equal(valuesEqual({ B: 'AQ==' }, { B: 'Ag==' }), false);
    assert.equal(valuesEqual({ BOOL: false }, { BOOL: false }), true);
    assert.equal(valuesEqual({ BOOL: false }, { BOOL: true }), false);
    assert.equal(valuesEqual({ NULL: true }, { NULL: true }), true);
  });

  it('never equates different types', () => {
    assert.equal(valuesEqual({ S: '1' }, { N: '1' }), false);
    assert.equal(valuesEqual({ SS: ['1'] }, { NS: ['1'] }), false);
    assert.equal(valuesEqual({ L: [] }, { M: {} }), false);
    assert.equal(valuesEqual({ NULL: true }, { BOOL: false }), false);
  });

  it('compares sets regardless of order, numbers by value', () => {
    assert.equal(valuesEqual({ SS: ['a', 'b'] }, { SS: ['b', 'a'] }), true);
    assert.equal(valuesEqual({ SS: ['a', 'b'] }, { SS: ['a'] }), false);
    assert.equal(valuesEqual({ SS: ['a', 'b'] }, { SS: ['a', 'c'] }), false);
    assert.equal(valuesEqual({ NS: ['1', '2.50'] }, { NS: ['2.5', '1e0'] }), true);
    assert.equal(valuesEqual({ NS: ['1', '2'] }, { NS: ['1', '3'] }), false);
    assert.equal(valuesEqual({ BS: ['AQ==', 'Ag=='] }, { BS: ['Ag==', 'AQ=='] }), true);
    assert.equal(valuesEqual({ BS: ['AQ=='] }, { BS: ['Ag=='] }), false);
  });

  it('compares lists in order and maps by key, deeply', () => {
    assert.equal(valuesEqual({ L: [{ S: 'a' }, { N: '1' }] }, { L: [{ S: 'a' }, { N: '1.0' }] }), true);
    assert.equal(valuesEqual({ L: [{ S: 'a' }, { N: '1' }] }, { L: [{ N: '1' }, { S: 'a' }] }), false);
    assert.equal(valuesEqual({ L: [{ S: 'a' }] }, { L: [{ S: 'a' }, { S: 'a' }] }), false);
    assert.equal(
      valuesEqual({ M: { x: { M: { y: { NS: ['1', '2'] } } }, z: { NULL: true } } }, {
        M: { z: { NULL: true }, x: { M: { y: { NS: ['2', '1'] } } } },
      }),
      true,
    );
    assert.equal(valuesEqual({ M: { x: { S: 'a' } } }, { M: { y: { S: 'a' } } }), false);
    assert.equal(valuesEqual({ M: { x: { S: 'a' } } }, { M: { x: { S: 'a' }, y: { S: 'b' } } }), false);
    assert.equal(valuesEqual({ M: {} }, { M: {} }), true);
  });
});
