import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CreateTableCommand, QueryCommand, type QueryCommandInput } from '@aws-sdk/client-dynamodb';
import { startTestEddy, type TestEddy } from '../../helpers/eddy.js';
import { notFound, validation } from './item-fixtures.js';
import { createTable } from './read-fixtures.js';

const TABLE = 'QErrors'; // pk S, sk N
const HASH_ONLY = 'QErrorsHash'; // id S
const INDEXED = 'QErrorsIndexed'; // pk S, sk S; GSI byOwner (owner S), LSI byDate (pk, date S)

describe('Query validation', () => {
  let eddy: TestEddy;
  const send = (input: Omit<QueryCommandInput, 'TableName'> & { TableName?: string }) =>
    eddy.ddb.send(new QueryCommand({ TableName: TABLE, ...input } as QueryCommandInput));
  const key = { KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': { S: 'a' } } };

  before(async () => {
    eddy = await startTestEddy();
    await createTable(eddy.ddb, TABLE, ['pk', 'S'], ['sk', 'N']);
    await createTable(eddy.ddb, HASH_ONLY, ['id', 'S']);
    await eddy.ddb.send(
      new CreateTableCommand({
        TableName: INDEXED,
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'sk', AttributeType: 'S' },
          { AttributeName: 'owner', AttributeType: 'S' },
          { AttributeName: 'date', AttributeType: 'S' },
        ],
        BillingMode: 'PAY_PER_REQUEST',
        GlobalSecondaryIndexes: [
          { IndexName: 'byOwner', KeySchema: [{ AttributeName: 'owner', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' } },
        ],
        LocalSecondaryIndexes: [
          {
            IndexName: 'byDate',
            KeySchema: [
              { AttributeName: 'pk', KeyType: 'HASH' },
              { AttributeName: 'date', KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'KEYS_ONLY' },
          },
        ],
      }),
    );
  });
  after(() => eddy.stop());

  describe('before the table is looked up', () => {
    it('reports constraint violations together', async () => {
      const res = await eddy.raw('Query', { TableName: 'ab', Limit: 0, Select: 'count', IndexName: 'x' });
      assert.equal(res.status, 400);
      assert.equal(
        res.json.message,
        "4 validation errors detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1; " +
          "Value 'count' at 'select' failed to satisfy constraint: Member must satisfy enum value set: [SPECIFIC_ATTRIBUTES, COUNT, ALL_ATTRIBUTES, ALL_PROJECTED_ATTRIBUTES]; " +
          "Value 'ab' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 3; " +
          "Value 'x' at 'indexName' failed to satisfy constraint: Member must have length greater than or equal to 3",
      );
    });

    it('refuses a projection with a Select other than SPECIFIC_ATTRIBUTES', async () => {
      await validation(send({ ...key, Select: 'COUNT', ProjectionExpression: 'a' }), '1 validation error detected: Cannot specify the ProjectionExpression when choosing to get only the Count');
      await validation(send({ ...key, Select: 'ALL_ATTRIBUTES', ProjectionExpression: 'a' }), '1 validation error detected: Cannot specify the ProjectionExpression when choosing to get ALL_ATTRIBUTES');
      await validation(
        send({ KeyConditions: { pk: { ComparisonOperator: 'EQ', AttributeValueList: [{ S: 'a' }] } }, Select: 'COUNT', AttributesToGet: ['a'] }),
        '1 validation error detected: Cannot specify the AttributesToGet when choosing to get only the Count',
      );
    });

    it('refuses ALL_PROJECTED_ATTRIBUTES without IndexName and SPECIFIC_ATTRIBUTES without a projection', async () => {
      await validation(send({ ...key, Select: 'ALL_PROJECTED_ATTRIBUTES' }), '1 validation error detected: ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName');
      await validation(
        send({ ...key, Select: 'SPECIFIC_ATTRIBUTES' }),
        '1 validation error detected: Must specify the AttributesToGet or ProjectionExpression when choosing to get SPECIFIC_ATTRIBUTES',
      );
    });

    it('refuses mixing legacy parameters and expressions, and placeholders without expressions', async () => {
      await validation(
        send({ ...key, QueryFilter: { a: { ComparisonOperator: 'NULL' } } }),
        'Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {QueryFilter} Expression parameters: {KeyConditionExpression}',
      );
      await validation(
        send({ KeyConditions: { pk: { ComparisonOperator: 'EQ', AttributeValueList: [{ S: 'a' }] } }, ExpressionAttributeValues: { ':a': { S: 'a' } } }),
        'ExpressionAttributeValues can only be specified when using expressions: FilterExpression and KeyConditionExpression are null',
      );
    });

    it('needs a key condition', async () => {
      await validation(send({}), 'Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.');
    });

    it('refuses bad key-condition expressions with DynamoDB messages', async () => {
      const cases: [string, string][] = [
        ['pk = :p OR sk = :n', 'Invalid operator used in KeyConditionExpression: OR'],
        ['pk = :p AND sk <> :n', 'Invalid operator used in KeyConditionExpression: <>'],
        ['pk = :p AND contains(sk, :n)', 'Invalid operator used in KeyConditionExpression: contains'],
        ['pk = :p AND sk > :n AND sk < :n', 'KeyConditionExpressions must only contain one condition per key'],
        ['pk = :p AND size(sk) > :n', 'KeyConditionExpressions cannot contain nested operations'],
        ['pk = :p AND begins_with(sk, :n)', 'Invalid KeyConditionExpression: Incorrect operand type for operator or function; operator or function: begins_with, operand type: N'],
      ];
      for (const [expression, message] of cases) {
        await validation(send({ KeyConditionExpression: expression, ExpressionAttributeValues: { ':p': { S: 'a' }, ':n': { N: '1' } } }), message);
      }
      await validation(
        send({ KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': { S: 'a' }, ':unused': { N: '1' } } }),
        'Value provided in ExpressionAttributeValues unused in expressions: keys: {:unused}',
      );
    });
  });

  describe('against the key schema', () => {
    it('needs the partition key by equality, values of the key types', async () => {
      await validation(send({ KeyConditionExpression: 'sk = :n', ExpressionAttributeValues: { ':n': { N: '1' } } }), 'Query condition missed key schema element: pk');
      await validation(send({ KeyConditionExpression: 'pk > :p', ExpressionAttributeValues: { ':p': { S: 'a' } } }), 'Query key condition not supported');
      await validation(
        send({ KeyConditionExpression: 'pk = :p AND extra = :n', ExpressionAttributeValues: { ':p': { S: 'a' }, ':n': { N: '1' } } }),
        'Query condition missed key schema element: sk',
      );
      await validation(
        send({ KeyConditionExpression: 'pk = :p AND sk = :s', ExpressionAttributeValues: { ':p': { S: 'a' }, ':s': { S: '1' } } }),
        'One or more parameter values were invalid: Condition parameter type does not match schema type',
      );
      await validation(
        send({ KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': { S: '' } } }),
        'One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: pk',
      );
      await validation(
        send({ KeyConditions: { pk: { ComparisonOperator: 'EQ', AttributeValueList: [{ S: 'a' }] }, sk: { ComparisonOperator: 'NE', AttributeValueList: [{ N: '1' }] } } }),
        'Attempted conditional constraint is not an indexable operation',
      );
      await validation(
        send({ KeyConditions: { pk: { ComparisonOperator: 'EQ', AttributeValueList: [{ S: 'a' }, { S: 'b' }] } } }),
        'One or more parameter values were invalid: Invalid number of argument(s) for the EQ ComparisonOperator',
      );
    });

    it('refuses a filter on a key attribute', async () => {
      await validation(
        send({ ...key, FilterExpression: 'sk > :n', ExpressionAttributeValues: { ':p': { S: 'a' }, ':n': { N: '1' } } }),
        'Filter Expression can only contain non-primary key attributes: Primary key attribute: sk',
      );
      await validation(
        send({
          KeyConditions: { pk: { ComparisonOperator: 'EQ', AttributeValueList: [{ S: 'a' }] } },
          QueryFilter: { pk: { ComparisonOperator: 'NOT_NULL' } },
        }),
        'QueryFilter can only contain non-primary key attributes: Primary key attribute: pk',
      );
    });

    it('checks ExclusiveStartKey against the key schema and the key condition', async () => {
      await validation(send({ ...key, ExclusiveStartKey: { pk: { S: 'a' } } }), 'The provided starting key is invalid');
      await validation(send({ ...key, ExclusiveStartKey: { pk: { S: 'a' }, sk: { N: '1' }, x: { N: '1' } } }), 'The provided starting key is invalid');
      await validation(send({ ...key, ExclusiveStartKey: { pk: { S: 'a' }, sk: { S: '1' } } }), 'The provided key element does not match the schema');
      await validation(
        send({ ...key, ExclusiveStartKey: { pk: { S: 'a' }, sk: { N: 'x' } } }),
        'The provided starting key is invalid: The parameter cannot be converted to a numeric value: x',
      );
      await validation(
        send({ ...key, ExclusiveStartKey: { pk: { S: 'b' }, sk: { N: '1' } } }),
        'The provided starting key is outside query boundaries based on provided conditions',
      );
      const ranged = { KeyConditionExpression: 'pk = :p AND sk > :n', ExpressionAttributeValues: { ':p': { S: 'a' }, ':n': { N: '5' } } };
      await validation(send({ ...ranged, ExclusiveStartKey: { pk: { S: 'a' }, sk: { N: '5' } } }), 'The provided starting key does not match the range key predicate');
      await validation(send({ ...ranged, ExclusiveStartKey: { pk: { S: 'b' }, sk: { N: '6' } } }), 'The query can return at most one row and cannot be restarted');
    });

    it('refuses an index the table does not have, consistent GSI reads and filters on index keys', async () => {
      await validation(send({ ...key, IndexName: 'nope' }), 'The table does not have the specified index: nope');
      await validation(
        send({ TableName: INDEXED, IndexName: 'byOwner', ConsistentRead: true, KeyConditionExpression: '#o = :o', ExpressionAttributeNames: { '#o': 'owner' }, ExpressionAttributeValues: { ':o': { S: 'x' } } }),
        'Consistent reads are not supported on global secondary indexes',
      );
      await validation(
        send({ TableName: INDEXED, IndexName: 'byDate', ...key, FilterExpression: '#d = :p', ExpressionAttributeNames: { '#d': 'date' } }),
        'Filter Expression can only contain non-primary key attributes: Primary key attribute: date',
      );
    });

    it('answers ResourceNotFoundException for a missing table', async () => {
      await notFound(send({ TableName: 'NoSuchTable', ...key }));
    });
  });
});
