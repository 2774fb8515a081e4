import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  BatchWriteItemCommand,
  CreateTableCommand,
  DeleteItemCommand,
  DeleteTableCommand,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
  TransactWriteItemsCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { startTestEddy, type TestEddy } from '../../helpers/eddy.js';
import { rejectsWith } from './table-fixtures.js';

/** id S; GSI byColor (color S, n N) KEYS_ONLY; every test starts from a fresh table. */
const TABLE = 'IxWrites';

describe('Index entries follow every write path', () => {
  let eddy: TestEddy;
  const put = (id: string, color?: string, size?: number) =>
    eddy.ddb.send(
      new PutItemCommand({
        TableName: TABLE,
        Item: { id: { S: id }, ...(color && { color: { S: color } }), ...(size !== undefined && { n: { N: String(size) } }) },
      }),
    );
  /** Ids under `color`, in index order. */
  const ids = async (color: string) => {
    const result = await eddy.ddb.send(
      new QueryCommand({
        TableName: TABLE,
        IndexName: 'byColor',
        KeyConditionExpression: 'color = :c',
        ExpressionAttributeValues: { ':c': { S: color } },
      }),
    );
    return (result.Items ?? []).map((item) => item['id']!.S);
  };
  /** Every entry of the index as "id:color:n". */
  const entries = async () => {
    const result = await eddy.ddb.send(new ScanCommand({ TableName: TABLE, IndexName: 'byColor' }));
    return (result.Items ?? []).map((i) => `${i['id']!.S}:${i['color']!.S}:${i['n']!.N}`).sort();
  };

  before(async () => {
    eddy = await startTestEddy();
  });

  /** TABLE with the KEYS_ONLY index byColor (color, n). */
  const createColorTable = async () => {
    await eddy.ddb.send(
      new CreateTableCommand({
        TableName: TABLE,
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        AttributeDefinitions: [
          { AttributeName: 'id', AttributeType: 'S' },
          { AttributeName: 'color', AttributeType: 'S' },
          { AttributeName: 'n', AttributeType: 'N' },
        ],
        BillingMode: 'PAY_PER_REQUEST',
        GlobalSecondaryIndexes: [
          {
            IndexName: 'byColor',
            KeySchema: [
              { AttributeName: 'color', KeyType: 'HASH' },
              { AttributeName: 'n', KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'KEYS_ONLY' },
          },
        ],
      }),
    );
  };

  beforeEach(async () => {
    await eddy.ddb.send(new DeleteTableCommand({ TableName: TABLE })).catch(() => undefined);
    await createColorTable();
  });
  after(() => eddy.stop());

  it('moves, drops and re-adds entries on PutItem and UpdateItem, removes them on DeleteItem', async () => {
    await put('a', 'red', 3);
    await put('b', 'red', 1);
    await put('c', 'blue', 2);
    assert.deepEqual(await ids('red'), ['b', 'a']);
    await put('a', 'blue', 1); // replaced: moves to blue
    assert.deepEqual(await ids('red'), ['b']);
    assert.deepEqual(await ids('blue'), ['a', 'c']);
    await eddy.ddb.send(
      new UpdateItemCommand({ TableName: TABLE, Key: { id: { S: 'c' } }, UpdateExpression: 'SET n = :s', ExpressionAttributeValues: { ':s': { N: '0' } } }),
    );
    assert.deepEqual(await ids('blue'), ['c', 'a']);
    await eddy.ddb.send(new UpdateItemCommand({ TableName: TABLE, Key: { id: { S: 'b' } }, UpdateExpression: 'REMOVE n' }));
    assert.deepEqual(await ids('red'), []); // no sort key value any more: out of the index
    await eddy.ddb.send(
      new UpdateItemCommand({ TableName: TABLE, Key: { id: { S: 'b' } }, UpdateExpression: 'SET n = :s', ExpressionAttributeValues: { ':s': { N: '9' } } }),
    );
    assert.deepEqual(await ids('red'), ['b']);
    await eddy.ddb.send(new DeleteItemCommand({ TableName: TABLE, Key: { id: { S: 'b' } } }));
    assert.deepEqual(await entries(), ['a:blue:1', 'c:blue:0']);
  });

  it('writes the entries of TransactWriteItems actions, and none of a cancelled transaction', async () => {
    await put('a', 'red', 1);
    await put('b', 'red', 2);
    await eddy.ddb.send(
      new TransactWriteItemsCommand({
        TransactItems: [
          { Put: { TableName: TABLE, Item: { id: { S: 'c' }, color: { S: 'green' }, n: { N: '5' } } } },
          { Delete: { TableName: TABLE, Key: { id: { S: 'a' } } } },
          {
            Update: {
              TableName: TABLE,
              Key: { id: { S: 'b' } },
              UpdateExpression: 'SET color = :g',
              ExpressionAttributeValues: { ':g': { S: 'green' } },
            },
          },
        ],
      }),
    );
    assert.deepEqual(await entries(), ['b:green:2', 'c:green:5']);
    await rejectsWith(
      eddy.ddb.send(
        new TransactWriteItemsCommand({
          TransactItems: [
            { Put: { TableName: TABLE, Item: { id: { S: 'd' }, color: { S: 'red' }, n: { N: '1' } } } },
            { Delete: { TableName: TABLE, Key: { id: { S: 'c' } }, ConditionExpression: 'attribute_not_exists(id)' } },
          ],
        }),
      ),
      'TransactionCanceledException',
      'Transaction cancelled, please refer cancellation reasons for specific reasons [None, ConditionalCheckFailed]',
    );
    assert.deepEqual(await entries(), ['b:green:2', 'c:green:5']);
  });

  it('writes and removes entries through BatchWriteItem', async () => {
    await put('a', 'red', 1);
    await eddy.ddb.send(
      new BatchWriteItemCommand({
        RequestItems: {
          [TABLE]: [
            { PutRequest: { Item: { id: { S: 'b' }, color: { S: 'red' }, n: { N: '2' } } } },
            { PutRequest: { Item: { id: { S: 'c' }, color: { S: 'red' } } } }, // no n: not indexed
            { DeleteRequest: { Key: { id: { S: 'a' } } } },
          ],
        },
      }),
    );
    assert.deepEqual(await entries(), ['b:red:2']);
  });

  it('drops the entries of a deleted table: a table re-created under its name starts empty', async () => {
    await put('a', 'red', 1);
    await eddy.ddb.send(new DeleteTableCommand({ TableName: TABLE }));
    await createColorTable();
    assert.deepEqual(await entries(), []);
  });
});
