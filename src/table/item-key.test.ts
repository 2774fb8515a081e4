import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ServiceError } from '../shared/service-error.js';
import { encodeKeyValue } from '../storage/key-encoding.js';
import { checkIndexKeys, keyAttributesOf, keyOfItem, keyOfKeyMap } from './item-key.js';
import type { TableDefinition } from './table-definition.js';

function table(overrides: Partial<TableDefinition> = {}): TableDefinition {
  return {
    name: 'Users',
    id: 'id',
    createdAt: 0,
    key: { partition: { name: 'userId', type: 'S' }, sort: { name: 'at', type: 'N' } },
    attributeDefinitions: [],
    billingMode: 'PAY_PER_REQUEST',
    globalIndexes: [],
    localIndexes: [],
    tags: [],
    deletionProtection: false,
    tableClass: 'STANDARD',
    ...overrides,
  };
}

const hashOnly = table({ key: { partition: { name: 'id', type: 'B' } } });

function rejects(fn: () => unknown, message: string): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof ServiceError);
    assert.equal(e.code, 'ValidationException');
    assert.equal(e.message, message);
    return true;
  });
}

describe('keyOfItem', () => {
  it('encodes partition and sort key, ignoring other attributes', () => {
    const key = keyOfItem(table(), { userId: { S: 'u1' }, at: { N: '1.50' }, x: { S: '' } });
    assert.deepEqual(Buffer.from(key.partition), Buffer.from('u1'));
    assert.deepEqual(key.sort, encodeKeyValue({ N: '1.5' }));
    assert.equal(typeof key.hash, 'number');
    assert.equal(key.hash, keyOfItem(table(), { userId: { S: 'u1' }, at: { N: '2' } }).hash);
  });

  it('leaves the sort key empty for hash-only tables', () => {
    const key = keyOfItem(hashOnly, { id: { B: 'AQI=' } });
    assert.deepEqual([...key.partition], [1, 2]);
    assert.equal(key.sort.length, 0);
  });

  it('names the missing key attribute', () => {
    rejects(() => keyOfItem(table(), { at: { N: '1' } }), 'One or more parameter values were invalid: Missing the key userId in the item');
    rejects(() => keyOfItem(table(), { userId: { S: 'a' } }), 'One or more parameter values were invalid: Missing the key at in the item');
  });

  it('reports type mismatches with expected and actual types', () => {
    rejects(
      () => keyOfItem(table(), { userId: { N: '1' }, at: { N: '1' } }),
      'One or more parameter values were invalid: Type mismatch for key userId expected: S actual: N',
    );
    rejects(
      () => keyOfItem(table(), { userId: { S: 'a' }, at: { SS: ['1'] } }),
      'One or more parameter values were invalid: Type mismatch for key at expected: N actual: SS',
    );
  });

  it('rejects empty string and binary key values', () => {
    rejects(
      () => keyOfItem(table(), { userId: { S: '' }, at: { N: '1' } }),
      'One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: userId',
    );
    rejects(
      () => keyOfItem(hashOnly, { id: { B: '' } }),
      'One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty binary value. Key: id',
    );
  });

  it('enforces 2048 bytes on the partition key and 1024 on the sort key', () => {
    const sk = table({ key: { partition: { name: 'p', type: 'S' }, sort: { name: 's', type: 'S' } } });
    keyOfItem(sk, { p: { S: 'x'.repeat(2048) }, s: { S: 'y'.repeat(1024) } });
    rejects(
      () => keyOfItem(sk, { p: { S: 'x'.repeat(2049) }, s: { S: 'y' } }),
      'One or more parameter values were invalid: Size of hashkey has exceeded the maximum size limit of2048 bytes',
    );
    rejects(
      () => keyOfItem(sk, { p: { S: 'x' }, s: { S: 'é'.repeat(513) } }),
      'One or more parameter values were invalid: Aggregated size of all range keys has exceeded the size limit of 1024 bytes',
    );
  });
});

describe('keyOfKeyMap', () => {
  const mismatch = 'The provided key element does not match the schema';

  it('accepts exactly the schema attributes', () => {
    const fromKey = keyOfKeyMap(table(), { userId: { S: 'u' }, at: { N: '10' } });
    const fromItem = keyOfItem(table(), { userId: { S: 'u' }, at: { N: '1E1' }, other: { S: 'x' } });
    assert.deepEqual(fromKey, fromItem);
  });

  it('rejects missing, extra, renamed and mistyped attributes with one message', () => {
    rejects(() => keyOfKeyMap(table(), { userId: { S: 'u' } }), mismatch);
    rejects(() => keyOfKeyMap(table(), { userId: { S: 'u' }, at: { N: '1' }, x: { S: 'x' } }), mismatch);
    rejects(() => keyOfKeyMap(table(), { userId: { S: 'u' }, At: { N: '1' } }), mismatch);
    rejects(() => keyOfKeyMap(table(), { userId: { S: 'u' }, at: { S: '1' } }), mismatch);
    rejects(() => keyOfKeyMap(hashOnly, {}), mismatch);
  });

  it('checks empty values after the schema match', () => {
    rejects(
      () => keyOfKeyMap(table(), { userId: { S: '' }, at: { N: '1' } }),
      'One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: userId',
    );
  });
});

describe('keyAttributesOf', () => {
  it('copies only the key attributes', () => {
    assert.deepEqual(keyAttributesOf(table(), { userId: { S: 'u' }, at: { N: '1' }, x: { BOOL: true } }), {
      userId: { S: 'u' },
      at: { N: '1' },
    });
  });

  it('keeps an attribute named __proto__ as an own property', () => {
    const t = table({ key: { partition: { name: '__proto__', type: 'S' } } });
    const key = keyAttributesOf(t, JSON.parse('{"__proto__":{"S":"x"}}'));
    assert.equal(JSON.stringify(key), '{"__proto__":{"S":"x"}}');
  });
});

describe('checkIndexKeys', () => {
  const indexed = table({
    globalIndexes: [
      { name: 'byEmail', key: { partition: { name: 'email', type: 'S' }, sort: { name: 'n', type: 'N' } }, projection: { ProjectionType: 'ALL' } },
    ],
    localIndexes: [
      { name: 'byBlob', key: { partition: { name: 'userId', type: 'S' }, sort: { name: 'blob', type: 'B' } }, projection: { ProjectionType: 'KEYS_ONLY' } },
    ],
  });

  it('allows absent index keys', () => {
    checkIndexKeys(indexed, { userId: { S: 'u' }, at: { N: '1' } });
    checkIndexKeys(indexed, { userId: { S: 'u' }, at: { N: '1' }, email: { S: 'e' } });
  });

  it('reports type mismatches naming the index', () => {
    rejects(
      () => checkIndexKeys(indexed, { email: { N: '1' } }),
      'One or more parameter values were invalid: Type mismatch for Index Key email Expected: S Actual: N IndexName: byEmail',
    );
    rejects(
      () => checkIndexKeys(indexed, { blob: { NULL: true } }),
      'One or more parameter values were invalid: Type mismatch for Index Key blob Expected: B Actual: NULL IndexName: byBlob',
    );
  });

  it('rejects empty index key values', () => {
    rejects(
      () => checkIndexKeys(indexed, { email: { S: '' } }),
      'One or more parameter values are not valid. A value specified for a secondary index key is not supported. The AttributeValue for a key attribute cannot contain an empty string value. IndexName: byEmail, IndexKey: email',
    );
    rejects(
      () => checkIndexKeys(indexed, { blob: { B: '' } }),
      'One or more parameter values are not valid. A value specified for a secondary index key is not supported. The AttributeValue for a key attribute cannot contain an empty binary value. IndexName: byBlob, IndexKey: blob',
    );
  });

  it('limits index key sizes', () => {
    rejects(
      () => checkIndexKeys(indexed, { email: { S: 'e'.repeat(2049) } }),
      'One or more parameter values were invalid: Size limit exceeded for Index Key email Actual Size: 2049 bytes Max Size: 2048 bytes IndexName: byEmail',
    );
  });
});
