import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ServiceError } from '../../shared/service-error.js';
import { checkInput } from './check-input.js';
import { checkBase64 } from './deserialize.js';
import { getItemShape } from './get-item.js';
import { putItemShape } from './put-item.js';
import { attributeMap, blob, boolean, enumOf, integer, list, long, map, string, structure } from './shape.js';

const SERIALIZATION = 'com.amazon.coral.service#SerializationException';
const VALIDATION = 'com.amazon.coral.validate#ValidationException';

function errorOf(fn: () => unknown): ServiceError {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof ServiceError, `expected a ServiceError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected an error');
}

const serialization = (input: unknown, shape = testShape) => {
  const error = errorOf(() => checkInput(input, shape));
  assert.equal(error.type, SERIALIZATION);
  return error.message;
};

const validation = (input: unknown, shape = testShape) => {
  const error = errorOf(() => checkInput(input, shape));
  assert.equal(error.type, VALIDATION);
  return error.message;
};

const element = structure('KeySchemaElement', {
  AttributeName: string({ notNull: true }),
  KeyType: enumOf(['HASH', 'RANGE'], { notNull: true }),
});

const testShape = structure('TestInput', {
  Name: string({ notNull: true, pattern: '[a-zA-Z0-9_.-]+', minLength: 3, maxLength: 255 }),
  Flag: boolean(),
  Count: integer({ min: 1, max: 100 }),
  Big: long({ min: 1 }),
  Data: blob({ maxLength: 3 }),
  Keys: list(element, { minLength: 1, maxLength: 2 }),
  Throughput: structure('ProvisionedThroughput', { ReadCapacityUnits: long({ notNull: true, min: 1 }) }),
  Names: map(string(), { keys: { maxLength: 3, minLength: 1 } }),
  Item: attributeMap(),
  Nested: list(list(string())),
});

describe('checkInput: serialization errors', () => {
  const cases: [string, unknown, string][] = [
    ['number for string', { Name: 5 }, 'NUMBER_VALUE cannot be converted to String'],
    ['decimal for string', { Name: 1.5 }, 'DECIMAL_VALUE cannot be converted to String'],
    ['true for string', { Name: true }, 'TRUE_VALUE cannot be converted to String'],
    ['false for string', { Name: false }, 'FALSE_VALUE cannot be converted to String'],
    ['list for string', { Name: [] }, 'Unrecognized collection type class java.lang.String'],
    ['object for string', { Name: {} }, 'Start of structure or map found where not expected'],
    ['number for boolean', { Flag: 23 }, 'NUMBER_VALUE cannot be converted to Boolean'],
    ['decimal for boolean', { Flag: 34.56 }, 'DECIMAL_VALUE cannot be converted to Boolean'],
    ['other text for boolean', { Flag: '23' }, 'Unexpected token received from parser'],
    ['list for boolean', { Flag: [] }, 'Unrecognized collection type class java.lang.Boolean'],
    ['string for integer', { Count: '23' }, 'STRING_VALUE cannot be converted to Integer'],
    ['true for integer', { Count: true }, 'TRUE_VALUE cannot be converted to Integer'],
    ['list for integer', { Count: [] }, 'Unrecognized collection type class java.lang.Integer'],
    ['object for integer', { Count: {} }, 'Start of structure or map found where not expected'],
    ['string for long', { Big: 'x' }, 'STRING_VALUE cannot be converted to Long'],
    ['false for long', { Big: false }, 'FALSE_VALUE cannot be converted to Long'],
    ['list for long', { Big: [] }, 'Unrecognized collection type class java.lang.Long'],
    ['number for blob', { Data: 23 }, 'only base-64-encoded strings are convertible to bytes'],
    ['boolean for blob', { Data: true }, 'only base-64-encoded strings are convertible to bytes'],
    ['list for blob', { Data: [] }, 'Unrecognized collection type class java.nio.ByteBuffer'],
    ['bad blob length', { Data: '23456' }, 'Base64 encoded length is expected a multiple of 4 bytes but found: 5'],
    ['bad blob padding', { Data: '=+/=' }, 'Invalid last non-pad Base64 character dectected'],
    ['string for list', { Keys: '23' }, 'Unexpected field type'],
    ['number for list', { Keys: 23 }, 'Unexpected field type'],
    ['object for list', { Keys: {} }, 'Start of structure or map found where not expected'],
    ['scalar as list element struct', { Keys: ['s'] }, 'Unexpected value type in payload'],
    ['list as list element struct', { Keys: [[]] }, 'Unrecognized collection type class com.amazonaws.dynamodb.v20120810.KeySchemaElement'],
    ['number inside element', { Keys: [{ KeyType: 1 }] }, 'NUMBER_VALUE cannot be converted to String'],
    ['string for structure', { Throughput: 'x' }, 'Unexpected field type'],
    ['list for structure', { Throughput: [] }, 'Unrecognized collection type class com.amazonaws.dynamodb.v20120810.ProvisionedThroughput'],
    ['string for map', { Names: 'x' }, 'Unexpected field type'],
    ['list for map', { Names: [] }, 'Unrecognized collection type java.util.Map<java.lang.String, java.lang.String>'],
    ['number as map value', { Names: { a: 5 } }, 'NUMBER_VALUE cannot be converted to String'],
    ['list for attribute map', { Item: [] }, 'Unrecognized collection type java.util.Map<java.lang.String, com.amazonaws.dynamodb.v20120810.AttributeValue>'],
    ['scalar attribute value', { Item: { a: 's' } }, 'Unexpected value type in payload'],
    ['list attribute value', { Item: { a: [] } }, 'Unrecognized collection type class com.amazonaws.dynamodb.v20120810.AttributeValue'],
    ['number for S', { Item: { a: { S: 5 } } }, 'NUMBER_VALUE cannot be converted to String'],
    ['number for N', { Item: { a: { N: 5 } } }, 'NUMBER_VALUE cannot be converted to String'],
    ['bad B', { Item: { a: { B: 'abc' } } }, 'Base64 encoded length is expected a multiple of 4 bytes but found: 3'],
    ['string for BOOL', { Item: { a: { BOOL: 'yes' } } }, 'Unexpected token received from parser'],
    ['number for NULL', { Item: { a: { NULL: 1 } } }, 'NUMBER_VALUE cannot be converted to Boolean'],
    ['string for SS', { Item: { a: { SS: 's' } } }, 'Unexpected field type'],
    ['number in SS', { Item: { a: { SS: [5] } } }, 'NUMBER_VALUE cannot be converted to String'],
    ['number in BS', { Item: { a: { BS: [5] } } }, 'only base-64-encoded strings are convertible to bytes'],
    ['scalar in L', { Item: { a: { L: [5] } } }, 'Unexpected value type in payload'],
    ['scalar for M', { Item: { a: { M: 5 } } }, 'Unexpected field type'],
    ['scalar in M', { Item: { a: { M: { b: 5 } } } }, 'Unexpected value type in payload'],
    ['list for M', { Item: { a: { M: [] } } }, 'Unrecognized collection type java.util.Map<java.lang.String, com.amazonaws.dynamodb.v20120810.AttributeValue>'],
    ['deep', { Item: { a: { L: [{ M: { b: { SS: [true] } } }] } } }, 'TRUE_VALUE cannot be converted to String'],
    [
      'scalar for a nested list',
      { Nested: ['x'] },
      "class sun.reflect.generics.reflectiveObjects.ParameterizedTypeImpl cannot be cast to class java.lang.Class (sun.reflect.generics.reflectiveObjects.ParameterizedTypeImpl and java.lang.Class are in module java.base of loader 'bootstrap')",
    ],
    ['array as the whole body', [], 'Unrecognized collection type class com.amazonaws.dynamodb.v20120810.TestInput'],
  ];
  for (const [name, input, message] of cases) {
    it(name, () => assert.equal(serialization(input), message));
  }

  it('reports serialization errors before constraint errors', () => {
    assert.equal(serialization({ Name: 'a', Count: 0, Flag: 3 }), 'NUMBER_VALUE cannot be converted to Boolean');
  });
});

describe('checkInput: values it reads', () => {
  it('drops nulls and unknown members, reads boolean words, truncates integers', () => {
    const out = checkInput<Record<string, unknown>>(
      { Name: 'abc', Unknown: 5, Flag: 'TRUE', Count: 5.9, Big: null, Keys: [null, { AttributeName: 'a', KeyType: 'HASH', X: 1 }] },
      testShape,
    );
    assert.deepEqual(out, { Name: 'abc', Flag: true, Count: 5, Keys: [{ AttributeName: 'a', KeyType: 'HASH' }] });
  });

  it('keeps a map key named __proto__ as an ordinary entry', () => {
    const out = checkInput<{ Item: Record<string, unknown> }>(JSON.parse('{"Name":"abc","Item":{"__proto__":{"S":"x"}}}'), testShape);
    assert.deepEqual(Object.keys(out.Item), ['__proto__']);
    assert.equal(Object.getPrototypeOf(out.Item), Object.prototype);
    assert.deepEqual(Object.getOwnPropertyDescriptor(out.Item, '__proto__')?.value, { S: 'x' });
  });

  it('cleans entries after clean ones: later nulls, unknown members and boolean words', () => {
    const out = checkInput<Record<string, any>>(
      JSON.parse(
        '{"Name":"abc","Nested":[["a"],["b",null,"c"],null],' +
          '"Item":{"__proto__":{"S":"p"},"a":{"S":"x"},"n":null,"m":{"M":{"k":{"N":"1"},"z":{"BOOL":"false","X":1}}},"l":{"L":[{"S":"y"},null]}}}',
      ),
      testShape,
    );
    assert.deepEqual(out.Nested, [['a'], ['b', 'c']]);
    assert.equal(
      JSON.stringify(out.Item),
      '{"__proto__":{"S":"p"},"a":{"S":"x"},"m":{"M":{"k":{"N":"1"},"z":{"BOOL":false}}},"l":{"L":[{"S":"y"}]}}',
    );
    assert.equal(Object.getPrototypeOf(out.Item), Object.prototype);
  });

  it('treats an absent body as empty', () => {
    assert.equal(validation(undefined), "1 validation error detected: Value null at 'name' failed to satisfy constraint: Member must not be null");
  });

  it('accepts valid base64', () => {
    for (const text of ['', 'YQ==', 'YWI=', 'YWJj', 'AA+/']) assert.equal(checkBase64(text), text);
  });

  it('rejects base64 with stray bits or characters', () => {
    for (const text of ['YR==', 'YWJ=', 'a*bc', '====', 'Y===']) {
      assert.equal(errorOf(() => checkBase64(text)).message, 'Invalid last non-pad Base64 character dectected');
    }
  });
});

describe('checkInput: constraint errors', () => {
  it('one error', () => {
    assert.equal(validation({}), "1 validation error detected: Value null at 'name' failed to satisfy constraint: Member must not be null");
  });

  it('pattern and length on one value, in that order', () => {
    assert.equal(
      validation({ Name: 'a;' }),
      "2 validation errors detected: Value 'a;' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+; " +
        "Value 'a;' at 'name' failed to satisfy constraint: Member must have length greater than or equal to 3",
    );
  });

  it('numbers, nested paths, lists formatted as [a, b] with JSON structures', () => {
    assert.equal(
      validation({
        Name: 'abc',
        Count: 101,
        Keys: [
          { AttributeName: 'a', KeyType: 'HASH' },
          { AttributeName: 'b', KeyType: 'X' },
          { KeyType: 'RANGE' },
        ],
        Throughput: { ReadCapacityUnits: 0 },
      }),
      '5 validation errors detected: ' +
        "Value '101' at 'count' failed to satisfy constraint: Member must have value less than or equal to 100; " +
        `Value '[{"AttributeName":"a","KeyType":"HASH"}, {"AttributeName":"b","KeyType":"X"}, {"KeyType":"RANGE"}]' at 'keys' failed to satisfy constraint: Member must have length less than or equal to 2; ` +
        "Value 'X' at 'keys.2.member.keyType' failed to satisfy constraint: Member must satisfy enum value set: [HASH, RANGE]; " +
        "Value null at 'keys.3.member.attributeName' failed to satisfy constraint: Member must not be null; " +
        "Value '0' at 'throughput.readCapacityUnits' failed to satisfy constraint: Member must have value greater than or equal to 1",
    );
  });

  it('empty list', () => {
    assert.equal(
      validation({ Name: 'abc', Keys: [] }),
      "1 validation error detected: Value '[]' at 'keys' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
  });

  it('blob length counts decoded bytes', () => {
    assert.deepEqual(checkInput({ Name: 'abc', Data: 'YWJj' }, testShape), { Name: 'abc', Data: 'YWJj' });
    assert.equal(
      validation({ Name: 'abc', Data: 'YWJjZA==' }),
      "1 validation error detected: Value 'YWJjZA==' at 'data' failed to satisfy constraint: Member must have length less than or equal to 3",
    );
  });

  it('map key constraints', () => {
    assert.equal(
      validation({ Name: 'abc', Names: { abcd: 'x', ok: 'y' } }),
      `1 validation error detected: Value '{"abcd":"x","ok":"y"}' at 'names' failed to satisfy constraint: Map keys must satisfy constraint: [Member must have length less than or equal to 3, Member must have length greater than or equal to 1]`,
    );
  });

  it('reports at most ten errors', () => {
    const keys = Array.from({ length: 12 }, () => ({}));
    const message = validation({ Name: 'abc', Keys: keys });
    assert.ok(message.startsWith('10 validation errors detected: '));
    assert.equal(message.split('; ').length, 10);
  });
});

describe('operation shapes', () => {
  it('GetItem reports members in DynamoDB order', () => {
    assert.equal(
      validation({ ReturnConsumedCapacity: 'x', TableName: 'ab' }, getItemShape),
      '3 validation errors detected: ' +
        "Value 'x' at 'returnConsumedCapacity' failed to satisfy constraint: Member must satisfy enum value set: [INDEXES, TOTAL, NONE]; " +
        "Value 'ab' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 3; " +
        "Value null at 'key' failed to satisfy constraint: Member must not be null",
    );
  });

  it('item operations take a table ARN as TableName, held to 1024 characters', () => {
    const arn = 'arn:aws:dynamodb:us-east-1:000000000000:table/abc';
    assert.deepEqual(checkInput({ TableName: arn, Key: {} }, getItemShape), { TableName: arn, Key: {} });
    const long = `arn:${'x'.repeat(1021)}`;
    assert.equal(
      validation({ TableName: long, Key: {} }, getItemShape),
      `1 validation error detected: Value '${long}' at 'tableName' failed to satisfy constraint: Member must have length less than or equal to 1024`,
    );
  });

  it('PutItem reads a nested item', () => {
    const item = { a: { S: 'x' }, b: { L: [{ N: '1' }, { M: { c: { BS: ['YQ=='] } } }] } };
    assert.deepEqual(checkInput({ TableName: 'abc', Item: item }, putItemShape), { TableName: 'abc', Item: item });
  });

  it('PutItem: ReturnValues enum', () => {
    assert.equal(
      validation({ TableName: 'abc', Item: {}, ReturnValues: 'ALL' }, putItemShape),
      "1 validation error detected: Value 'ALL' at 'returnValues' failed to satisfy constraint: Member must satisfy enum value set: [ALL_NEW, UPDATED_OLD, ALL_OLD, NONE, UPDATED_NEW]",
    );
  });
});
