import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  BatchGetItemCommand,
  BatchWriteItemCommand,
  CreateTableCommand,
  DeleteItemCommand,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
  TransactGetItemsCommand,
  TransactWriteItemsCommand,
  UpdateItemCommand,
  type AttributeValue,
} from '@aws-sdk/client-dynamodb';
import { startTestEddy, type TestEddy } from '../../helpers/eddy.js';
import { hashTable, validationError } from './table-fixtures.js';

/** Unconfirmed as AWS's whole message for an item's name: see src/table/validation/attribute-names.ts. */
const EMPTY_NAME = 'Empty attribute name';
/** As applications check for it against AWS. */
const emptyPlaceholder = (key: string) => `ExpressionAttributeNames contains invalid value: Empty attribute name for key ${key}`;

/** An attribute may not be named "": not in an item, a key, AttributeUpdates, nor through ExpressionAttributeNames. */
describe('empty attribute names', () => {
  let eddy: TestEddy;
  const TABLE = 'EmptyNames'; // pk S
  const key = { pk: { S: 'p' } };
  before(async () => {
    eddy = await startTestEddy();
    await eddy.ddb.send(new CreateTableCommand(hashTable(TABLE)));
    await eddy.ddb.send(new PutItemCommand({ TableName: TABLE, Item: { pk: { S: 'p' }, a: { S: 'kept' } } }));
  });
  after(() => eddy.stop());

  describe('in items and keys', () => {
    it('PutItem refuses one at the top of the item and nested in a map, before looking up the table', async () => {
      await validationError(eddy.ddb.send(new PutItemCommand({ TableName: TABLE, Item: { ...key, '': { S: 'x' } } })), EMPTY_NAME);
      await validationError(
        eddy.ddb.send(new PutItemCommand({ TableName: TABLE, Item: { ...key, doc: { L: [{ M: { '': { N: '1' } } }] } } })),
        EMPTY_NAME,
      );
      await validationError(eddy.ddb.send(new PutItemCommand({ TableName: 'NoSuchTable', Item: { ...key, '': { S: 'x' } } })), EMPTY_NAME);
    });

    it('a bad value is reported before the empty name', () =>
      validationError(
        eddy.ddb.send(new PutItemCommand({ TableName: TABLE, Item: { ...key, '': { S: 'x' }, n: { N: 'nope' } } })),
        'The parameter cannot be converted to a numeric value: nope',
      ));

    it('GetItem, DeleteItem and UpdateItem refuse one in the key', async () => {
      const Key = { '': { S: 'p' } };
      await validationError(eddy.ddb.send(new GetItemCommand({ TableName: TABLE, Key })), EMPTY_NAME);
      await validationError(eddy.ddb.send(new DeleteItemCommand({ TableName: TABLE, Key })), EMPTY_NAME);
      await validationError(eddy.ddb.send(new UpdateItemCommand({ TableName: TABLE, Key })), EMPTY_NAME);
    });

    it('UpdateItem refuses one in AttributeUpdates', () =>
      validationError(
        eddy.ddb.send(new UpdateItemCommand({ TableName: TABLE, Key: key, AttributeUpdates: { '': { Action: 'PUT', Value: { S: 'x' } } } })),
        EMPTY_NAME,
      ));

    it('BatchWriteItem refuses one in a put item or a delete key, BatchGetItem in a key', async () => {
      await validationError(
        eddy.ddb.send(new BatchWriteItemCommand({ RequestItems: { [TABLE]: [{ PutRequest: { Item: { ...key, '': { S: 'x' } } } }] } })),
        EMPTY_NAME,
      );
      await validationError(
        eddy.ddb.send(new BatchWriteItemCommand({ RequestItems: { [TABLE]: [{ DeleteRequest: { Key: { '': { S: 'p' } } } }] } })),
        EMPTY_NAME,
      );
      await validationError(eddy.ddb.send(new BatchGetItemCommand({ RequestItems: { [TABLE]: { Keys: [{ '': { S: 'p' } }] } } })), EMPTY_NAME);
    });

    it('TransactWriteItems refuses one in a Put item and in each action key; TransactGetItems in a key', async () => {
      const transact = (item: object) => eddy.ddb.send(new TransactWriteItemsCommand({ TransactItems: [item] }));
      await validationError(transact({ Put: { TableName: TABLE, Item: { ...key, '': { S: 'x' } } } }), EMPTY_NAME);
      await validationError(transact({ Delete: { TableName: TABLE, Key: { '': { S: 'p' } } } }), EMPTY_NAME);
      await validationError(
        transact({ Update: { TableName: TABLE, Key: { '': { S: 'p' } }, UpdateExpression: 'SET a = :v', ExpressionAttributeValues: { ':v': { S: 'x' } } } }),
        EMPTY_NAME,
      );
      await validationError(
        transact({ ConditionCheck: { TableName: TABLE, Key: { '': { S: 'p' } }, ConditionExpression: 'attribute_exists(pk)' } }),
        EMPTY_NAME,
      );
      await validationError(
        eddy.ddb.send(new TransactGetItemsCommand({ TransactItems: [{ Get: { TableName: TABLE, Key: { '': { S: 'p' } } } }] })),
        EMPTY_NAME,
      );
    });

    it('nothing was written', async () => {
      const item = (await eddy.ddb.send(new GetItemCommand({ TableName: TABLE, Key: key, ConsistentRead: true }))).Item;
      assert.deepEqual(item, { pk: { S: 'p' }, a: { S: 'kept' } });
    });
  });

  describe('through ExpressionAttributeNames', () => {
    const names = { '#e': '' };
    it('is refused in every expression, naming the placeholder', async () => {
      await validationError(
        eddy.ddb.send(new GetItemCommand({ TableName: TABLE, Key: key, ProjectionExpression: '#e', ExpressionAttributeNames: names })),
        emptyPlaceholder('#e'),
      );
      await validationError(
        eddy.ddb.send(
          new UpdateItemCommand({
            TableName: TABLE,
            Key: key,
            UpdateExpression: 'SET #e = :v',
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: { ':v': { S: 'x' } },
          }),
        ),
        emptyPlaceholder('#e'),
      );
      await validationError(
        eddy.ddb.send(
          new PutItemCommand({ TableName: TABLE, Item: key, ConditionExpression: 'attribute_not_exists(#e)', ExpressionAttributeNames: names }),
        ),
        emptyPlaceholder('#e'),
      );
      await validationError(
        eddy.ddb.send(
          new DeleteItemCommand({ TableName: TABLE, Key: key, ConditionExpression: 'attribute_exists(#e)', ExpressionAttributeNames: names }),
        ),
        emptyPlaceholder('#e'),
      );
      await validationError(
        eddy.ddb.send(
          new QueryCommand({
            TableName: TABLE,
            KeyConditionExpression: 'pk = :p',
            FilterExpression: 'attribute_exists(#e)',
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: { ':p': { S: 'p' } },
          }),
        ),
        emptyPlaceholder('#e'),
      );
      await validationError(
        eddy.ddb.send(new ScanCommand({ TableName: TABLE, ProjectionExpression: '#e', ExpressionAttributeNames: names })),
        emptyPlaceholder('#e'),
      );
      await validationError(
        eddy.ddb.send(
          new BatchGetItemCommand({ RequestItems: { [TABLE]: { Keys: [key], ProjectionExpression: '#e', ExpressionAttributeNames: names } } }),
        ),
        emptyPlaceholder('#e'),
      );
      await validationError(
        eddy.ddb.send(
          new TransactWriteItemsCommand({
            TransactItems: [{ Put: { TableName: TABLE, Item: key, ConditionExpression: 'attribute_not_exists(#e)', ExpressionAttributeNames: names } }],
          }),
        ),
        emptyPlaceholder('#e'),
      );
    });

    it('the placeholder maps are checked first: a bad key, then the values, then the names', async () => {
      const update = (ExpressionAttributeNames: Record<string, string>, value: AttributeValue) =>
        eddy.ddb.send(
          new UpdateItemCommand({
            TableName: TABLE,
            Key: key,
            UpdateExpression: 'SET #e = :v',
            ExpressionAttributeNames,
            ExpressionAttributeValues: { ':v': value },
          }),
        );
      await validationError(
        update({ '#e': '', bad: 'a' }, { S: 'x' }),
        'ExpressionAttributeNames contains invalid key: Syntax error; key: "bad"',
      );
      await validationError(
        update({ '#e': '' }, { N: 'nope' }),
        'ExpressionAttributeValues contains invalid value: The parameter cannot be converted to a numeric value: nope for key :v',
      );
      await validationError(update({ '#ok': 'a', '#e': '' }, { S: 'x' }), emptyPlaceholder('#e'));
    });
  });
});
