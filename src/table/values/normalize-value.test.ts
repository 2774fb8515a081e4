import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ServiceError } from '../../shared/service-error.js';
import type { AttributeValue } from './attribute-value.js';
import { normalizeValue } from './normalize-value.js';

const INVALID = 'One or more parameter values were invalid: ';
const EMPTY = 'Supplied AttributeValue is empty, must contain exactly one of the supported datatypes';
const MULTIPLE = 'Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes';
const NESTING = 'Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond supported limit';

/** Values as a hand-written request may send them, outside the well-typed union. */
const raw = (value: unknown) => value as AttributeValue;

function rejects(value: unknown, message: string, type = 'com.amazon.coral.validate#ValidationException'): void {
  assert.throws(() => normalizeValue(raw(value)), (error: unknown) => {
    assert.ok(error instanceof ServiceError);
    assert.equal(error.type, type);
    assert.equal(error.message, message);
    return true;
  });
}

function nested(depth: number): AttributeValue {
  let value: AttributeValue = { S: 'leaf' };
  for (let i = 0; i < depth; i++) value = { M: { n: value } };
  return value;
}

describe('normalizeValue: type members', () => {
  it('rejects a value with no type member', () => {
    rejects({}, EMPTY);
    rejects({ a: '' }, EMPTY); // unknown members are ignored
    rejects({ S: null }, EMPTY); // so are members sent as null
  });

  it('rejects a value with several type members', () => {
    rejects({ S: 'a', N: '1' }, MULTIPLE);
    rejects({ BOOL: true, NULL: true }, MULTIPLE);
    rejects({ L: [], M: {} }, MULTIPLE);
  });

  it('checks each member before counting them', () => {
    rejects({ S: 'a', N: '' }, 'The parameter cannot be converted to a numeric value');
    rejects({ S: '', N: '' }, 'The parameter cannot be converted to a numeric value');
    rejects({ S: 'a', N: 'b' }, 'The parameter cannot be converted to a numeric value: b');
  });

  it('finds empty values nested in maps and lists', () => {
    rejects({ M: { a: {} } }, EMPTY);
    rejects({ L: [{}] }, EMPTY);
    rejects({ L: [{ a: {} }] }, EMPTY);
    rejects({ L: [{ S: 'ok' }, { M: { x: { S: 'a', B: 'Yg==' } } }] }, MULTIPLE);
  });
});

describe('normalizeValue: scalars', () => {
  it('keeps strings, including empty ones', () => {
    assert.deepEqual(normalizeValue({ S: '' }), { S: '' });
    assert.deepEqual(normalizeValue({ S: ' 1.50 ' }), { S: ' 1.50 ' });
  });

  it('canonicalises numbers', () => {
    assert.deepEqual(normalizeValue({ N: '1.50' }), { N: '1.5' });
    assert.deepEqual(normalizeValue({ N: '-0015.789e6' }), { N: '-15789000' });
    assert.deepEqual(normalizeValue({ N: '+.5' }), { N: '0.5' });
  });

  it('rejects invalid numbers with DynamoDB messages', () => {
    rejects({ N: '' }, 'The parameter cannot be converted to a numeric value');
    rejects({ N: 'one' }, 'The parameter cannot be converted to a numeric value: one');
    rejects({ N: '123456789012345678901234567890123456789' }, 'Attempting to store more than 38 significant digits in a Number');
    rejects({ N: '1e126' }, 'Number overflow. Attempting to store a number with magnitude larger than supported range');
    rejects({ N: '-1e-131' }, 'Number underflow. Attempting to store a number with magnitude smaller than supported range');
  });

  it('keeps binaries, including empty ones, and rejects bad base64 as a serialization error', () => {
    assert.deepEqual(normalizeValue({ B: '' }), { B: '' });
    assert.deepEqual(normalizeValue({ B: 'Yg==' }), { B: 'Yg==' });
    rejects({ B: 'Yg' }, 'Base64 encoded length is expected a multiple of 4 bytes but found: 2', 'com.amazon.coral.service#SerializationException');
  });

  it('accepts NULL only as true', () => {
    assert.deepEqual(normalizeValue({ NULL: true }), { NULL: true });
    rejects({ NULL: false }, `${INVALID}Null attribute value types must have the value of true`);
    rejects({ NULL: 'no' }, `${INVALID}Null attribute value types must have the value of true`);
  });

  it('keeps booleans', () => {
    assert.deepEqual(normalizeValue({ BOOL: false }), { BOOL: false });
    assert.deepEqual(normalizeValue({ BOOL: true }), { BOOL: true });
  });
});

describe('normalizeValue: sets', () => {
  it('rejects empty sets, worded per type', () => {
    rejects({ SS: [] }, `${INVALID}An string set  may not be empty`);
    rejects({ NS: [] }, `${INVALID}An number set  may not be empty`);
    rejects({ BS: [] }, `${INVALID}Binary sets should not be empty`);
  });

  it('rejects duplicate strings, listing the set', () => {
    rejects({ SS: ['a', 'a'] }, `${INVALID}Input collection [a, a] contains duplicates.`);
    rejects({ SS: ['x', 'y', 'x'] }, `${INVALID}Input collection [x, y, x] contains duplicates.`);
  });

  it('rejects numbers equal in value, without prefix or list', () => {
    rejects({ NS: ['1', '1'] }, 'Input collection contains duplicates');
    rejects({ NS: ['1', '1.0'] }, 'Input collection contains duplicates');
    rejects({ NS: ['100', '1e2', '3'] }, 'Input collection contains duplicates');
  });

  it('rejects duplicate binaries, naming the type', () => {
    rejects({ BS: ['Yg==', 'Yg=='] }, `${INVALID}Input collection [Yg==, Yg==]of type BS contains duplicates.`);
  });

  it('checks every member of a number set', () => {
    rejects({ NS: ['1', ''] }, 'The parameter cannot be converted to a numeric value');
    rejects({ NS: ['1', 'b', 'a'] }, 'The parameter cannot be converted to a numeric value: b');
    rejects({ NS: ['1', '1e126'] }, 'Number overflow. Attempting to store a number with magnitude larger than supported range');
  });

  it('checks every member of a binary set', () => {
    rejects({ BS: ['Yg==', '+/+='] }, 'Invalid last non-pad Base64 character dectected', 'com.amazon.coral.service#SerializationException');
  });

  it('allows empty strings and binaries as members', () => {
    assert.deepEqual(normalizeValue({ SS: [''] }), { SS: [''] });
    assert.deepEqual(normalizeValue({ BS: [''] }), { BS: [''] });
  });

  it('canonicalises number sets and keeps other sets as sent', () => {
    assert.deepEqual(normalizeValue({ NS: ['1.0', '2e1', '-0'] }), { NS: ['1', '20', '0'] });
    assert.deepEqual(normalizeValue({ SS: ['b', 'a'] }), { SS: ['b', 'a'] });
    assert.deepEqual(normalizeValue({ BS: ['Yg==', 'YQ=='] }), { BS: ['Yg==', 'YQ=='] });
  });
});

describe('normalizeValue: documents', () => {
  it('canonicalises deeply and returns a copy', () => {
    const input: AttributeValue = { M: { a: { L: [{ N: '01' }, { NS: ['2.0'] }, { M: {} }, { L: [] }] }, b: { S: 'x' } } };
    const output = normalizeValue(input);
    assert.deepEqual(output, { M: { a: { L: [{ N: '1' }, { NS: ['2'] }, { M: {} }, { L: [] }] }, b: { S: 'x' } } });
    assert.notEqual(output, input);
    assert.deepEqual(input, { M: { a: { L: [{ N: '01' }, { NS: ['2.0'] }, { M: {} }, { L: [] }] }, b: { S: 'x' } } });
  });

  it('allows 31 levels of nesting under an attribute (its leaf at level 32)', () => {
    assert.deepEqual(normalizeValue(nested(31)), nested(31));
    const lists = Array.from({ length: 31 }).reduce<AttributeValue>((v) => ({ L: [v] }), { N: '1' });
    assert.deepEqual(normalizeValue(lists), lists);
  });

  it('rejects a 32nd level of nesting', () => {
    rejects(nested(32), NESTING);
    const lists = Array.from({ length: 32 }).reduce<AttributeValue>((v) => ({ L: [v] }), { N: '1' });
    rejects(lists, NESTING);
    const mixed = Array.from({ length: 32 }).reduce<AttributeValue>((v, _, i) => (i % 2 ? { L: [v] } : { M: { k: v } }), { NULL: true });
    rejects(mixed, NESTING);
  });

  it('counts depth from where the value sits', () => {
    assert.throws(() => normalizeValue(nested(1), 32), (e: unknown) => e instanceof ServiceError && e.message === NESTING);
    assert.deepEqual(normalizeValue({ S: 'a' }, 32), { S: 'a' });
  });
});
