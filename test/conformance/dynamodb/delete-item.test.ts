import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DeleteItemCommand } from '@aws-sdk/client-dynamodb';
import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { startTestEddy, type TestEddy } from '../../helpers/eddy.js';
import { arnOf, conditionFailed, createItemTables, get, notFound, put, tables, unique, validation } from './item-fixtures.js';

type Input = ConstructorParameters<typeof DeleteItemCommand>[0];

describe('DeleteItem', () => {
  let eddy: TestEddy;
  before(async () => {
    eddy = await startTestEddy();
    await createItemTables(eddy.ddb);
  });
  after(() => eddy.stop());

  const send = (input: Omit<Input, 'TableName'> & { TableName?: string }) =>
    eddy.ddb.send(new DeleteItemCommand({ TableName: tables.users, ...input } as Input));

  async function seed(extra: Record<string, any> = {}) {
    const key = { userId: { S: unique('del') } };
    await put(eddy.ddb, tables.users, { ...key, v: { S: 'value' }, ...extra });
    return key;
  }

  it('deletes the item and answers an empty response', async () => {
    const key = await seed();
    const res = await eddy.raw('DeleteItem', { TableName: tables.users, Key: key });
    assert.equal(res.status, 200);
    assert.deepEqual(res.json, {});
    assert.equal(await get(eddy.ddb, tables.users, key), undefined);
  });

  it('deleting a missing item succeeds', async () => {
    const out = await send({ Key: { userId: { S: 'never-there' } } });
    assert.equal(out.Attributes, undefined);
  });

  it('deletes only the addressed sort key', async () => {
    const pk = unique();
    await put(eddy.ddb, tables.events, { pk: { S: pk }, sk: { N: '1' } });
    await put(eddy.ddb, tables.events, { pk: { S: pk }, sk: { N: '2' } });
    await send({ TableName: tables.events, Key: { pk: { S: pk }, sk: { N: '1.0' } } });
    assert.equal(await get(eddy.ddb, tables.events, { pk: { S: pk }, sk: { N: '1' } }), undefined);
    assert.deepEqual(await get(eddy.ddb, tables.events, { pk: { S: pk }, sk: { N: '2' } }), { pk: { S: pk }, sk: { N: '2' } });
  });

  it('ReturnValues ALL_OLD returns the deleted item', async () => {
    const key = await seed({ n: { N: '1' } });
    const out = await send({ Key: key, ReturnValues: 'ALL_OLD' });
    assert.deepEqual(out.Attributes, { ...key, v: { S: 'value' }, n: { N: '1' } });
  });

  it('ReturnValues ALL_OLD returns nothing for a missing item', async () => {
    const out = await send({ Key: { userId: { S: 'never-there' } }, ReturnValues: 'ALL_OLD' });
    assert.equal(out.Attributes, undefined);
  });

  it('ReturnValues NONE returns nothing', async () => {
    const out = await send({ Key: await seed(), ReturnValues: 'NONE' });
    assert.equal(out.Attributes, undefined);
  });

  for (const mode of ['ALL_NEW', 'UPDATED_OLD', 'UPDATED_NEW'] as const) {
    it(`ReturnValues ${mode} is refused`, async () => {
      await validation(send({ Key: { userId: { S: 'x' } }, ReturnValues: mode }), 'ReturnValues can only be ALL_OLD or NONE');
    });
  }

  it('works through the document client', async () => {
    const key = await seed();
    const out = await eddy.doc.send(new DeleteCommand({ TableName: tables.users, Key: { userId: key.userId.S }, ReturnValues: 'ALL_OLD' }));
    assert.deepEqual(out.Attributes, { userId: key.userId.S, v: 'value' });
  });

  describe('conditions', () => {
    it('deletes only when the condition holds', async () => {
      const key = await seed({ state: { S: 'active' } });
      const attempt = (state: string) =>
        send({ Key: key, ConditionExpression: '#s = :s', ExpressionAttributeNames: { '#s': 'state' }, ExpressionAttributeValues: { ':s': { S: state } } });
      await conditionFailed(attempt('archived'));
      assert.notEqual(await get(eddy.ddb, tables.users, key), undefined);
      await attempt('active');
      assert.equal(await get(eddy.ddb, tables.users, key), undefined);
    });

    it('a condition on a missing item sees no attributes', async () => {
      await conditionFailed(send({ Key: { userId: { S: 'never-there' } }, ConditionExpression: 'attribute_exists(userId)' }));
      await send({ Key: { userId: { S: 'never-there' } }, ConditionExpression: 'attribute_not_exists(userId)' });
    });

    it('ReturnValuesOnConditionCheckFailure ALL_OLD puts the current item on the error', async () => {
      const key = await seed();
      const error = await conditionFailed(send({ Key: key, ConditionExpression: 'attribute_not_exists(v)', ReturnValuesOnConditionCheckFailure: 'ALL_OLD' }));
      assert.deepEqual(error.Item, { ...key, v: { S: 'value' } });
    });

    it('legacy Expected', async () => {
      const key = await seed();
      await conditionFailed(send({ Key: key, Expected: { v: { ComparisonOperator: 'NE', AttributeValueList: [{ S: 'value' }] } } }));
      await send({ Key: key, Expected: { v: { ComparisonOperator: 'BEGINS_WITH', AttributeValueList: [{ S: 'val' }] } } });
      assert.equal(await get(eddy.ddb, tables.users, key), undefined);
    });

    it('refuses Expected with ConditionExpression', async () => {
      await validation(
        send({ Key: { userId: { S: 'x' } }, Expected: { v: { Exists: false } }, ConditionExpression: 'attribute_exists(v)' }),
        'Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {Expected} Expression parameters: {ConditionExpression}',
      );
      await validation(
        send({ Key: { userId: { S: 'x' } }, Expected: { v: { Exists: false } }, ConditionalOperator: 'OR', ConditionExpression: 'attribute_exists(v)' }),
        'Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {Expected, ConditionalOperator} Expression parameters: {ConditionExpression}',
      );
    });
  });

  describe('capacity and errors', () => {
    it('charges one WCU for a missing item and the old size otherwise', async () => {
      const missing = await send({ Key: { userId: { S: 'never-there' } }, ReturnConsumedCapacity: 'TOTAL' });
      assert.deepEqual(missing.ConsumedCapacity, { TableName: tables.users, CapacityUnits: 1, WriteCapacityUnits: 1 });
      const key = await seed({ big: { S: 'x'.repeat(2100) } });
      const big = await send({ Key: key, ReturnConsumedCapacity: 'TOTAL' });
      assert.equal(big.ConsumedCapacity?.CapacityUnits, 3);
    });

    it('INDEXES charges the index entries removed', async () => {
      const key = { pk: { S: unique() } };
      await put(eddy.ddb, tables.indexed, { ...key, email: { S: 'e@example.com' } });
      const out = await send({ TableName: tables.indexed, Key: key, ReturnConsumedCapacity: 'INDEXES' });
      assert.deepEqual(out.ConsumedCapacity, {
        TableName: tables.indexed,
        CapacityUnits: 2,
        WriteCapacityUnits: 2,
        Table: { CapacityUnits: 1, WriteCapacityUnits: 1 },
        GlobalSecondaryIndexes: { byEmail: { CapacityUnits: 1, WriteCapacityUnits: 1 } },
      });
    });

    it('refuses a Key that does not match the schema', async () => {
      await validation(send({ TableName: tables.events, Key: { pk: { S: 'x' } } }), 'The provided key element does not match the schema');
      await validation(send({ Key: { userId: { B: new Uint8Array([1]) } } }), 'The provided key element does not match the schema');
    });

    it('answers ResourceNotFoundException for a missing table', async () => {
      await notFound(send({ TableName: 'NoSuchTable', Key: { userId: { S: 'x' } } }));
    });

    it('accepts the table ARN as TableName', async () => {
      const key = await seed();
      const out = await send({ TableName: arnOf(tables.users), Key: key, ReturnValues: 'ALL_OLD' });
      assert.deepEqual(out.Attributes, { ...key, v: { S: 'value' } });
      assert.equal(await get(eddy.ddb, tables.users, key), undefined);
      const otherRegion = arnOf(tables.users, 'eu-west-1');
      await validation(send({ TableName: otherRegion, Key: key }), `1 validation error detected: Invalid AWS region in '${otherRegion}'`);
    });
  });
});
