import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ServiceError } from '../../shared/service-error.js';
import type { AttributeMap, AttributeValue } from './attribute-value.js';
import { MAX_ITEM_SIZE } from './item-size.js';
import { checkItemSize, normalizeExpressionAttributeValues, normalizeItem } from './validate-item.js';

function fails(fn: () => unknown, message: string, type = 'com.amazon.coral.validate#ValidationException'): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof ServiceError);
    assert.equal(error.type, type);
    assert.equal(error.message, message);
    return true;
  });
}

/** An item of exactly `size` bytes: key "a" with a random-ish value, and "b" padding. */
function itemOfSize(size: number, padName = 'b'): AttributeMap {
  const key = 'k3y';
  return { a: { S: key }, [padName]: { S: 'x'.repeat(size - 1 - key.length - padName.length) } };
}

describe('normalizeItem', () => {
  it('returns a canonical copy of every attribute', () => {
    const item: AttributeMap = { id: { S: 'a' }, n: { N: '0100.0' }, s: { NS: ['1e0', '2'] }, e: { S: '' }, z: { B: '' } };
    assert.deepEqual(normalizeItem(item), { id: { S: 'a' }, n: { N: '100' }, s: { NS: ['1', '2'] }, e: { S: '' }, z: { B: '' } });
    assert.deepEqual(item.n, { N: '0100.0' }); // the input is left alone
  });

  it('accepts an empty item', () => assert.deepEqual(normalizeItem({}), {}));

  it('stops at the first invalid attribute with its message', () => {
    fails(() => normalizeItem({ a: { S: 'ok' }, b: {} as AttributeValue }), 'Supplied AttributeValue is empty, must contain exactly one of the supported datatypes');
    fails(() => normalizeItem({ a: { SS: [] } }), 'One or more parameter values were invalid: An string set  may not be empty');
    fails(() => normalizeItem({ a: { M: { b: { N: 'x' } } } }), 'The parameter cannot be converted to a numeric value: x');
  });
});

describe('checkItemSize', () => {
  it('accepts exactly 400 KB', () => {
    assert.doesNotThrow(() => checkItemSize(itemOfSize(MAX_ITEM_SIZE)));
    assert.doesNotThrow(() => checkItemSize(itemOfSize(MAX_ITEM_SIZE, 'bbbbbbbbbbbbbbbbbbbbbbbbbbb')));
  });

  it('rejects one byte more, with the PutItem wording', () => {
    fails(() => checkItemSize(itemOfSize(MAX_ITEM_SIZE + 1)), 'Item size has exceeded the maximum allowed size');
    fails(() => checkItemSize(itemOfSize(MAX_ITEM_SIZE + 1), 'put'), 'Item size has exceeded the maximum allowed size');
  });

  it('uses the UpdateItem wording for updates', () => {
    fails(() => checkItemSize(itemOfSize(MAX_ITEM_SIZE + 1), 'update'), 'Item size to update has exceeded the maximum allowed size');
    assert.doesNotThrow(() => checkItemSize(itemOfSize(MAX_ITEM_SIZE), 'update'));
  });

  it('counts numbers by their stored size (dynalite boundary cases, measured against AWS)', () => {
    // "1" followed by 125 zeros is 2 bytes: 1 + 2 + padding lands one byte over.
    const pad = (n: number) => ({ S: 'x'.repeat(n) });
    const base = MAX_ITEM_SIZE - 'a'.length - 'k3y'.length - 'b'.length - 'c'.length;
    fails(() => checkItemSize({ a: { S: 'k3y' }, b: pad(base - 2 + 1), c: { N: '1' + '0'.repeat(125) } }), 'Item size has exceeded the maximum allowed size');
    assert.doesNotThrow(() => checkItemSize({ a: { S: 'k3y' }, b: pad(base - 2), c: { N: '1' + '0'.repeat(125) } }));
    // 38 significant digits at the top of the range: 20 bytes.
    const big = '1'.repeat(38) + '0'.repeat(88);
    fails(() => checkItemSize({ a: { S: 'k3y' }, b: pad(base - 20 + 1), c: { N: big } }), 'Item size has exceeded the maximum allowed size');
    assert.doesNotThrow(() => checkItemSize({ a: { S: 'k3y' }, b: pad(base - 20), c: { N: big } }));
  });
});

describe('normalizeExpressionAttributeValues', () => {
  const wrapped = (message: string, key = ':b') => `ExpressionAttributeValues contains invalid value: ${message} for key ${key}`;

  it('canonicalises every value', () => {
    assert.deepEqual(normalizeExpressionAttributeValues({ ':a': { N: '5.0' }, ':b': { S: '' }, ':c': { L: [{ NS: ['3', '02'] }] } }), {
      ':a': { N: '5' },
      ':b': { S: '' },
      ':c': { L: [{ NS: ['3', '2'] }] },
    });
  });

  it('wraps value errors with the key', () => {
    fails(() => normalizeExpressionAttributeValues({ ':b': {} as AttributeValue }), wrapped('Supplied AttributeValue is empty, must contain exactly one of the supported datatypes'));
    fails(() => normalizeExpressionAttributeValues({ ':b': { L: [{}] } as unknown as AttributeValue }), wrapped('Supplied AttributeValue is empty, must contain exactly one of the supported datatypes'));
    fails(() => normalizeExpressionAttributeValues({ ':b': { S: 'a', N: '1' } as unknown as AttributeValue }), wrapped('Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes'));
    fails(() => normalizeExpressionAttributeValues({ ':b': { SS: [] } }), wrapped('One or more parameter values were invalid: An string set  may not be empty'));
    fails(() => normalizeExpressionAttributeValues({ ':b': { BS: ['Yg==', 'Yg=='] } }), wrapped('One or more parameter values were invalid: Input collection [Yg==, Yg==]of type BS contains duplicates.'));
    fails(() => normalizeExpressionAttributeValues({ ':b': { NULL: false } as unknown as AttributeValue }), wrapped('One or more parameter values were invalid: Null attribute value types must have the value of true'));
    fails(() => normalizeExpressionAttributeValues({ ':b': { NS: ['1', '1'] } }), wrapped('Input collection contains duplicates'));
    fails(() => normalizeExpressionAttributeValues({ ':ok': { N: '1' }, ':dataItem': { N: 'NaN' } }), wrapped('The parameter cannot be converted to a numeric value: NaN', ':dataItem'));
  });

  it('lets serialization errors through unwrapped', () => {
    fails(() => normalizeExpressionAttributeValues({ ':b': { B: 'abc' } }), 'Base64 encoded length is expected a multiple of 4 bytes but found: 3', 'com.amazon.coral.service#SerializationException');
  });
});

describe('attribute names', () => {
  it('keeps an attribute named __proto__ as an ordinary attribute', () => {
    const item = JSON.parse('{"__proto__":{"N":"1.0"},"m":{"M":{"__proto__":{"S":"x"}}}}') as AttributeMap;
    const copy = normalizeItem(item);
    assert.deepEqual(Object.keys(copy), ['__proto__', 'm']);
    assert.deepEqual(Object.getOwnPropertyDescriptor(copy, '__proto__')?.value, { N: '1' });
    assert.equal(Object.getPrototypeOf(copy), Object.prototype);
    const inner = (copy.m as { M: AttributeMap }).M;
    assert.deepEqual(Object.getOwnPropertyDescriptor(inner, '__proto__')?.value, { S: 'x' });
  });
});
