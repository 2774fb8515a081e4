import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { UpdateItemCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { startTestEddy, type TestEddy } from '../../helpers/eddy.js';
import { arnOf, conditionFailed, createItemTables, get, notFound, put, tables, unique, validation } from './item-fixtures.js';

type Input = ConstructorParameters<typeof UpdateItemCommand>[0];

describe('UpdateItem', () => {
  let eddy: TestEddy;
  before(async () => {
    eddy = await startTestEddy();
    await createItemTables(eddy.ddb);
  });
  after(() => eddy.stop());

  const send = (input: Omit<Input, 'TableName'> & { TableName?: string }) =>
    eddy.ddb.send(new UpdateItemCommand({ TableName: tables.users, ...input } as Input));

  /** A fresh user item, stored; returns its key. */
  async function seed(attributes: Record<string, AttributeValue>): Promise<{ userId: { S: string } }> {
    const key = { userId: { S: unique('upd') } };
    await put(eddy.ddb, tables.users, { ...key, ...attributes });
    return key;
  }
  const read = (key: Record<string, AttributeValue>, table: string = tables.users) => get(eddy.ddb, table, key);

  describe('creating and changing', () => {
    it('SET on a missing item creates it with its key (upsert)', async () => {
      const key = { userId: { S: unique() } };
      const out = await send({ Key: key, UpdateExpression: 'SET a = :a', ExpressionAttributeValues: { ':a': { S: 'x' } } });
      assert.equal(out.Attributes, undefined);
      assert.deepEqual(await read(key), { ...key, a: { S: 'x' } });
    });

    it('an update with no UpdateExpression creates the key-only item', async () => {
      const key = { pk: { S: unique() }, sk: { N: '7.0' } };
      const out = await send({ TableName: tables.events, Key: key, ReturnValues: 'ALL_NEW' });
      assert.deepEqual(out.Attributes, { pk: key.pk, sk: { N: '7' } });
      assert.deepEqual(await read(key, tables.events), { pk: key.pk, sk: { N: '7' } });
    });

    it('REMOVE on a missing item is ignored: the key-only item is created', async () => {
      const key = { pk: { S: unique() }, sk: { N: '1' } };
      const out = await send({ TableName: tables.events, Key: key, UpdateExpression: 'REMOVE a.b, c[2], d', ReturnValues: 'ALL_NEW' });
      assert.deepEqual(out.Attributes, key);
      assert.deepEqual(await read(key, tables.events), key);
    });

    it('REMOVE of a nested path on a missing item does not stop the SETs', async () => {
      const key = { userId: { S: unique() } };
      const out = await send({
        Key: key,
        UpdateExpression: 'SET c = :c REMOVE a.b',
        ExpressionAttributeValues: { ':c': { N: '1' } },
        ReturnValues: 'UPDATED_NEW',
      });
      assert.deepEqual(out.Attributes, { c: { N: '1' } });
      assert.deepEqual(await read(key), { ...key, c: { N: '1' } });
    });

    it('an update with no UpdateExpression leaves an existing item as it was', async () => {
      const key = await seed({ a: { S: 'kept' } });
      const out = await send({ Key: key, ReturnValues: 'ALL_NEW' });
      assert.deepEqual(out.Attributes, { ...key, a: { S: 'kept' } });
    });

    it('applies SET, REMOVE, ADD and DELETE in one expression', async () => {
      const key = await seed({ gone: { S: 'x' }, cnt: { N: '1' }, tags: { SS: ['a', 'b', 'c'] }, lst: { L: [{ N: '1' }, { N: '2' }, { N: '3' }] } });
      await send({
        Key: key,
        UpdateExpression: 'SET title = :t, #m.inr = :i REMOVE gone, lst[1] ADD cnt :one, extra :set DELETE tags :del',
        ExpressionAttributeNames: { '#m': 'meta' },
        ExpressionAttributeValues: {
          ':t': { S: 'T' },
          ':i': { N: '5' },
          ':one': { N: '1' },
          ':set': { NS: ['1', '2'] },
          ':del': { SS: ['a', 'z'] },
        },
      }).then(
        () => assert.fail('meta does not exist, so #m.inr cannot be set'),
        (e) => assert.equal(e.message, 'The document path provided in the update expression is invalid for update'),
      );
      await send({
        Key: key,
        UpdateExpression: 'SET title = :t REMOVE gone, lst[1] ADD cnt :one, extra :set DELETE tags :del',
        ExpressionAttributeValues: { ':t': { S: 'T' }, ':one': { N: '1' }, ':set': { NS: ['1', '2'] }, ':del': { SS: ['a', 'z'] } },
      });
      assert.deepEqual(await read(key), {
        ...key,
        title: { S: 'T' },
        cnt: { N: '2' },
        tags: { SS: ['b', 'c'] },
        extra: { NS: ['1', '2'] },
        lst: { L: [{ N: '1' }, { N: '3' }] },
      });
    });

    it('DELETE of every element removes the set attribute', async () => {
      const key = await seed({ tags: { SS: ['a', 'b'] } });
      await send({ Key: key, UpdateExpression: 'DELETE tags :d', ExpressionAttributeValues: { ':d': { SS: ['a', 'b'] } } });
      assert.deepEqual(await read(key), key);
    });

    it('stores arithmetic results in canonical number form', async () => {
      const key = await seed({ n: { N: '1.25' } });
      const out = await send({
        Key: key,
        UpdateExpression: 'SET n = n + :d',
        ExpressionAttributeValues: { ':d': { N: '0.750' } },
        ReturnValues: 'UPDATED_NEW',
      });
      assert.deepEqual(out.Attributes, { n: { N: '2' } });
    });

    it('works through the document client', async () => {
      const userId = unique();
      const out = await eddy.doc.send(
        new UpdateCommand({
          TableName: tables.users,
          Key: { userId },
          UpdateExpression: 'SET visits = if_not_exists(visits, :zero) + :one',
          ExpressionAttributeValues: { ':zero': 0, ':one': 1 },
          ReturnValues: 'ALL_NEW',
        }),
      );
      assert.deepEqual(out.Attributes, { userId, visits: 1 });
    });
  });

  describe('ReturnValues', () => {
    const update = (key: Record<string, AttributeValue>, ReturnValues: Input['ReturnValues']) =>
      send({
        Key: key,
        UpdateExpression: 'SET a = :a, m.x = :x ADD c :one REMOVE r',
        ExpressionAttributeValues: { ':a': { S: 'new' }, ':x': { N: '2' }, ':one': { N: '1' } },
        ReturnValues,
      });
    const before = { a: { S: 'old' }, m: { M: { x: { N: '1' }, y: { N: '9' } } }, r: { S: 'removed' }, other: { S: 'o' } };

    it('NONE returns nothing', async () => {
      assert.equal((await update(await seed(before), 'NONE')).Attributes, undefined);
    });

    it('ALL_OLD returns the whole item before the update', async () => {
      const key = await seed(before);
      assert.deepEqual((await update(key, 'ALL_OLD')).Attributes, { ...key, ...before });
    });

    it('ALL_OLD returns nothing when the update created the item', async () => {
      const out = await send({ Key: { userId: { S: unique() } }, UpdateExpression: 'SET a = :a', ExpressionAttributeValues: { ':a': { S: 'x' } }, ReturnValues: 'ALL_OLD' });
      assert.equal(out.Attributes, undefined);
    });

    it('UPDATED_OLD returns the old values of the updated paths only', async () => {
      const key = await seed(before);
      assert.deepEqual((await update(key, 'UPDATED_OLD')).Attributes, {
        a: { S: 'old' },
        m: { M: { x: { N: '1' } } },
        r: { S: 'removed' },
      });
    });

    it('ALL_NEW returns the whole item after the update', async () => {
      const key = await seed(before);
      assert.deepEqual((await update(key, 'ALL_NEW')).Attributes, {
        ...key,
        a: { S: 'new' },
        m: { M: { x: { N: '2' }, y: { N: '9' } } },
        c: { N: '1' },
        other: { S: 'o' },
      });
    });

    it('UPDATED_NEW returns the new values of the updated paths only', async () => {
      const key = await seed(before);
      assert.deepEqual((await update(key, 'UPDATED_NEW')).Attributes, {
        a: { S: 'new' },
        m: { M: { x: { N: '2' } } },
        c: { N: '1' },
      });
    });

    it('UPDATED_OLD / UPDATED_NEW return list elements and nested map members as lists and maps of what was updated', async () => {
      const key = await seed({ l: { L: [{ N: '1' }, { N: '2' }, { N: '3' }] }, m: { M: { n: { M: { q: { N: '1' }, keep: { S: 'k' } } } } } });
      const nested = (ReturnValues: Input['ReturnValues']) =>
        send({ Key: key, UpdateExpression: 'SET l[1] = :v, m.n.q = :v, m.n.w = :v', ExpressionAttributeValues: { ':v': { N: '9' } }, ReturnValues });
      assert.deepEqual((await nested('UPDATED_OLD')).Attributes, { l: { L: [{ N: '2' }] }, m: { M: { n: { M: { q: { N: '1' } } } } } });
      assert.deepEqual((await nested('UPDATED_NEW')).Attributes, { l: { L: [{ N: '9' }] }, m: { M: { n: { M: { q: { N: '9' }, w: { N: '9' } } } } } });
    });

    it('UPDATED_NEW of a REMOVE-only update returns no Attributes', async () => {
      const key = await seed({ r: { S: 'x' } });
      const out = await send({ Key: key, UpdateExpression: 'REMOVE r', ReturnValues: 'UPDATED_NEW' });
      assert.equal(out.Attributes, undefined);
    });
  });

  describe('key attributes', () => {
    const message = (name: string) =>
      `One or more parameter values were invalid: Cannot update attribute ${name}. This attribute is part of the key`;

    it('refuses SET, REMOVE and ADD on the partition key, also through a name placeholder', async () => {
      const key = await seed({});
      await validation(send({ Key: key, UpdateExpression: 'SET userId = :v', ExpressionAttributeValues: { ':v': { S: 'x' } } }), message('userId'));
      await validation(send({ Key: key, UpdateExpression: 'REMOVE #k', ExpressionAttributeNames: { '#k': 'userId' } }), message('userId'));
      await validation(send({ Key: key, UpdateExpression: 'SET a = :v ADD userId :n', ExpressionAttributeValues: { ':v': { S: 'x' }, ':n': { N: '1' } } }), message('userId'));
    });

    it('refuses updates of the sort key', async () => {
      await validation(
        send({ TableName: tables.events, Key: { pk: { S: 'p' }, sk: { N: '1' } }, UpdateExpression: 'SET sk = :v', ExpressionAttributeValues: { ':v': { N: '2' } } }),
        message('sk'),
      );
    });

    it('refuses AttributeUpdates of a key attribute', async () => {
      await validation(
        send({ Key: { userId: { S: 'x' } }, AttributeUpdates: { userId: { Action: 'PUT', Value: { S: 'y' } } } }),
        message('userId'),
      );
    });

    it('refuses a Key that does not match the schema', async () => {
      await validation(send({ Key: { userId: { S: 'x' }, extra: { S: 'y' } } }), 'The provided key element does not match the schema');
    });
  });

  describe('conditions', () => {
    it('applies the update only when the condition holds', async () => {
      const key = await seed({ version: { N: '1' } });
      const bump = (expected: string) =>
        send({
          Key: key,
          UpdateExpression: 'SET version = version + :one',
          ConditionExpression: 'version = :expected',
          ExpressionAttributeValues: { ':one': { N: '1' }, ':expected': { N: expected } },
        });
      await bump('1');
      await conditionFailed(bump('1'));
      assert.equal((await read(key))?.version?.N, '2');
    });

    it('a failed condition on a missing item creates nothing', async () => {
      const key = { userId: { S: unique() } };
      await conditionFailed(send({ Key: key, UpdateExpression: 'SET a = :a', ConditionExpression: 'attribute_exists(userId)', ExpressionAttributeValues: { ':a': { S: 'x' } } }));
      assert.equal(await read(key), undefined);
    });

    it('ReturnValuesOnConditionCheckFailure ALL_OLD puts the current item on the error', async () => {
      const key = await seed({ state: { S: 'done' } });
      const error = await conditionFailed(
        send({
          Key: key,
          UpdateExpression: 'SET #s = :s',
          ConditionExpression: '#s = :pending',
          ExpressionAttributeNames: { '#s': 'state' },
          ExpressionAttributeValues: { ':s': { S: 'running' }, ':pending': { S: 'pending' } },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      assert.deepEqual(error.Item, { ...key, state: { S: 'done' } });
    });

    it('legacy Expected and AttributeUpdates PUT, ADD and DELETE', async () => {
      const key = await seed({ n: { N: '1' }, s: { SS: ['a', 'b'] }, gone: { S: 'x' } });
      await conditionFailed(send({ Key: key, AttributeUpdates: { p: { Action: 'PUT', Value: { S: 'v' } } }, Expected: { n: { Value: { N: '2' } } } }));
      const out = await send({
        Key: key,
        AttributeUpdates: {
          p: { Action: 'PUT', Value: { S: 'v' } },
          n: { Action: 'ADD', Value: { N: '5' } },
          s: { Action: 'DELETE', Value: { SS: ['a'] } },
          gone: { Action: 'DELETE' },
        },
        Expected: { n: { Value: { N: '1' } } },
        ReturnValues: 'ALL_NEW',
      });
      assert.deepEqual(out.Attributes, { ...key, p: { S: 'v' }, n: { N: '6' }, s: { SS: ['b'] } });
    });
  });

  describe('limits and errors', () => {
    it('refuses an update that makes the item larger than 400 KB', async () => {
      const key = await seed({ a: { S: 'x'.repeat(300_000) } });
      await validation(
        send({ Key: key, UpdateExpression: 'SET b = :b', ExpressionAttributeValues: { ':b': { S: 'y'.repeat(200_000) } } }),
        'Item size to update has exceeded the maximum allowed size',
      );
      assert.equal((await read(key))?.b, undefined);
    });

    it('refuses an arithmetic operand that does not exist', async () => {
      await validation(
        send({ Key: await seed({}), UpdateExpression: 'SET n = n + :one', ExpressionAttributeValues: { ':one': { N: '1' } } }),
        'The provided expression refers to an attribute that does not exist in the item',
      );
    });

    it('checks secondary index keys of the updated item', async () => {
      await validation(
        send({ TableName: tables.indexed, Key: { pk: { S: unique() } }, UpdateExpression: 'SET score = :s', ExpressionAttributeValues: { ':s': { S: 'high' } } }),
        'One or more parameter values were invalid: Type mismatch for Index Key score Expected: N Actual: S IndexName: byScore',
      );
      // Worded as the update's fault, as AWS words it for a transaction's Update (unconfirmed for UpdateItem).
      await validation(
        send({ TableName: tables.indexed, Key: { pk: { S: unique() } }, UpdateExpression: 'SET email = :e', ExpressionAttributeValues: { ':e': { S: '' } } }),
        'One or more parameter values are not valid. The update expression attempted to update a secondary index key to a value that is not supported. The AttributeValue for a key attribute cannot contain an empty string value.',
      );
    });

    it('refuses mixing AttributeUpdates with UpdateExpression', async () => {
      await validation(
        send({ Key: { userId: { S: 'x' } }, AttributeUpdates: { a: { Action: 'DELETE' } }, UpdateExpression: 'REMOVE a' }),
        'Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {AttributeUpdates} Expression parameters: {UpdateExpression}',
      );
      await validation(
        send({ Key: { userId: { S: 'x' } }, ConditionalOperator: 'AND', UpdateExpression: 'REMOVE a' }),
        'Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {ConditionalOperator} Expression parameters: {UpdateExpression}',
      );
    });

    it('refuses ExpressionAttributeValues without an expression', async () => {
      await validation(
        send({ Key: { userId: { S: 'x' } }, ExpressionAttributeValues: { ':a': { S: 'a' } } }),
        'ExpressionAttributeValues can only be specified when using expressions: UpdateExpression and ConditionExpression are null',
      );
    });

    it('refuses an unknown ReturnValues', async () => {
      await validation(
        send({ Key: { userId: { S: 'x' } }, ReturnValues: 'EVERYTHING' as 'NONE' }),
        "1 validation error detected: Value 'EVERYTHING' at 'returnValues' failed to satisfy constraint: Member must satisfy enum value set: [ALL_NEW, UPDATED_OLD, ALL_OLD, NONE, UPDATED_NEW]",
      );
    });

    it('answers ResourceNotFoundException for a missing table', async () => {
      await notFound(send({ TableName: 'NoSuchTable', Key: { userId: { S: 'x' } }, UpdateExpression: 'REMOVE a' }));
    });

    it('accepts the table ARN as TableName', async () => {
      const key = await seed({ a: { S: 'old' } });
      const out = await send({
        TableName: arnOf(tables.users),
        Key: key,
        UpdateExpression: 'SET a = :a',
        ExpressionAttributeValues: { ':a': { S: 'new' } },
        ReturnValues: 'UPDATED_OLD',
      });
      assert.deepEqual(out.Attributes, { a: { S: 'old' } });
      assert.deepEqual(await read(key), { ...key, a: { S: 'new' } });
      await notFound(send({ TableName: arnOf(tables.users, 'us-east-1', '111111111111'), Key: key, UpdateExpression: 'REMOVE a' }));
    });

    it('reports ItemCollectionMetrics for a table with a local index', async () => {
      const key = { pk: { S: unique() }, sk: { S: 'x' } };
      const out = await send({
        TableName: tables.collections,
        Key: key,
        UpdateExpression: 'SET #d = :d',
        ExpressionAttributeNames: { '#d': 'date' },
        ExpressionAttributeValues: { ':d': { S: '2026-02-02' } },
        ReturnItemCollectionMetrics: 'SIZE',
        ReturnValues: 'UPDATED_NEW',
      });
      assert.deepEqual(out.Attributes, { date: { S: '2026-02-02' } });
      assert.deepEqual(out.ItemCollectionMetrics, { ItemCollectionKey: { pk: key.pk }, SizeEstimateRangeGB: [0, 1] });
    });

    it('reports INDEXES: the table and the indexes whose entries the update wrote', async () => {
      const out = await send({
        TableName: tables.indexed,
        Key: { pk: { S: unique() } },
        UpdateExpression: 'SET email = :e, note = :n',
        ExpressionAttributeValues: { ':e': { S: 'a@x' }, ':n': { S: 'n' } },
        ReturnConsumedCapacity: 'INDEXES',
      });
      assert.deepEqual(out.ConsumedCapacity, { TableName: tables.indexed, CapacityUnits: 2, WriteCapacityUnits: 2, Table: { CapacityUnits: 1, WriteCapacityUnits: 1 }, GlobalSecondaryIndexes: { byEmail: { CapacityUnits: 1, WriteCapacityUnits: 1 } } });
    });

    it('reports consumed capacity of the larger of old and new item', async () => {
      const key = await seed({ big: { S: 'x'.repeat(3000) } });
      const out = await send({ Key: key, UpdateExpression: 'REMOVE big', ReturnConsumedCapacity: 'TOTAL' });
      assert.deepEqual(out.ConsumedCapacity, { TableName: tables.users, CapacityUnits: 3, WriteCapacityUnits: 3 });
    });
  });
});
