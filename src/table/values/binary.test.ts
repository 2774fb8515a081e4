import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ServiceError } from '../../shared/service-error.js';
import { binaryLength, checkBase64, compareBinaries, decodeBinary } from './binary.js';

function serializationError(fn: () => unknown, message: string): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof ServiceError);
    assert.equal(error.type, 'com.amazon.coral.service#SerializationException');
    assert.equal(error.message, message);
    return true;
  });
}

describe('checkBase64', () => {
  it('accepts canonical padded base64, including the empty string', () => {
    for (const text of ['', 'Yg==', 'YQ==', 'YWI=', 'YWJj', 'AAECAwQF', '+/+/', 'aGVsbG8gd29ybGQ=']) checkBase64(text);
  });

  it('accepts whatever Buffer encodes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
      checkBase64(Buffer.from(bytes).toString('base64'));
    }));
  });

  it('rejects a length that is not a multiple of 4', () => {
    serializationError(() => checkBase64('23456'), 'Base64 encoded length is expected a multiple of 4 bytes but found: 5');
    serializationError(() => checkBase64('YQ'), 'Base64 encoded length is expected a multiple of 4 bytes but found: 2');
    serializationError(() => checkBase64('Yg='), 'Base64 encoded length is expected a multiple of 4 bytes but found: 3');
  });

  it('rejects misplaced padding and stray bits in the last character', () => {
    const message = 'Invalid last non-pad Base64 character dectected';
    serializationError(() => checkBase64('=+/='), message);
    serializationError(() => checkBase64('+/+='), message);
    serializationError(() => checkBase64('YR=='), message); // R = 17: low 4 bits set
    serializationError(() => checkBase64('YWJ='), message); // J = 9: low 2 bits set
    serializationError(() => checkBase64('===='), message);
    serializationError(() => checkBase64('Yg==Yg=='), message);
  });

  it('rejects characters outside the alphabet', () => {
    serializationError(() => checkBase64('ab!d'), "Invalid Base64 character: '!'");
    serializationError(() => checkBase64('ab d'), "Invalid Base64 character: ' '");
    serializationError(() => checkBase64('ab-_'), "Invalid Base64 character: '-'"); // base64url is not accepted
  });
});

describe('binary helpers', () => {
  it('decodes, measures and orders raw bytes', () => {
    assert.deepEqual([...decodeBinary('AAEC')], [0, 1, 2]);
    assert.equal(binaryLength(''), 0);
    assert.equal(binaryLength('Yg=='), 1);
    assert.equal(binaryLength('YWI='), 2);
    assert.equal(compareBinaries('AA==', '/w=='), -1);
    assert.equal(compareBinaries('AAE=', 'AA=='), 1);
    assert.equal(compareBinaries('Yg==', 'Yg=='), 0);
  });
});
