import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ServiceError } from '../../shared/service-error.js';
import type { AttributeMap } from '../values/attribute-value.js';
import {
  EMPTY_ATTRIBUTE_NAME,
  attributesToGetPaths,
  checkConditionalOperator,
  checkExpressionNamesNotEmpty,
  checkUpdateNames,
  normalizeNamedItem,
} from './attribute-names.js';

function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof ServiceError, `expected a ServiceError, got ${String(error)}`);
    assert.equal(error.code, 'ValidationException');
    return error.message;
  }
  assert.fail('expected an error');
}

describe('normalizeNamedItem', () => {
  it('keeps an item whose names are all non-empty, numbers made canonical', () => {
    assert.deepEqual(normalizeNamedItem({ a: { N: '01.50' }, m: { M: { b: { L: [{ M: { c: { S: '' } } }] } } } }), {
      a: { N: '1.5' },
      m: { M: { b: { L: [{ M: { c: { S: '' } } }] } } },
    });
  });

  const withEmpty: Record<string, AttributeMap> = {
    'at the top': { a: { S: 'x' }, '': { S: 'x' } },
    'in a map': { m: { M: { '': { N: '1' } } } },
    'in a map in a list': { l: { L: [{ S: 'x' }, { M: { k: { M: { '': { NULL: true } } } } }] } },
  };
  for (const [where, item] of Object.entries(withEmpty)) {
    it(`refuses an empty name ${where}`, () => assert.equal(messageOf(() => normalizeNamedItem(item)), EMPTY_ATTRIBUTE_NAME));
  }

  it('reports a bad value before an empty name', () =>
    assert.match(messageOf(() => normalizeNamedItem({ '': { S: 'x' }, n: { N: 'x1' } })), /numeric value/));
});

describe('attributesToGetPaths', () => {
  it('gives one path per name', () => assert.deepEqual(attributesToGetPaths(['a', 'b.c']), [['a'], ['b.c']]));

  it('checks each name in turn: empty, too large, repeated', () => {
    assert.equal(messageOf(() => attributesToGetPaths(['a', ''])), EMPTY_ATTRIBUTE_NAME);
    assert.match(messageOf(() => attributesToGetPaths(['a', 'n'.repeat(65_536)])), /less than 65536 bytes$/);
    assert.equal(
      messageOf(() => attributesToGetPaths(['a', 'b', 'a', ''])),
      'One or more parameter values were invalid: Duplicate value in attribute name: a',
    );
    assert.equal(messageOf(() => attributesToGetPaths(['a', '', 'a'])), EMPTY_ATTRIBUTE_NAME);
  });
});

describe('checkUpdateNames', () => {
  it('refuses an update of the attribute named ""', () => {
    checkUpdateNames({ a: {} });
    assert.equal(messageOf(() => checkUpdateNames({ a: {}, '': {} })), EMPTY_ATTRIBUTE_NAME);
  });
});

describe('checkExpressionNamesNotEmpty', () => {
  it('names the placeholder of the empty name', () => {
    checkExpressionNamesNotEmpty({});
    checkExpressionNamesNotEmpty({ ExpressionAttributeNames: { '#a': 'a' } });
    assert.equal(
      messageOf(() => checkExpressionNamesNotEmpty({ ExpressionAttributeNames: { '#a': 'a', '#b': '' } })),
      'ExpressionAttributeNames contains invalid value: Empty attribute name for key #b',
    );
  });

  it('lets the maps’ own checks answer first', () => {
    assert.match(messageOf(() => checkExpressionNamesNotEmpty({ ExpressionAttributeNames: { b: '' } })), /invalid key: Syntax error; key: "b"/);
    assert.match(
      messageOf(() => checkExpressionNamesNotEmpty({ ExpressionAttributeNames: { '#b': '' }, ExpressionAttributeValues: {} })),
      /^ExpressionAttributeValues must not be empty$/,
    );
  });
});

describe('checkConditionalOperator', () => {
  it('needs two or more conditions', () => {
    checkConditionalOperator(undefined, undefined);
    checkConditionalOperator('OR', { a: {}, b: {} });
    assert.equal(messageOf(() => checkConditionalOperator('AND', undefined)), 'ConditionalOperator cannot be used without Filter or Expected');
    assert.equal(messageOf(() => checkConditionalOperator('AND', {})), 'ConditionalOperator cannot be used without Filter or Expected');
    assert.equal(
      messageOf(() => checkConditionalOperator('OR', { a: {} })),
      'ConditionalOperator can only be used when Filter or Expected has two or more elements',
    );
  });
});
