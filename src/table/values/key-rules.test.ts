import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ServiceError } from '../../shared/service-error.js';
import type { AttributeValue } from './attribute-value.js';
import { checkIndexKeyValue, checkItemKeyAttribute, checkKeyValue, keyValueSize } from './key-rules.js';

function fails(fn: () => unknown, message: string): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof ServiceError);
    assert.equal(error.code, 'ValidationException');
    assert.equal(error.message, message);
    return true;
  });
}

const b64 = (n: number) => Buffer.alloc(n, 7).toString('base64');

describe('checkKeyValue', () => {
  it('accepts values of the declared type', () => {
    checkKeyValue('userId', { S: 'a' }, 'S', true);
    checkKeyValue('n', { N: '0' }, 'N', true);
    checkKeyValue('b', { B: 'Yg==' }, 'B', false);
  });

  it('rejects another type, naming both', () => {
    const others: AttributeValue[] = [
      { B: 'abcd' }, { N: '1' }, { BOOL: true }, { NULL: true }, { SS: ['a'] }, { NS: ['1'] }, { BS: ['aaaa'] }, { M: {} }, { L: [] },
    ];
    for (const value of others) {
      fails(() => checkKeyValue('userId', value, 'S', true), `One or more parameter values were invalid: Type mismatch for key userId expected: S actual: ${Object.keys(value)[0]}`);
    }
    fails(() => checkKeyValue('sk', { S: '1' }, 'N', false), 'One or more parameter values were invalid: Type mismatch for key sk expected: N actual: S');
  });

  it('rejects empty strings and binaries, worded per type', () => {
    fails(() => checkKeyValue('userId', { S: '' }, 'S', true), 'One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: userId');
    fails(() => checkKeyValue('sk', { S: '' }, 'S', false), 'One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: sk');
    fails(() => checkKeyValue('b', { B: '' }, 'B', false), 'One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty binary value. Key: b');
  });

  it('limits a partition key to 2048 bytes', () => {
    checkKeyValue('pk', { S: 'a'.repeat(2048) }, 'S', true);
    checkKeyValue('pk', { B: b64(2048) }, 'B', true);
    const message = 'One or more parameter values were invalid: Size of hashkey has exceeded the maximum size limit of2048 bytes';
    fails(() => checkKeyValue('pk', { S: 'a'.repeat(2049) }, 'S', true), message);
    fails(() => checkKeyValue('pk', { S: 'é'.repeat(1025) }, 'S', true), message); // 2050 UTF-8 bytes, 1025 characters
    fails(() => checkKeyValue('pk', { B: b64(2049) }, 'B', true), message);
  });

  it('limits a sort key to 1024 bytes', () => {
    checkKeyValue('sk', { S: 'a'.repeat(1024) }, 'S', false);
    const message = 'One or more parameter values were invalid: Aggregated size of all range keys has exceeded the size limit of 1024 bytes';
    fails(() => checkKeyValue('sk', { S: 'a'.repeat(1025) }, 'S', false), message);
    fails(() => checkKeyValue('sk', { B: b64(1025) }, 'B', false), message);
    checkKeyValue('sk', { N: '9.9999999999999999999999999999999999999e125' }, 'N', false);
  });
});

describe('keyValueSize', () => {
  it('counts UTF-8 bytes and raw bytes', () => {
    assert.equal(keyValueSize({ S: '€' }), 3);
    assert.equal(keyValueSize({ B: b64(5) }), 5);
    assert.equal(keyValueSize({ N: '12345' }), 0);
  });
});

describe('checkItemKeyAttribute', () => {
  it('requires the key in the item', () => {
    fails(() => checkItemKeyAttribute({}, 'a', 'S', true), 'One or more parameter values were invalid: Missing the key a in the item');
    fails(() => checkItemKeyAttribute({ b: { S: 'a' } }, 'a', 'S', true), 'One or more parameter values were invalid: Missing the key a in the item');
  });

  it('then applies the key value rules', () => {
    checkItemKeyAttribute({ a: { S: 'x' } }, 'a', 'S', true);
    fails(() => checkItemKeyAttribute({ a: { N: '1' } }, 'a', 'S', true), 'One or more parameter values were invalid: Type mismatch for key a expected: S actual: N');
  });
});

describe('checkIndexKeyValue', () => {
  it('accepts values of the declared type', () => {
    checkIndexKeyValue('gsi1', 'c', { S: 'x' }, 'S');
    checkIndexKeyValue('gsi1', 'c', { N: '0' }, 'N');
  });

  it('rejects another type, naming the index', () => {
    fails(() => checkIndexKeyValue('index1', 'c', { N: '1' }, 'S'), 'One or more parameter values were invalid: Type mismatch for Index Key c Expected: S Actual: N IndexName: index1');
  });

  it('rejects empty strings and binaries, naming the index', () => {
    fails(() => checkIndexKeyValue('gsi1', 'lsi1sk', { S: '' }, 'S'), 'One or more parameter values are not valid. A value specified for a secondary index key is not supported. The AttributeValue for a key attribute cannot contain an empty string value. IndexName: gsi1, IndexKey: lsi1sk');
    fails(() => checkIndexKeyValue('gsib', 'bidx', { B: '' }, 'B'), 'One or more parameter values are not valid. A value specified for a secondary index key is not supported. The AttributeValue for a key attribute cannot contain an empty binary value. IndexName: gsib, IndexKey: bidx');
  });
});
