import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestEddy, type TestEddy } from '../../helpers/eddy.js';
import { assertRawError, hashTable } from './table-fixtures.js';

/**
 * Wire-level request checking shared by every DynamoDB operation: JSON of the wrong kind is a
 * SerializationException with DynamoDB's Java-deserialiser text, found before any constraint; constraint
 * violations are aggregated (at most ten); unknown members are ignored and nulls read as absent.
 */
describe('DynamoDB request serialization', () => {
  let eddy: TestEddy;
  before(async () => {
    eddy = await startTestEddy();
    await eddy.raw('CreateTable', hashTable('Existing'));
  });
  after(() => eddy.stop());

  const serialization = async (target: string, body: object, message: string) =>
    assertRawError(await eddy.raw(target, body), 'SerializationException', message);

  describe('scalars', () => {
    const cases: [string, string, object, string][] = [
      ['number for a string', 'DescribeTable', { TableName: 23 }, 'NUMBER_VALUE cannot be converted to String'],
      ['decimal for a string', 'DescribeTable', { TableName: 34.56 }, 'DECIMAL_VALUE cannot be converted to String'],
      ['true for a string', 'DescribeTable', { TableName: true }, 'TRUE_VALUE cannot be converted to String'],
      ['false for a string', 'DescribeTable', { TableName: false }, 'FALSE_VALUE cannot be converted to String'],
      ['list for a string', 'DescribeTable', { TableName: [] }, 'Unrecognized collection type class java.lang.String'],
      ['object for a string', 'DescribeTable', { TableName: {} }, 'Start of structure or map found where not expected'],
      ['text for a boolean', 'GetItem', { ConsistentRead: 'yes' }, 'Unexpected token received from parser'],
      ['number for a boolean', 'GetItem', { ConsistentRead: 1 }, 'NUMBER_VALUE cannot be converted to Boolean'],
      ['list for a boolean', 'GetItem', { ConsistentRead: [] }, 'Unrecognized collection type class java.lang.Boolean'],
      ['text for an integer', 'ListTables', { Limit: '5' }, 'STRING_VALUE cannot be converted to Integer'],
      ['true for an integer', 'ListTables', { Limit: true }, 'TRUE_VALUE cannot be converted to Integer'],
      ['object for an integer', 'ListTables', { Limit: {} }, 'Start of structure or map found where not expected'],
      [
        'text for a long',
        'CreateTable',
        { ProvisionedThroughput: { ReadCapacityUnits: '1' } },
        'STRING_VALUE cannot be converted to Long',
      ],
      ['list for a long', 'CreateTable', { ProvisionedThroughput: { WriteCapacityUnits: [] } }, 'Unrecognized collection type class java.lang.Long'],
    ];
    for (const [name, target, body, message] of cases) it(name, () => serialization(target, body, message));
  });

  describe('collections and structures', () => {
    const cases: [string, string, object, string][] = [
      ['text for a list', 'CreateTable', { KeySchema: 'HASH' }, 'Unexpected field type'],
      ['object for a list', 'CreateTable', { KeySchema: {} }, 'Start of structure or map found where not expected'],
      ['text for a list element structure', 'CreateTable', { KeySchema: ['pk'] }, 'Unexpected value type in payload'],
      [
        'list for a list element structure',
        'CreateTable',
        { KeySchema: [[]] },
        'Unrecognized collection type class com.amazonaws.dynamodb.v20120810.KeySchemaElement',
      ],
      ['number for a structure', 'CreateTable', { StreamSpecification: 1 }, 'Unexpected field type'],
      [
        'list for a structure',
        'CreateTable',
        { ProvisionedThroughput: [] },
        'Unrecognized collection type class com.amazonaws.dynamodb.v20120810.ProvisionedThroughput',
      ],
      ['text for a map', 'GetItem', { ExpressionAttributeNames: 'x' }, 'Unexpected field type'],
      ['list for a map', 'GetItem', { ExpressionAttributeNames: [] }, 'Unrecognized collection type java.util.Map<java.lang.String, java.lang.String>'],
      ['number as a map value', 'GetItem', { ExpressionAttributeNames: { '#a': 1 } }, 'NUMBER_VALUE cannot be converted to String'],
      [
        'list for an attribute map',
        'GetItem',
        { Key: [] },
        'Unrecognized collection type java.util.Map<java.lang.String, com.amazonaws.dynamodb.v20120810.AttributeValue>',
      ],
      ['text for an attribute value', 'GetItem', { Key: { pk: 'a' } }, 'Unexpected value type in payload'],
      [
        'list for an attribute value',
        'GetItem',
        { Key: { pk: [] } },
        'Unrecognized collection type class com.amazonaws.dynamodb.v20120810.AttributeValue',
      ],
      ['number for S', 'PutItem', { Item: { pk: { S: 1 } } }, 'NUMBER_VALUE cannot be converted to String'],
      ['number for N', 'PutItem', { Item: { pk: { N: 1 } } }, 'NUMBER_VALUE cannot be converted to String'],
      ['number in SS', 'PutItem', { Item: { a: { SS: [1] } } }, 'NUMBER_VALUE cannot be converted to String'],
      ['text for L', 'PutItem', { Item: { a: { L: 'x' } } }, 'Unexpected field type'],
      ['scalar inside L', 'PutItem', { Item: { a: { L: [1] } } }, 'Unexpected value type in payload'],
      ['scalar inside M', 'PutItem', { Item: { a: { M: { b: true } } } }, 'Unexpected value type in payload'],
      ['deeply nested', 'PutItem', { Item: { a: { M: { b: { L: [{ BOOL: 'maybe' }] } } } } }, 'Unexpected token received from parser'],
      ['tag list element', 'TagResource', { Tags: [5] }, 'Unexpected value type in payload'],
    ];
    for (const [name, target, body, message] of cases) it(name, () => serialization(target, body, message));
  });

  describe('binary values', () => {
    it('needs base64 text', () => serialization('PutItem', { Item: { a: { B: 5 } } }, 'only base-64-encoded strings are convertible to bytes'));
    it('needs a length that is a multiple of 4', () =>
      serialization('PutItem', { Item: { a: { B: 'abcde' } } }, 'Base64 encoded length is expected a multiple of 4 bytes but found: 5'));
    it('needs zero padding bits', () =>
      serialization('PutItem', { Item: { a: { BS: ['YR=='] } } }, 'Invalid last non-pad Base64 character dectected'));
    it('refuses characters outside the alphabet', () =>
      serialization('PutItem', { Item: { a: { B: 'ab*d' } } }, 'Invalid last non-pad Base64 character dectected'));
  });

  describe('order and aggregation', () => {
    it('reports a serialization error before any constraint violation', () =>
      serialization('CreateTable', { TableName: 'a', KeySchema: [], BillingMode: 'X', DeletionProtectionEnabled: 2 }, 'NUMBER_VALUE cannot be converted to Boolean'));

    it('lists at most ten violations', async () => {
      const res = await eddy.raw('CreateTable', {
        TableName: 'abc',
        AttributeDefinitions: Array.from({ length: 6 }, () => ({ AttributeName: 'a', AttributeType: 'x' })),
        KeySchema: Array.from({ length: 6 }, () => ({ AttributeName: 'a', KeyType: 'x' })),
      });
      assert.equal(res.status, 400);
      assert.match(res.json.message, /^10 validation errors detected: /);
      assert.equal(res.json.message.split('; ').length, 10);
    });

    it('ignores unknown members and reads null as absent', async () => {
      const res = await eddy.raw('DescribeTable', { TableName: 'Existing', Whatever: { deeply: [1, 2] }, Other: null });
      assert.equal(res.status, 200, res.text);
      assert.equal(res.json.Table.TableName, 'Existing');
      assertRawError(
        await eddy.raw('GetItem', { TableName: null, Key: null }),
        'ValidationException',
        "2 validation errors detected: Value null at 'tableName' failed to satisfy constraint: Member must not be null; " +
          "Value null at 'key' failed to satisfy constraint: Member must not be null",
      );
    });

    it('reads the words true and false as booleans', async () => {
      const res = await eddy.raw('UpdateTable', { TableName: 'Existing', DeletionProtectionEnabled: 'TRUE' });
      assert.equal(res.status, 200, res.text);
      assert.equal(res.json.TableDescription.DeletionProtectionEnabled, true);
      await eddy.raw('UpdateTable', { TableName: 'Existing', DeletionProtectionEnabled: 'false' });
    });

    it('reads an empty body as no members', async () => {
      const res = await eddy.raw('ListTables', '{}');
      assert.equal(res.status, 200);
      assert.deepEqual(res.json, { TableNames: ['Existing'] });
    });
  });
});
