import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KeyShape } from '../table-definition.js';
import type { AttributeValue } from '../values/attribute-value.js';
import { bindKeyCondition, keyConditionTerms, parseKeyCondition } from './key-condition.js';
import { ExpressionScope } from './scope.js';

const VALUES: Record<string, AttributeValue> = {
  ':p': { S: 'pk' },
  ':c': { N: '3' },
  ':c2': { N: '7' },
  ':s': { S: 'pre' },
};
const KEY: KeyShape = { partition: { name: 'p', type: 'S' }, sort: { name: 'c', type: 'N' } };

const terms = (text: string, names?: Record<string, string>) =>
  keyConditionTerms(parseKeyCondition(text, new ExpressionScope(names, VALUES)));

const shapeError = (text: string, message: string) =>
  assert.throws(() => terms(text), { code: 'ValidationException', message });

describe('parseKeyCondition + keyConditionTerms', () => {
  it('returns a partition equality', () => {
    assert.deepEqual(terms('p = :p'), [{ name: 'p', op: 'EQ', values: [{ S: 'pk' }] }]);
  });

  it('returns each sort-key operator', () => {
    const ops: [string, string][] = [['=', 'EQ'], ['<', 'LT'], ['<=', 'LE'], ['>', 'GT'], ['>=', 'GE']];
    for (const [symbol, op] of ops) {
      assert.deepEqual(terms(`p = :p AND c ${symbol} :c`)[1], { name: 'c', op, values: [{ N: '3' }] });
    }
    assert.deepEqual(terms('p = :p AND c BETWEEN :c AND :c2')[1], { name: 'c', op: 'BETWEEN', values: [{ N: '3' }, { N: '7' }] });
    assert.deepEqual(terms('p = :p AND begins_with(c, :s)')[1], { name: 'c', op: 'BEGINS_WITH', values: [{ S: 'pre' }] });
  });

  it('mirrors a comparison written value first', () => {
    assert.deepEqual(terms(':p = p AND :c < c'), [
      { name: 'p', op: 'EQ', values: [{ S: 'pk' }] },
      { name: 'c', op: 'GT', values: [{ N: '3' }] },
    ]);
  });

  it('accepts either order, parentheses and name placeholders', () => {
    assert.deepEqual(terms('(#c = :c) AND (#p = :p)', { '#p': 'p', '#c': 'c' }).map((t) => t.name), ['c', 'p']);
  });

  it('keeps the condition grammar errors, naming KeyConditionExpression', () => {
    assert.throws(() => terms('p = :p AND dog(c, :c)'), { message: 'Invalid KeyConditionExpression: Invalid function name; function: dog' });
    assert.throws(() => terms('p != :p'), { message: 'Invalid KeyConditionExpression: Syntax error; token: "!", near: "p !="' });
    assert.throws(() => terms(''), { message: 'Invalid KeyConditionExpression: The expression can not be empty;' });
    assert.throws(() => terms('((p = :p))'), { message: 'Invalid KeyConditionExpression: The expression has redundant parentheses;' });
    assert.throws(() => terms('p = :p AND begins_with(c, :c)'), {
      message: 'Invalid KeyConditionExpression: Incorrect operand type for operator or function; operator or function: begins_with, operand type: N',
    });
  });

  it('refuses OR, NOT, IN and <>', () => {
    shapeError('c = :c OR p = :p', 'Invalid operator used in KeyConditionExpression: OR');
    shapeError('NOT c = :c AND p = :p', 'Invalid operator used in KeyConditionExpression: NOT');
    shapeError('p = :p AND c IN (:c)', 'Invalid operator used in KeyConditionExpression: IN');
    shapeError('p = :p AND c <> :c', 'Invalid operator used in KeyConditionExpression: <>');
  });

  it('refuses condition functions other than begins_with', () => {
    shapeError('p = :p AND attribute_exists(c)', 'Invalid operator used in KeyConditionExpression: attribute_exists');
    shapeError('p = :p AND contains(c, :c)', 'Invalid operator used in KeyConditionExpression: contains');
  });

  it('refuses size(), nested paths, two names or none in one condition', () => {
    shapeError('p = :p AND size(c) = :c', 'KeyConditionExpressions cannot contain nested operations');
    shapeError('p = :p AND c.d < :c', 'KeyConditionExpressions cannot have conditions on nested attributes');
    shapeError('p = c', 'Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition');
    shapeError(':p = :c', 'Invalid condition in KeyConditionExpression: No key attribute specified');
  });

  it('refuses BETWEEN and begins_with whose first operand is not the key', () => {
    shapeError('p = :p AND :c BETWEEN c AND :c2', 'Invalid condition in KeyConditionExpression: BETWEEN operator must have the key attribute as its first operand');
    shapeError('p = :p AND begins_with(:s, c)', 'Invalid condition in KeyConditionExpression: begins_with operator must have the key attribute as its first operand');
  });

  it('refuses two conditions on one key and more than two conditions', () => {
    shapeError('p = :p AND p = :p', 'KeyConditionExpressions must only contain one condition per key');
    shapeError('p = :p AND c >= :c AND c <= :c2', 'KeyConditionExpressions must only contain one condition per key');
    // Up to eight parse (a multi-attribute GSI key has as many); binding counts them against the key.
    shapeError(Array.from({ length: 9 }, (_, i) => `a${i} = :p`).join(' AND '), 'Conditions can be of length 1 or 2 only');
    assert.throws(() => bindKeyCondition(terms('p = :p AND c < :c AND a < :c2'), KEY), { message: 'Conditions can be of length 1 or 2 only' });
  });
});

describe('bindKeyCondition', () => {
  it('binds partition and sort conditions to the key schema', () => {
    assert.deepEqual(bindKeyCondition(terms('c BETWEEN :c AND :c2 AND p = :p'), KEY), {
      partition: { name: 'p', value: { S: 'pk' } },
      sort: { name: 'c', op: 'BETWEEN', values: [{ N: '3' }, { N: '7' }] },
    });
    assert.deepEqual(bindKeyCondition(terms('p = :p'), KEY), { partition: { name: 'p', value: { S: 'pk' } } });
  });

  it('needs an equality on the partition key', () => {
    assert.throws(() => bindKeyCondition(terms('c = :c'), KEY), { message: 'Query condition missed key schema element: p' });
    assert.throws(() => bindKeyCondition(terms('p > :p'), KEY), { message: 'Query key condition not supported' });
  });

  it('refuses a second condition on a non-key attribute', () => {
    assert.throws(() => bindKeyCondition(terms('p = :p AND a < :c'), KEY), { message: 'Query condition missed key schema element: c' });
    const hashOnly: KeyShape = { partition: { name: 'p', type: 'S' } };
    assert.throws(() => bindKeyCondition(terms('p = :p AND a < :c'), hashOnly), { message: 'Query key condition not supported' });
  });

  it('refuses values of the wrong type', () => {
    assert.throws(() => bindKeyCondition(terms('p = :c'), KEY), {
      message: 'One or more parameter values were invalid: Condition parameter type does not match schema type',
    });
    assert.throws(() => bindKeyCondition(terms('p = :p AND c = :s'), KEY), {
      message: 'One or more parameter values were invalid: Condition parameter type does not match schema type',
    });
  });

  it('refuses sort-key operators a query cannot use (legacy KeyConditions)', () => {
    assert.throws(
      () => bindKeyCondition([{ name: 'p', op: 'EQ', values: [{ S: 'x' }] }, { name: 'c', op: 'NE', values: [{ N: '1' }] }], KEY),
      { message: 'Query key condition not supported' },
    );
  });
});
