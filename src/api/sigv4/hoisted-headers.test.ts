import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { hoistedHeader } from './hoisted-headers.js';

describe('hoistedHeader', () => {
  it('reads a header hoisted into a presigned query, in any letter case', () => {
    const presigned = 'X-Amz-Algorithm=AWS4-HMAC-SHA256&x-amz-target=DynamoDB_20120810.ListTables';
    assert.equal(hoistedHeader(new URLSearchParams(presigned), 'X-Amz-Target'), 'DynamoDB_20120810.ListTables');
    assert.equal(hoistedHeader(new URLSearchParams(presigned.replace('x-amz-target', 'X-Amz-Target')), 'x-amz-target'), 'DynamoDB_20120810.ListTables');
    assert.equal(hoistedHeader(new URLSearchParams('X-Amz-Algorithm=AWS4-HMAC-SHA256'), 'x-amz-target'), undefined);
  });

  it('reads nothing from a query that is not presigned', () => {
    assert.equal(hoistedHeader(new URLSearchParams('X-Amz-Target=DynamoDB_20120810.ListTables'), 'x-amz-target'), undefined);
  });
});
