import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CreateTableCommand, QueryCommand, type QueryCommandInput } from '@aws-sdk/client-dynamodb';
import { startTestEddy, type TestEddy } from '../../helpers/eddy.js';
import { putAll, type Item } from './read-fixtures.js';
import { tableName, validationError } from './table-fixtures.js';

/**
 * A KeyConditionExpression's parse is kept by its text (src/table/expressions/key-condition-cache.ts):
 * the same text must still be read with each request's names and values, against the key schema of
 * the table or index each request names, and an error must come back the same every time.
 */
describe('Query: one key condition text reused across requests', () => {
  let eddy: TestEddy;
  const table = tableName('reuse');
  const q = (input: Omit<QueryCommandInput, 'TableName'>) => eddy.ddb.send(new QueryCommand({ TableName: table, ...input }));
  const sks = (items: Item[] | undefined) => (items ?? []).map((item) => item['sk']!.S);
  const TEXT = '#p = :p AND #s > :s';

  before(async () => {
    eddy = await startTestEddy();
    await eddy.ddb.send(
      new CreateTableCommand({
        TableName: table,
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'sk', AttributeType: 'S' },
          { AttributeName: 'gpk', AttributeType: 'S' },
          { AttributeName: 'gsk', AttributeType: 'N' },
        ],
        BillingMode: 'PAY_PER_REQUEST',
        GlobalSecondaryIndexes: [
          { IndexName: 'byG', KeySchema: [{ AttributeName: 'gpk', KeyType: 'HASH' }, { AttributeName: 'gsk', KeyType: 'RANGE' }], Projection: { ProjectionType: 'ALL' } },
        ],
      }),
    );
    const items: Item[] = [];
    for (let i = 1; i <= 4; i++) items.push({ pk: { S: 'a' }, sk: { S: `s${i}` }, gpk: { S: 'g' }, gsk: { N: String(10 - i) } });
    await putAll(eddy.ddb, table, items);
  });
  after(() => eddy.stop());

  it('reads the same text against the table and an index with other keys, by each request names', async () => {
    for (let round = 0; round < 2; round++) {
      const onTable = await q({
        KeyConditionExpression: TEXT,
        ExpressionAttributeNames: { '#p': 'pk', '#s': 'sk' },
        ExpressionAttributeValues: { ':p': { S: 'a' }, ':s': { S: 's2' } },
      });
      assert.deepEqual(sks(onTable.Items), ['s3', 's4']);
      const onIndex = await q({
        IndexName: 'byG',
        KeyConditionExpression: TEXT,
        ExpressionAttributeNames: { '#p': 'gpk', '#s': 'gsk' },
        ExpressionAttributeValues: { ':p': { S: 'g' }, ':s': { N: '7' } },
      });
      assert.deepEqual(sks(onIndex.Items), ['s2', 's1']);
    }
  });

  it('refuses the same text and names on an index whose keys they do not name, every time, and still reads the table', async () => {
    const input = {
      KeyConditionExpression: TEXT,
      ExpressionAttributeNames: { '#p': 'pk', '#s': 'sk' },
      ExpressionAttributeValues: { ':p': { S: 'a' }, ':s': { S: 's2' } },
    };
    for (let round = 0; round < 2; round++) {
      await validationError(q({ IndexName: 'byG', ...input }), 'Query condition missed key schema element: gpk');
      assert.deepEqual(sks((await q(input)).Items), ['s3', 's4']);
    }
  });

  it('answers each request values: a wrong type or reversed bounds are refused every time, good values read again', async () => {
    const between = 'pk = :p AND sk BETWEEN :a AND :b';
    const read = (a: string, b: string) => q({ KeyConditionExpression: between, ExpressionAttributeValues: { ':p': { S: 'a' }, ':a': { S: a }, ':b': { S: b } } });
    assert.deepEqual(sks((await read('s2', 's3')).Items), ['s2', 's3']);
    for (let round = 0; round < 2; round++) {
      await validationError(
        read('s3', 's2'),
        'Invalid KeyConditionExpression: The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: AttributeValue: {S:s3}, upper bound operand: AttributeValue: {S:s2}',
      );
      await validationError(
        q({ KeyConditionExpression: between, ExpressionAttributeValues: { ':p': { S: 'a' }, ':a': { N: '1' }, ':b': { N: '2' } } }),
        'One or more parameter values were invalid: Condition parameter type does not match schema type',
      );
      await validationError(
        q({ KeyConditionExpression: between, ExpressionAttributeValues: { ':p': { S: 'a' }, ':a': { S: 's1' } } }),
        'Invalid KeyConditionExpression: An expression attribute value used in expression is not defined; attribute value: :b',
      );
    }
    assert.deepEqual(sks((await read('s1', 's2')).Items), ['s1', 's2']);
  });
});
