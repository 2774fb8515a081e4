import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CreateTableCommand, QueryCommand, ScanCommand, type QueryCommandInput, type ScanCommandInput } from '@aws-sdk/client-dynamodb';
import { startTestEddy, type TestEddy } from '../../helpers/eddy.js';
import { put, validation } from './item-fixtures.js';
import { hashTable, tableName } from './table-fixtures.js';

/**
 * Which mixes of legacy parameters (AttributesToGet, KeyConditions, QueryFilter, ScanFilter,
 * ConditionalOperator) and expressions Query and Scan accept, as ExtendDB's suite records them against
 * DynamoDB (tests/test_conditional_operator.py) and dynalite's suite, run against AWS, words them.
 */
describe('Query and Scan: legacy parameters beside expressions', () => {
  let eddy: TestEddy;
  const table = tableName('styles'); // HASH pk (S)
  const cond = (value: string) => ({ ComparisonOperator: 'EQ' as const, AttributeValueList: [{ S: value }] });
  const keyConditions = { pk: cond('k1') };
  const query = (input: Omit<QueryCommandInput, 'TableName'>) => eddy.ddb.send(new QueryCommand({ TableName: table, ...input }));
  const scan = (input: Omit<ScanCommandInput, 'TableName'>) => eddy.ddb.send(new ScanCommand({ TableName: table, ...input }));
  const mixing = (legacy: string, expressions: string) =>
    'Can not use both expression and non-expression parameters in the same request: ' +
    `Non-expression parameters: {${legacy}} Expression parameters: {${expressions}}`;

  before(async () => {
    eddy = await startTestEddy();
    await eddy.ddb.send(new CreateTableCommand(hashTable(table)));
    await put(eddy.ddb, table, { pk: { S: 'k1' }, a: { S: 'x' }, b: { S: 'y' } });
  });
  after(() => eddy.stop());

  describe('Query accepts legacy KeyConditions', () => {
    it('with a FilterExpression, which filters', async () => {
      const kept = await query({ KeyConditions: keyConditions, FilterExpression: 'a = :v', ExpressionAttributeValues: { ':v': { S: 'x' } } });
      assert.equal(kept.Count, 1);
      const dropped = await query({ KeyConditions: keyConditions, FilterExpression: 'a = :v', ExpressionAttributeValues: { ':v': { S: 'no' } } });
      assert.deepEqual([dropped.Count, dropped.ScannedCount], [0, 1]);
    });

    it('with a ProjectionExpression, which projects', async () => {
      const out = await query({ KeyConditions: keyConditions, ProjectionExpression: '#a', ExpressionAttributeNames: { '#a': 'a' } });
      assert.deepEqual(out.Items, [{ a: { S: 'x' } }]);
    });

    it('with AttributesToGet, and with a QueryFilter of two conditions joined by ConditionalOperator', async () => {
      assert.deepEqual((await query({ KeyConditions: keyConditions, AttributesToGet: ['b'] })).Items, [{ b: { S: 'y' } }]);
      const out = await query({ KeyConditions: keyConditions, ConditionalOperator: 'OR', QueryFilter: { a: cond('x'), b: cond('nope') } });
      assert.equal(out.Count, 1);
    });

    it('still checks the filter against the key attributes and the placeholders as used', async () => {
      await validation(
        query({ KeyConditions: keyConditions, FilterExpression: 'pk = :v', ExpressionAttributeValues: { ':v': { S: 'k1' } } }),
        'Filter Expression can only contain non-primary key attributes: Primary key attribute: pk',
      );
      await validation(
        query({ KeyConditions: keyConditions, FilterExpression: 'a = :v', ExpressionAttributeValues: { ':v': { S: 'x' }, ':u': { S: 'y' } } }),
        'Value provided in ExpressionAttributeValues unused in expressions: keys: {:u}',
      );
    });
  });

  describe('Query refuses', () => {
    const keyExpression = { KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': { S: 'k1' } } };

    it('a legacy parameter beside KeyConditionExpression, KeyConditions included', async () => {
      await validation(query({ ...keyExpression, QueryFilter: { a: cond('x') } }), mixing('QueryFilter', 'KeyConditionExpression'));
      await validation(query({ ...keyExpression, AttributesToGet: ['a'] }), mixing('AttributesToGet', 'KeyConditionExpression'));
      await validation(query({ ...keyExpression, ConditionalOperator: 'AND' }), mixing('ConditionalOperator', 'KeyConditionExpression'));
      await validation(query({ ...keyExpression, KeyConditions: keyConditions }), mixing('KeyConditions', 'KeyConditionExpression'));
    });

    it('QueryFilter or AttributesToGet beside a filter or projection expression, leaving KeyConditions out of the message', async () => {
      await validation(
        query({ KeyConditions: keyConditions, QueryFilter: { a: cond('x') }, FilterExpression: 'a = :v', ExpressionAttributeValues: { ':v': { S: 'x' } } }),
        mixing('QueryFilter', 'FilterExpression'),
      );
      await validation(query({ KeyConditions: keyConditions, AttributesToGet: ['a'], ProjectionExpression: 'b' }), mixing('AttributesToGet', 'ProjectionExpression'));
    });

    it('naming every parameter on each side in a fixed order', async () => {
      await validation(
        query({
          KeyConditions: keyConditions,
          QueryFilter: { a: cond('x') },
          ConditionalOperator: 'AND',
          KeyConditionExpression: 'pk = :p',
          FilterExpression: 'a = :v',
          ProjectionExpression: 'b',
          ExpressionAttributeValues: { ':p': { S: 'k1' }, ':v': { S: 'x' } },
        }),
        mixing('QueryFilter, ConditionalOperator, KeyConditions', 'ProjectionExpression, FilterExpression, KeyConditionExpression'),
      );
    });
  });

  describe('Scan', () => {
    it('refuses each legacy parameter beside each expression', async () => {
      const filter = { FilterExpression: 'a = :v', ExpressionAttributeValues: { ':v': { S: 'x' } } };
      await validation(scan({ ScanFilter: { a: cond('x') }, ...filter }), mixing('ScanFilter', 'FilterExpression'));
      await validation(scan({ ScanFilter: { a: cond('x') }, ProjectionExpression: 'b' }), mixing('ScanFilter', 'ProjectionExpression'));
      await validation(scan({ AttributesToGet: ['a'], ...filter }), mixing('AttributesToGet', 'FilterExpression'));
      await validation(scan({ AttributesToGet: ['a'], ProjectionExpression: 'b' }), mixing('AttributesToGet', 'ProjectionExpression'));
      await validation(scan({ ConditionalOperator: 'AND', ...filter }), mixing('ConditionalOperator', 'FilterExpression'));
      await validation(scan({ ConditionalOperator: 'AND', ProjectionExpression: 'a' }), mixing('ConditionalOperator', 'ProjectionExpression'));
    });

    it('names every parameter in a fixed order, ahead of the unused-placeholder check', async () => {
      await validation(
        scan({
          AttributesToGet: ['a'],
          ScanFilter: { a: cond('x') },
          ConditionalOperator: 'AND',
          FilterExpression: 'a = :v',
          ProjectionExpression: 'b',
          ExpressionAttributeValues: { ':v': { S: 'x' }, ':unused': { S: 'y' } },
        }),
        mixing('AttributesToGet, ScanFilter, ConditionalOperator', 'ProjectionExpression, FilterExpression'),
      );
    });

    it('accepts legacy parameters together', async () => {
      const out = await scan({ ConditionalOperator: 'AND', ScanFilter: { a: cond('x'), b: cond('y') }, AttributesToGet: ['a'] });
      assert.deepEqual(out.Items, [{ a: { S: 'x' } }]);
    });
  });
});
