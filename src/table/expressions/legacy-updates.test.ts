import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AttributeMap } from '../values/attribute-value.js';
import { applyUpdate } from './apply-update.js';
import { attributesToGetProjection, attributeUpdatesPlan } from './legacy-updates.js';
import type { AttributeValueUpdate } from './legacy-updates.js';

const INVALID = 'One or more parameter values were invalid: ';
const apply = (updates: Record<string, AttributeValueUpdate>, item?: AttributeMap) => applyUpdate(attributeUpdatesPlan(updates), item).item;

describe('attributeUpdatesPlan', () => {
  it('converts PUT (the default), DELETE and ADD', () => {
    assert.deepEqual(attributeUpdatesPlan({ a: { Value: { S: 'x' } }, b: { Action: 'DELETE' }, c: { Action: 'ADD', Value: { N: '1' } } }), {
      actions: [
        { action: 'SET', path: ['a'], value: { kind: 'value', value: { S: 'x' } } },
        { action: 'REMOVE', path: ['b'] },
        { action: 'ADD', path: ['c'], value: { N: '1' } },
      ],
      legacy: true,
    });
  });

  it('applies to an item', () => {
    const item: AttributeMap = { n: { N: '1' }, gone: { S: 'x' }, tags: { SS: ['a', 'b'] }, l: { L: [{ N: '1' }] } };
    assert.deepEqual(
      apply(
        {
          n: { Action: 'ADD', Value: { N: '2' } },
          gone: { Action: 'DELETE' },
          tags: { Action: 'DELETE', Value: { SS: ['a'] } },
          l: { Action: 'ADD', Value: { L: [{ N: '2' }] } },
          fresh: { Action: 'PUT', Value: { S: 'y' } },
        },
        item,
      ),
      { n: { N: '3' }, tags: { SS: ['b'] }, l: { L: [{ N: '1' }, { N: '2' }] }, fresh: { S: 'y' } },
    );
  });

  it('creates numbers, sets and lists with ADD', () => {
    assert.deepEqual(apply({ n: { Action: 'ADD', Value: { N: '2' } }, l: { Action: 'ADD', Value: { L: [] } } }), { n: { N: '2' }, l: { L: [] } });
  });

  it('refuses a value-less action other than DELETE', () => {
    assert.throws(() => attributeUpdatesPlan({ a: { Action: 'PUT' } }), { message: `${INVALID}Only DELETE action is allowed when no attribute value is specified` });
    assert.throws(() => attributeUpdatesPlan({ a: {} }), { message: `${INVALID}Only DELETE action is allowed when no attribute value is specified` });
  });

  it('refuses DELETE with a non-set value and ADD of unsupported types', () => {
    assert.throws(() => attributeUpdatesPlan({ a: { Action: 'DELETE', Value: { N: '1' } } }), { message: `${INVALID}DELETE action with value is not supported for the type N` });
    assert.throws(() => attributeUpdatesPlan({ a: { Action: 'ADD', Value: { S: '1' } } }), { message: `${INVALID}ADD action is not supported for the type S` });
    assert.throws(() => attributeUpdatesPlan({ a: { Action: 'ADD', Value: { M: {} } } }), { message: `${INVALID}ADD action is not supported for the type M` });
  });

  it('reports a type clash with the legacy wording', () => {
    assert.throws(() => apply({ b: { Action: 'DELETE', Value: { NS: ['1'] } } }, { b: { SS: ['1'] } }), { message: 'Type mismatch for attribute to update' });
    assert.throws(() => apply({ b: { Action: 'ADD', Value: { NS: ['1'] } } }, { b: { N: '1' } }), { message: 'Type mismatch for attribute to update' });
    assert.throws(() => apply({ b: { Action: 'ADD', Value: { L: [] } } }, { b: { N: '1' } }), { message: 'Type mismatch for attribute to update' });
  });
});

describe('attributesToGetProjection', () => {
  it('turns names into top-level paths, dots included', () => {
    assert.deepEqual(attributesToGetProjection(['a', 'b.c']), [['a'], ['b.c']]);
  });

  it('refuses duplicates', () => {
    assert.throws(() => attributesToGetProjection(['a', 'b', 'a']), { message: `${INVALID}Duplicate value in attribute name: a` });
  });
});
