import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { deletePolicy, firstPolicy, NO_POLICY, putPolicy, requirePolicy, type PolicyTarget } from './resource-policy.js';
import type { StoredPolicy } from './table-definition.js';

const target: PolicyTarget = { arn: 'arn:aws:dynamodb:us-east-1:000000000000:table/T', subject: 'table T' };
const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return [(error as { code: string }).code, (error as Error).message];
  }
  return undefined;
};

describe('resource policies', () => {
  it('revision ids only increase, even when the clock stands still or goes back', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 2_000_000_000_000 }), { minLength: 1, maxLength: 20 }), (clock) => {
        let policy: StoredPolicy | undefined;
        let previous = -1;
        clock.forEach((now, i) => {
          policy = putPolicy(policy, `{"v":${i}}`, undefined, now, target);
          assert.ok(Number(policy.revisionId) > previous);
          previous = Number(policy.revisionId);
        });
      }),
    );
  });

  it('the same document keeps its revision; a different one does not', () => {
    const first = firstPolicy('{"a":1}', 1000);
    assert.equal(putPolicy(first, '{"a":1}', undefined, 5000, target), first);
    assert.equal(putPolicy(first, '{"a": 1}', undefined, 5000, target).revisionId, '5000');
  });

  it('NO_POLICY and ExpectedRevisionId decide against the current policy', () => {
    const current = firstPolicy('{}', 7);
    assert.equal(putPolicy(undefined, '{}', NO_POLICY, 9, target).revisionId, '9');
    assert.deepEqual(code(() => putPolicy(current, '{"b":1}', NO_POLICY, 9, target)), [
      'PolicyNotFoundException',
      'Resource-based policy not found for the provided ResourceArn: Requested policy update expecting none to be present for table T, but a policy exists with revision id 7.',
    ]);
    assert.deepEqual(code(() => putPolicy(current, '{"b":1}', '6', 9, target)), [
      'PolicyNotFoundException',
      'Resource-based policy not found for the provided ResourceArn: Requested update for policy with revision id 6, but the policy associated to target table T has revision id 7.',
    ]);
    assert.equal(putPolicy(current, '{"b":1}', '7', 9, target).revisionId, '9');
  });

  it('deletes idempotently without a revision, checked with one', () => {
    assert.equal(deletePolicy(undefined, undefined, target), undefined);
    assert.equal(deletePolicy(firstPolicy('{}', 3), '3', target), '3');
    assert.deepEqual(code(() => deletePolicy(undefined, '3', target)), [
      'PolicyNotFoundException',
      `Resource-based policy not found for the provided ResourceArn: ${target.arn}`,
    ]);
    assert.deepEqual(code(() => requirePolicy(undefined, target))?.[0], 'PolicyNotFoundException');
  });
});
