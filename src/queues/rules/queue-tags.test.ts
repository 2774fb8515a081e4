import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkTagKeys, checkTags, mergeTags } from './queue-tags.js';
import { SqsError } from './sqs-errors.js';

function refused(fn: () => unknown, code: string, message: string) {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof SqsError);
    assert.equal(e.code, code);
    assert.equal(e.message, message);
    return true;
  });
}
const many = (n: number, prefix = 'k') => Object.fromEntries(Array.from({ length: n }, (_, i) => [`${prefix}${i}`, 'v']));

describe('checkTags', () => {
  it('accepts up to 50 tags with keys of 1-128 and values of 0-256 characters', () => {
    assert.deepEqual(checkTags(undefined), {});
    assert.deepEqual(checkTags({ team: 'search', empty: '' }), { team: 'search', empty: '' });
    assert.equal(Object.keys(checkTags(many(50))).length, 50);
    assert.deepEqual(checkTags({ ['k'.repeat(128)]: 'v'.repeat(256) }), { ['k'.repeat(128)]: 'v'.repeat(256) });
  });

  it('keeps a tag keyed __proto__ (it was silently dropped) or constructor', () => {
    const tags = checkTags(JSON.parse('{"__proto__":"x","constructor":"y"}'));
    assert.equal(JSON.stringify(tags), '{"__proto__":"x","constructor":"y"}');
    assert.equal(JSON.stringify(mergeTags({ a: 'b' }, tags)), '{"a":"b","__proto__":"x","constructor":"y"}');
  });

  it('refuses more than 50 tags', () => {
    refused(() => checkTags(many(51)), 'InvalidParameterValue', 'A queue can have at most 50 tags.');
  });

  it('refuses bad keys and values', () => {
    refused(() => checkTags({ '': 'v' }), 'InvalidParameterValue', 'Tag keys must be between 1 and 128 characters in length.');
    refused(() => checkTags({ ['k'.repeat(129)]: 'v' }), 'InvalidParameterValue', 'Tag keys must be between 1 and 128 characters in length.');
    refused(() => checkTags({ k: 'v'.repeat(257) }), 'InvalidParameterValue', 'Tag values must be between 0 and 256 characters in length.');
    refused(() => checkTags({ k: 1 }), 'InvalidParameterValue', 'Tag values must be between 0 and 256 characters in length.');
    refused(() => checkTags(['k']), 'InvalidParameterValue', 'Tags must be a map of tag keys to tag values.');
  });
});

describe('mergeTags', () => {
  it('overwrites existing keys and counts the result', () => {
    assert.deepEqual(mergeTags({ a: '1', b: '2' }, { b: '3', c: '4' }), { a: '1', b: '3', c: '4' });
    assert.equal(Object.keys(mergeTags(many(40), many(10, 'x'))).length, 50);
    assert.equal(Object.keys(mergeTags(many(50), many(50))).length, 50);
    refused(() => mergeTags(many(40), many(11, 'x')), 'InvalidParameterValue', 'A queue can have at most 50 tags.');
  });
});

describe('checkTagKeys', () => {
  it('accepts a non-empty list of valid keys', () => {
    assert.deepEqual(checkTagKeys(['a', 'b']), ['a', 'b']);
  });
  it('refuses none or bad keys', () => {
    refused(() => checkTagKeys([]), 'MissingParameter', 'The request must contain the parameter TagKeys.');
    refused(() => checkTagKeys(undefined), 'MissingParameter', 'The request must contain the parameter TagKeys.');
    refused(() => checkTagKeys(['']), 'InvalidParameterValue', 'Tag keys must be between 1 and 128 characters in length.');
    refused(() => checkTagKeys([3]), 'InvalidParameterValue', 'Tag keys must be between 1 and 128 characters in length.');
  });
});
