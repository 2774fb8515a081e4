import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AttributeMap } from '../values/attribute-value.js';
import { evaluateCondition } from './evaluate-condition.js';
import { conditionFromFilter, expectedCondition, keyConditionsFromLegacy } from './legacy-conditions.js';
import type { ExpectedAttributeValue, LegacyCondition } from './legacy-conditions.js';

const INVALID = 'One or more parameter values were invalid: ';
const ITEM: AttributeMap = { a: { N: '5' }, s: { S: 'hello' }, ss: { SS: ['x', 'y'] }, l: { L: [{ BOOL: true }] } };

const expected = (entries: Record<string, ExpectedAttributeValue>, op?: 'AND' | 'OR') => expectedCondition(entries, op);
const holds = (entries: Record<string, ExpectedAttributeValue>, item: AttributeMap | undefined = ITEM, op?: 'AND' | 'OR') =>
  evaluateCondition(expected(entries, op)!, item);

describe('expectedCondition: conversion', () => {
  it('treats {Value} as EQ and {Exists: false} as NULL', () => {
    assert.deepEqual(expected({ a: { Value: { N: '5' } } }), {
      kind: 'compare', op: '=', left: { kind: 'path', path: ['a'] }, right: { kind: 'value', value: { N: '5' } },
    });
    assert.deepEqual(expected({ a: { Exists: false } }), { kind: 'attribute_not_exists', path: ['a'] });
    assert.equal(holds({ a: { Exists: true, Value: { N: '5' } } }), true);
  });

  it('returns nothing for an empty Expected', () => {
    assert.equal(expected({}), undefined);
  });

  it('joins entries with AND by default, OR on request', () => {
    const entries = { a: { Value: { N: '5' } }, s: { Value: { S: 'nope' } } };
    assert.equal(holds(entries), false);
    assert.equal(holds(entries, ITEM, 'OR'), true);
  });

  it('does not split an attribute name on dots', () => {
    assert.deepEqual(expected({ 'a.b': { Exists: false } }), { kind: 'attribute_not_exists', path: ['a.b'] });
  });

  it('evaluates every comparison operator', () => {
    const cases: [ExpectedAttributeValue, boolean][] = [
      [{ ComparisonOperator: 'EQ', AttributeValueList: [{ N: '5.0' }] }, true],
      [{ ComparisonOperator: 'NE', AttributeValueList: [{ N: '5' }] }, false],
      [{ ComparisonOperator: 'LT', AttributeValueList: [{ N: '6' }] }, true],
      [{ ComparisonOperator: 'LE', AttributeValueList: [{ N: '4' }] }, false],
      [{ ComparisonOperator: 'GT', AttributeValueList: [{ N: '4' }] }, true],
      [{ ComparisonOperator: 'GE', AttributeValueList: [{ N: '6' }] }, false],
      [{ ComparisonOperator: 'BETWEEN', AttributeValueList: [{ N: '1' }, { N: '5' }] }, true],
      [{ ComparisonOperator: 'IN', AttributeValueList: [{ N: '1' }, { N: '5' }] }, true],
      [{ ComparisonOperator: 'NOT_NULL' }, true],
      [{ ComparisonOperator: 'NULL' }, false],
      [{ ComparisonOperator: 'LT', AttributeValueList: [{ S: '6' }] }, false],
    ];
    for (const [entry, result] of cases) assert.equal(holds({ a: entry }), result, JSON.stringify(entry));
  });

  it('CONTAINS and NOT_CONTAINS on strings, sets and lists', () => {
    assert.equal(holds({ s: { ComparisonOperator: 'CONTAINS', AttributeValueList: [{ S: 'ell' }] } }), true);
    assert.equal(holds({ ss: { ComparisonOperator: 'CONTAINS', AttributeValueList: [{ S: 'y' }] } }), true);
    assert.equal(holds({ l: { ComparisonOperator: 'CONTAINS', AttributeValueList: [{ BOOL: true }] } }), true);
    assert.equal(holds({ ss: { ComparisonOperator: 'NOT_CONTAINS', AttributeValueList: [{ S: 'z' }] } }), true);
    assert.equal(holds({ ss: { ComparisonOperator: 'NOT_CONTAINS', AttributeValueList: [{ S: 'x' }] } }), false);
  });

  it('NE is true and NOT_CONTAINS false when the attribute is missing', () => {
    assert.equal(holds({ q: { ComparisonOperator: 'NE', AttributeValueList: [{ S: 'x' }] } }), true);
    assert.equal(holds({ q: { ComparisonOperator: 'NOT_CONTAINS', AttributeValueList: [{ S: 'x' }] } }), false);
    assert.equal(holds({ q: { ComparisonOperator: 'NULL' } }, undefined), true);
  });

  it('BEGINS_WITH on strings', () => {
    assert.equal(holds({ s: { ComparisonOperator: 'BEGINS_WITH', AttributeValueList: [{ S: 'he' }] } }), true);
    assert.equal(holds({ s: { ComparisonOperator: 'BEGINS_WITH', AttributeValueList: [{ S: 'lo' }] } }), false);
  });
});

describe('expectedCondition: validation', () => {
  const cases: [string, ExpectedAttributeValue, string][] = [
    ['Exists with ComparisonOperator', { Exists: true, ComparisonOperator: 'EQ', Value: { S: 'a' } }, `${INVALID}Exists and ComparisonOperator cannot be used together for Attribute: a`],
    ['Value with AttributeValueList', { Value: { S: 'a' }, AttributeValueList: [{ S: 'a' }], ComparisonOperator: 'EQ' }, `${INVALID}Value and AttributeValueList cannot be used together for Attribute: a`],
    ['AttributeValueList without ComparisonOperator', { AttributeValueList: [{ S: 'a' }] }, `${INVALID}AttributeValueList can only be used with a ComparisonOperator for Attribute: a`],
    ['Value with Exists false', { Exists: false, Value: { S: 'a' } }, `${INVALID}Value cannot be used when Exists is false for Attribute: a`],
    ['an empty entry', {}, `${INVALID}Value must be provided when Exists is null for Attribute: a`],
    ['Exists true without Value', { Exists: true }, `${INVALID}Value must be provided when Exists is true for Attribute: a`],
    ['an operator without values', { ComparisonOperator: 'EQ' }, `${INVALID}Value or AttributeValueList must be used with ComparisonOperator: EQ for Attribute: a`],
    ['EQ with two values', { ComparisonOperator: 'EQ', AttributeValueList: [{ S: 'a' }, { S: 'b' }] }, `${INVALID}Invalid number of argument(s) for the EQ ComparisonOperator`],
    ['EQ with an empty list', { ComparisonOperator: 'EQ', AttributeValueList: [] }, `${INVALID}Invalid number of argument(s) for the EQ ComparisonOperator`],
    ['NULL with a value', { ComparisonOperator: 'NULL', AttributeValueList: [{ S: 'a' }] }, `${INVALID}Invalid number of argument(s) for the NULL ComparisonOperator`],
    ['BETWEEN with one value', { ComparisonOperator: 'BETWEEN', AttributeValueList: [{ N: '1' }] }, `${INVALID}Invalid number of argument(s) for the BETWEEN ComparisonOperator`],
    ['IN with mixed types', { ComparisonOperator: 'IN', AttributeValueList: [{ N: '1' }, { S: '1' }] }, `${INVALID}AttributeValues inside AttributeValueList must be of same type`],
    ['LT with a set', { ComparisonOperator: 'LT', AttributeValueList: [{ SS: ['a'] }] }, `${INVALID}ComparisonOperator LT is not valid for SS AttributeValue type`],
    ['BEGINS_WITH with a number', { ComparisonOperator: 'BEGINS_WITH', AttributeValueList: [{ N: '1' }] }, `${INVALID}ComparisonOperator BEGINS_WITH is not valid for N AttributeValue type`],
    ['CONTAINS with a list', { ComparisonOperator: 'CONTAINS', AttributeValueList: [{ L: [] }] }, `${INVALID}ComparisonOperator CONTAINS is not valid for L AttributeValue type`],
    ['BETWEEN reversed', { ComparisonOperator: 'BETWEEN', AttributeValueList: [{ N: '5' }, { N: '1' }] }, 'The BETWEEN condition was provided a range where the lower bound is greater than the upper bound'],
  ];
  for (const [title, entry, message] of cases) {
    it(`refuses ${title}`, () => assert.throws(() => expected({ a: entry }), { code: 'ValidationException', message }));
  }

  it('accepts EQ and NE with lists, maps and sets', () => {
    assert.ok(expected({ a: { ComparisonOperator: 'EQ', AttributeValueList: [{ M: {} }] }, b: { ComparisonOperator: 'NE', AttributeValueList: [{ SS: ['x'] }] } }));
  });
});

describe('conditionFromFilter and keyConditionsFromLegacy', () => {
  it('converts and evaluates a filter', () => {
    const filter: Record<string, LegacyCondition> = {
      a: { ComparisonOperator: 'GT', AttributeValueList: [{ N: '1' }] },
      s: { ComparisonOperator: 'NOT_NULL' },
    };
    assert.equal(evaluateCondition(conditionFromFilter(filter)!, ITEM), true);
    assert.equal(evaluateCondition(conditionFromFilter({ ...filter, x: { ComparisonOperator: 'NOT_NULL' } })!, ITEM), false);
    assert.equal(evaluateCondition(conditionFromFilter({ ...filter, x: { ComparisonOperator: 'NOT_NULL' } }, 'OR')!, ITEM), true);
    assert.equal(conditionFromFilter({}), undefined);
  });

  it('refuses bad filter arguments', () => {
    assert.throws(() => conditionFromFilter({ a: { ComparisonOperator: 'LE', AttributeValueList: [{ SS: ['a'] }] } }), {
      message: `${INVALID}ComparisonOperator LE is not valid for SS AttributeValue type`,
    });
    assert.throws(() => conditionFromFilter({ a: { ComparisonOperator: 'NE' } }), {
      message: `${INVALID}Invalid number of argument(s) for the NE ComparisonOperator`,
    });
  });

  it('turns KeyConditions into terms', () => {
    assert.deepEqual(
      keyConditionsFromLegacy({
        p: { ComparisonOperator: 'EQ', AttributeValueList: [{ S: 'x' }] },
        c: { ComparisonOperator: 'BETWEEN', AttributeValueList: [{ N: '1' }, { N: '2' }] },
      }),
      [
        { name: 'p', op: 'EQ', values: [{ S: 'x' }] },
        { name: 'c', op: 'BETWEEN', values: [{ N: '1' }, { N: '2' }] },
      ],
    );
  });

  it('refuses zero or more than eight KeyConditions (a multi-attribute GSI key takes up to eight)', () => {
    assert.throws(() => keyConditionsFromLegacy({}), { message: 'Conditions can be of length 1 or 2 only' });
    const nine = Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`a${i}`, { ComparisonOperator: 'NULL' }]));
    assert.throws(() => keyConditionsFromLegacy(nine as never), { message: 'Conditions can be of length 1 or 2 only' });
    const three = { a: { ComparisonOperator: 'NULL' }, b: { ComparisonOperator: 'NULL' }, c: { ComparisonOperator: 'NULL' } } as const;
    assert.equal(keyConditionsFromLegacy(three).length, 3);
  });
});
