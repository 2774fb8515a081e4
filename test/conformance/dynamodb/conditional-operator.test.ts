import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateTableCommand,
  DeleteItemCommand,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
  UpdateItemCommand,
  type Condition,
} from '@aws-sdk/client-dynamodb';
import { startTestEddy, type TestEddy } from '../../helpers/eddy.js';
import { hashTable, validationError } from './table-fixtures.js';

/** Both texts as recorded on AWS by ExtendDB's dual-target suite (test_conditional_operator.py). */
const WITHOUT = 'ConditionalOperator cannot be used without Filter or Expected';
const WITH_ONE = 'ConditionalOperator can only be used when Filter or Expected has two or more elements';

const eq = (value: string): Condition => ({ ComparisonOperator: 'EQ', AttributeValueList: [{ S: value }] });

/** ConditionalOperator joins two or more legacy conditions (Expected, QueryFilter, ScanFilter); alone it is refused. */
describe('ConditionalOperator', () => {
  let eddy: TestEddy;
  const TABLE = 'CondOperator'; // pk S
  const key = { pk: { S: 'p' } };
  before(async () => {
    eddy = await startTestEddy();
    await eddy.ddb.send(new CreateTableCommand(hashTable(TABLE)));
    await eddy.ddb.send(new PutItemCommand({ TableName: TABLE, Item: { ...key, a: { S: 'x' }, b: { S: 'y' } } }));
  });
  after(() => eddy.stop());

  describe('without Expected', () => {
    it('PutItem, DeleteItem and UpdateItem refuse it, with or without AttributeUpdates', async () => {
      await validationError(eddy.ddb.send(new PutItemCommand({ TableName: TABLE, Item: { pk: { S: 'q' } }, ConditionalOperator: 'AND' })), WITHOUT);
      await validationError(eddy.ddb.send(new DeleteItemCommand({ TableName: TABLE, Key: key, ConditionalOperator: 'OR' })), WITHOUT);
      await validationError(eddy.ddb.send(new UpdateItemCommand({ TableName: TABLE, Key: key, ConditionalOperator: 'AND' })), WITHOUT);
      await validationError(
        eddy.ddb.send(
          new UpdateItemCommand({
            TableName: TABLE,
            Key: key,
            ConditionalOperator: 'AND',
            AttributeUpdates: { a: { Action: 'PUT', Value: { S: 'v' } } },
          }),
        ),
        WITHOUT,
      );
    });

    it('an empty Expected counts as none', () =>
      validationError(eddy.ddb.send(new PutItemCommand({ TableName: TABLE, Item: key, Expected: {}, ConditionalOperator: 'OR' })), WITHOUT));

    it('it is refused before the table is looked up', () =>
      validationError(eddy.ddb.send(new PutItemCommand({ TableName: 'NoSuchTable', Item: key, ConditionalOperator: 'AND' })), WITHOUT));

    it('with one condition in Expected it is refused too', async () => {
      await validationError(
        eddy.ddb.send(new PutItemCommand({ TableName: TABLE, Item: key, ConditionalOperator: 'AND', Expected: { a: eq('x') } })),
        WITH_ONE,
      );
      await validationError(
        eddy.ddb.send(new DeleteItemCommand({ TableName: TABLE, Key: key, ConditionalOperator: 'AND', Expected: { a: eq('x') } })),
        WITH_ONE,
      );
      await validationError(
        eddy.ddb.send(new UpdateItemCommand({ TableName: TABLE, Key: key, ConditionalOperator: 'OR', Expected: { a: { Exists: true, Value: { S: 'x' } } } })),
        WITH_ONE,
      );
    });

    it('mixed with an expression, the mixing is reported instead', () =>
      validationError(
        eddy.ddb.send(new PutItemCommand({ TableName: TABLE, Item: key, ConditionalOperator: 'AND', ConditionExpression: 'attribute_exists(pk)' })),
        'Can not use both expression and non-expression parameters in the same request: ' +
          'Non-expression parameters: {ConditionalOperator} Expression parameters: {ConditionExpression}',
      ));
  });

  describe('without QueryFilter or ScanFilter', () => {
    const keyConditions = { pk: eq('p') };
    it('Query refuses it, before asking for a key condition', async () => {
      await validationError(eddy.ddb.send(new QueryCommand({ TableName: TABLE, KeyConditions: keyConditions, ConditionalOperator: 'AND' })), WITHOUT);
      await validationError(eddy.ddb.send(new QueryCommand({ TableName: TABLE, ConditionalOperator: 'AND' })), WITHOUT);
      await validationError(
        eddy.ddb.send(new QueryCommand({ TableName: TABLE, KeyConditions: keyConditions, QueryFilter: { a: eq('x') }, ConditionalOperator: 'OR' })),
        WITH_ONE,
      );
    });

    it('Scan refuses it, with no filter, an empty one, one condition, or AttributesToGet alone', async () => {
      await validationError(eddy.ddb.send(new ScanCommand({ TableName: TABLE, ConditionalOperator: 'OR' })), WITHOUT);
      await validationError(eddy.ddb.send(new ScanCommand({ TableName: TABLE, ConditionalOperator: 'AND', ScanFilter: {} })), WITHOUT);
      await validationError(eddy.ddb.send(new ScanCommand({ TableName: TABLE, ConditionalOperator: 'AND', AttributesToGet: ['a', 'b'] })), WITHOUT);
      await validationError(eddy.ddb.send(new ScanCommand({ TableName: TABLE, ConditionalOperator: 'AND', ScanFilter: { a: eq('x') } })), WITH_ONE);
    });
  });

  it('with two or more conditions it joins them', async () => {
    const scanned = await eddy.ddb.send(new ScanCommand({ TableName: TABLE, ConditionalOperator: 'OR', ScanFilter: { a: eq('no'), b: eq('y') } }));
    assert.equal(scanned.Count, 1);
    await eddy.ddb.send(
      new PutItemCommand({ TableName: TABLE, Item: { ...key, c: { S: 'z' } }, ConditionalOperator: 'OR', Expected: { a: eq('no'), b: eq('y') } }),
    );
    const item = (await eddy.ddb.send(new GetItemCommand({ TableName: TABLE, Key: key, ConsistentRead: true }))).Item;
    assert.deepEqual(item, { ...key, c: { S: 'z' } });
  });
});
