import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KeyShape } from '../table-definition.js';
import type { AttributeValue } from '../values/attribute-value.js';
import { bindKeyCondition, keyConditionTerms, parseKeyCondition } from './key-condition.js';
import { ExpressionScope } from './scope.js';

const VALUES: Record<string, AttributeValue> = {
  ':t': { S: 'WINTER' },
  ':r': { S: 'EU' },
  ':round': { N: '2' },
  ':b': { S: 'UPPER' },
  ':m': { S: 'm-1' },
  ':n': { N: '1' },
};
// Partition (t, r); sort (round N, b S, m S): the developer guide's TournamentRegionIndex, typed.
const KEY: KeyShape = {
  partition: { name: 't', type: 'S' },
  sort: { name: 'round', type: 'N' },
  partitionAttributes: [{ name: 't', type: 'S' }, { name: 'r', type: 'S' }],
  sortAttributes: [{ name: 'round', type: 'N' }, { name: 'b', type: 'S' }, { name: 'm', type: 'S' }],
};
const bind = (text: string) => bindKeyCondition(keyConditionTerms(parseKeyCondition(text, new ExpressionScope(undefined, VALUES))), KEY);
const fails = (text: string, message: string) => assert.throws(() => bind(text), { code: 'ValidationException', message });

describe('bindKeyCondition on a multi-attribute key', () => {
  it('binds every partition attribute, in KeySchema order whatever the expression order', () => {
    assert.deepEqual(bind('r = :r AND t = :t'), {
      partition: { name: 't', value: { S: 'WINTER' } },
      partitionValues: [{ S: 'WINTER' }, { S: 'EU' }],
    });
  });

  it('binds a sort prefix of equalities and a range on the last attribute used', () => {
    assert.deepEqual(bind('t = :t AND r = :r AND round = :round AND b BETWEEN :b AND :m'), {
      partition: { name: 't', value: { S: 'WINTER' } },
      partitionValues: [{ S: 'WINTER' }, { S: 'EU' }],
      sortPrefix: [{ N: '2' }],
      sort: { name: 'b', op: 'BETWEEN', values: [{ S: 'UPPER' }, { S: 'm-1' }] },
    });
    assert.deepEqual(bind('begins_with(b, :b) AND round = :round AND t = :t AND r = :r').sort, { name: 'b', op: 'BEGINS_WITH', values: [{ S: 'UPPER' }] });
    assert.deepEqual(bind('t = :t AND r = :r AND round = :round AND b = :b AND m = :m').sortPrefix, [{ N: '2' }, { S: 'UPPER' }]);
  });

  it('needs every partition attribute, with equality', () => {
    fails('t = :t', 'Query condition missed key schema element: r');
    fails('t = :t AND round = :round', 'Query condition missed key schema element: r');
    fails('t = :t AND r > :r', 'Query key condition not supported');
  });

  it('refuses a skipped sort attribute, naming it', () => {
    fails('t = :t AND r = :r AND b = :b', 'Query condition missed key schema element: round');
    fails('t = :t AND r = :r AND round = :round AND m = :m', 'Query condition missed key schema element: b');
  });

  it('refuses a condition after an inequality, and two inequalities', () => {
    fails('t = :t AND r = :r AND round > :round AND b = :b', 'Query key condition not supported');
    fails('t = :t AND r = :r AND round > :round AND b > :b', 'Query key condition not supported');
    fails('t = :t AND r = :r AND begins_with(b, :b) AND round = :n AND m = :m', 'Query key condition not supported');
  });

  it('refuses a condition on a non-key attribute and values of the wrong type', () => {
    fails('t = :t AND r = :r AND x = :b', 'Query condition missed key schema element: round');
    fails('t = :t AND r = :r AND round = :b', 'One or more parameter values were invalid: Condition parameter type does not match schema type');
    fails('t = :n AND r = :r', 'One or more parameter values were invalid: Condition parameter type does not match schema type');
  });
});
