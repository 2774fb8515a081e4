import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DeleteItemCommand, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { startTestEddy, type TestEddy } from '../../helpers/eddy.js';
import { createItemTables, get, put, tables, unique } from './item-fixtures.js';

/** Conditions are decided inside the write's transaction: racing writers never both pass. */
describe('conditional writes racing on one item', () => {
  let eddy: TestEddy;
  before(async () => {
    eddy = await startTestEddy();
    await createItemTables(eddy.ddb);
  });
  after(() => eddy.stop());

  /** Outcome names of settled sends: 'ok' or the error name. */
  const outcomes = (results: PromiseSettledResult<unknown>[]) =>
    results.map((r) => (r.status === 'fulfilled' ? 'ok' : (r.reason as Error).name));

  it('20 concurrent PutItems with attribute_not_exists: exactly one wins', async () => {
    const userId = unique('race');
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        eddy.ddb.send(
          new PutItemCommand({
            TableName: tables.users,
            Item: { userId: { S: userId }, writer: { N: String(i) } },
            ConditionExpression: 'attribute_not_exists(userId)',
          }),
        ),
      ),
    );
    const names = outcomes(results);
    assert.equal(names.filter((n) => n === 'ok').length, 1);
    assert.equal(names.filter((n) => n === 'ConditionalCheckFailedException').length, 19);
    const winner = names.indexOf('ok');
    assert.deepEqual(await get(eddy.ddb, tables.users, { userId: { S: userId } }), { userId: { S: userId }, writer: { N: String(winner) } });
  });

  it('concurrent optimistic-lock updates: one per version', async () => {
    const key = { userId: { S: unique('lock') } };
    await put(eddy.ddb, tables.users, { ...key, version: { N: '0' } });
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) =>
        eddy.ddb.send(
          new UpdateItemCommand({
            TableName: tables.users,
            Key: key,
            UpdateExpression: 'SET version = :next, writer = :w',
            ConditionExpression: 'version = :current',
            ExpressionAttributeValues: { ':current': { N: '0' }, ':next': { N: '1' }, ':w': { N: String(i) } },
          }),
        ),
      ),
    );
    const names = outcomes(results);
    assert.equal(names.filter((n) => n === 'ok').length, 1);
    assert.equal(names.filter((n) => n === 'ConditionalCheckFailedException').length, 9);
    const stored = await get(eddy.ddb, tables.users, key);
    assert.equal(stored?.version?.N, '1');
    assert.equal(stored?.writer?.N, String(names.indexOf('ok')));
  });

  it('50 concurrent ADD updates lose no increment', async () => {
    const key = { userId: { S: unique('counter') } };
    await Promise.all(
      Array.from({ length: 50 }, () =>
        eddy.ddb.send(
          new UpdateItemCommand({
            TableName: tables.users,
            Key: key,
            UpdateExpression: 'ADD hits :one',
            ExpressionAttributeValues: { ':one': { N: '1' } },
          }),
        ),
      ),
    );
    assert.deepEqual(await get(eddy.ddb, tables.users, key), { ...key, hits: { N: '50' } });
  });

  it('concurrent conditional deletes: exactly one sees the item', async () => {
    const key = { userId: { S: unique('del-race') } };
    await put(eddy.ddb, tables.users, key);
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, () =>
        eddy.ddb.send(
          new DeleteItemCommand({ TableName: tables.users, Key: key, ConditionExpression: 'attribute_exists(userId)', ReturnValues: 'ALL_OLD' }),
        ),
      ),
    );
    const names = outcomes(results);
    assert.equal(names.filter((n) => n === 'ok').length, 1);
    const winner = results.find((r) => r.status === 'fulfilled') as PromiseFulfilledResult<{ Attributes?: unknown }>;
    assert.deepEqual(winner.value.Attributes, key);
  });
});
