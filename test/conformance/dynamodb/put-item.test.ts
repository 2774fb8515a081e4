import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { startTestEddy, type TestEddy } from '../../helpers/eddy.js';
import { arnOf, conditionFailed, createItemTables, get, notFound, put, rejectsWith, tables, unique, validation } from './item-fixtures.js';

describe('PutItem', () => {
  let eddy: TestEddy;
  before(async () => {
    eddy = await startTestEddy();
    await createItemTables(eddy.ddb);
  });
  after(() => eddy.stop());

  const send = (input: Omit<ConstructorParameters<typeof PutItemCommand>[0], 'TableName'> & { TableName?: string }) =>
    eddy.ddb.send(new PutItemCommand({ TableName: tables.users, ...input } as ConstructorParameters<typeof PutItemCommand>[0]));

  describe('writing', () => {
    it('stores an item with every attribute type and returns an empty response', async () => {
      const userId = unique();
      const item = {
        userId: { S: userId },
        s: { S: 'text' },
        n: { N: '42' },
        b: { B: new Uint8Array([0, 1, 255]) },
        ss: { SS: ['a', 'b'] },
        ns: { NS: ['1', '2'] },
        bs: { BS: [new Uint8Array([1]), new Uint8Array([2])] },
        m: { M: { nested: { S: 'x' } } },
        l: { L: [{ S: 'y' }, { N: '3' }] },
        nul: { NULL: true },
        t: { BOOL: true },
        f: { BOOL: false },
      };
      const out = await send({ Item: item });
      assert.equal(out.Attributes, undefined);
      assert.equal(out.ConsumedCapacity, undefined);
      assert.equal(out.ItemCollectionMetrics, undefined);
      assert.deepEqual(await get(eddy.ddb, tables.users, { userId: { S: userId } }), item);
    });

    it('replaces the whole item: attributes not in the new item are gone', async () => {
      const userId = unique();
      await put(eddy.ddb, tables.users, { userId: { S: userId }, a: { S: '1' }, b: { S: '2' } });
      await put(eddy.ddb, tables.users, { userId: { S: userId }, c: { S: '3' } });
      assert.deepEqual(await get(eddy.ddb, tables.users, { userId: { S: userId } }), { userId: { S: userId }, c: { S: '3' } });
    });

    it('keys items by partition and sort key together', async () => {
      const pk = unique();
      await put(eddy.ddb, tables.events, { pk: { S: pk }, sk: { N: '1' }, v: { S: 'one' } });
      await put(eddy.ddb, tables.events, { pk: { S: pk }, sk: { N: '2' }, v: { S: 'two' } });
      assert.deepEqual(await get(eddy.ddb, tables.events, { pk: { S: pk }, sk: { N: '1' } }), {
        pk: { S: pk },
        sk: { N: '1' },
        v: { S: 'one' },
      });
      assert.equal((await get(eddy.ddb, tables.events, { pk: { S: pk }, sk: { N: '2' } }))?.v?.S, 'two');
    });

    it('treats numerically equal sort keys as the same key and stores the canonical form', async () => {
      const pk = unique();
      await put(eddy.ddb, tables.events, { pk: { S: pk }, sk: { N: '1.50' }, v: { S: 'first' } });
      await put(eddy.ddb, tables.events, { pk: { S: pk }, sk: { N: '15E-1' }, v: { S: 'second' } });
      assert.deepEqual(await get(eddy.ddb, tables.events, { pk: { S: pk }, sk: { N: '1.5' } }), {
        pk: { S: pk },
        sk: { N: '1.5' },
        v: { S: 'second' },
      });
    });

    it('works through the document client', async () => {
      const userId = unique();
      await eddy.doc.send(new PutCommand({ TableName: tables.users, Item: { userId, list: [1, 'two'], map: { ok: true } } }));
      assert.deepEqual(await get(eddy.ddb, tables.users, { userId: { S: userId } }), {
        userId: { S: userId },
        list: { L: [{ N: '1' }, { S: 'two' }] },
        map: { M: { ok: { BOOL: true } } },
      });
    });

    // Item operations take a name or an ARN (API reference: TableName length 1..1024, no pattern).
    it('accepts the table ARN as TableName', async () => {
      const userId = unique();
      await send({ TableName: arnOf(tables.users), Item: { userId: { S: userId } } });
      assert.deepEqual(await get(eddy.ddb, tables.users, { userId: { S: userId } }), { userId: { S: userId } });
    });

    it('resolves a table ARN as DescribeTable does', async () => {
      const item = { userId: { S: unique() } };
      const otherRegion = arnOf(tables.users, 'eu-west-1');
      await validation(send({ TableName: otherRegion, Item: item }), `1 validation error detected: Invalid AWS region in '${otherRegion}'`);
      const index = `${arnOf(tables.indexed)}/index/byEmail`;
      await validation(send({ TableName: index, Item: item }), `1 validation error detected: Invalid resource type in '${index}'`);
      await notFound(send({ TableName: arnOf(tables.users, 'us-east-1', '111111111111'), Item: item }));
      await notFound(send({ TableName: arnOf('NoSuchTable'), Item: item }));
      const long = arnOf('x'.repeat(1000));
      await validation(
        send({ TableName: long, Item: item }),
        `1 validation error detected: Value '${long}' at 'tableName' failed to satisfy constraint: Member must have length less than or equal to 1024`,
      );
      assert.equal(await get(eddy.ddb, tables.users, item), undefined);
    });
  });

  describe('ReturnValues', () => {
    it('NONE returns no Attributes', async () => {
      const userId = unique();
      await put(eddy.ddb, tables.users, { userId: { S: userId }, v: { N: '1' } });
      const out = await send({ Item: { userId: { S: userId }, v: { N: '2' } }, ReturnValues: 'NONE' });
      assert.equal(out.Attributes, undefined);
    });

    it('ALL_OLD returns the replaced item', async () => {
      const userId = unique();
      await put(eddy.ddb, tables.users, { userId: { S: userId }, v: { N: '1' }, gone: { S: 'x' } });
      const out = await send({ Item: { userId: { S: userId }, v: { N: '2' } }, ReturnValues: 'ALL_OLD' });
      assert.deepEqual(out.Attributes, { userId: { S: userId }, v: { N: '1' }, gone: { S: 'x' } });
    });

    it('ALL_OLD returns nothing when the item is new', async () => {
      const out = await send({ Item: { userId: { S: unique() } }, ReturnValues: 'ALL_OLD' });
      assert.equal(out.Attributes, undefined);
    });

    for (const mode of ['ALL_NEW', 'UPDATED_OLD', 'UPDATED_NEW'] as const) {
      it(`${mode} is refused`, async () => {
        await validation(send({ Item: { userId: { S: unique() } }, ReturnValues: mode }), 'ReturnValues can only be ALL_OLD or NONE');
      });
    }
  });

  describe('conditions', () => {
    it('attribute_not_exists lets the first write in and refuses the second', async () => {
      const userId = unique();
      const input = { Item: { userId: { S: userId }, v: { N: '1' } }, ConditionExpression: 'attribute_not_exists(userId)' };
      await send(input);
      const error = await conditionFailed(send({ ...input, Item: { userId: { S: userId }, v: { N: '2' } } }));
      assert.equal(error.$metadata.httpStatusCode, 400);
      assert.equal(error.Item, undefined);
      assert.equal((await get(eddy.ddb, tables.users, { userId: { S: userId } }))?.v?.N, '1');
    });

    it('evaluates comparisons against the current item with names and values', async () => {
      const userId = unique();
      await put(eddy.ddb, tables.users, { userId: { S: userId }, version: { N: '3' } });
      const attempt = (expected: string) =>
        send({
          Item: { userId: { S: userId }, version: { N: String(Number(expected) + 1) } },
          ConditionExpression: '#v = :expected',
          ExpressionAttributeNames: { '#v': 'version' },
          ExpressionAttributeValues: { ':expected': { N: expected } },
        });
      await conditionFailed(attempt('2'));
      await attempt('3');
      assert.equal((await get(eddy.ddb, tables.users, { userId: { S: userId } }))?.version?.N, '4');
    });

    it('ReturnValuesOnConditionCheckFailure ALL_OLD puts the current item on the error', async () => {
      const userId = unique();
      await put(eddy.ddb, tables.users, { userId: { S: userId }, v: { S: 'old' } });
      const error = await conditionFailed(
        send({
          Item: { userId: { S: userId }, v: { S: 'new' } },
          ConditionExpression: 'attribute_not_exists(userId)',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      assert.deepEqual(error.Item, { userId: { S: userId }, v: { S: 'old' } });
    });

    it('the error body carries the item as AWS sends it', async () => {
      const userId = unique();
      await put(eddy.ddb, tables.users, { userId: { S: userId }, n: { N: '7' } });
      const res = await eddy.raw('PutItem', {
        TableName: tables.users,
        Item: { userId: { S: userId } },
        ConditionExpression: 'n > :n',
        ExpressionAttributeValues: { ':n': { N: '10' } },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      });
      assert.equal(res.status, 400);
      assert.deepEqual(res.json, {
        __type: 'com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException',
        message: 'The conditional request failed',
        Item: { userId: { S: userId }, n: { N: '7' } },
      });
    });

    it('ALL_OLD on failure carries no Item when there was no item', async () => {
      const error = await conditionFailed(
        send({
          Item: { userId: { S: unique() } },
          ConditionExpression: 'attribute_exists(userId)',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      assert.equal(error.Item, undefined);
    });

    it('legacy Expected with Exists false and Value', async () => {
      const userId = unique();
      await send({ Item: { userId: { S: userId }, v: { S: 'a' } }, Expected: { userId: { Exists: false } } });
      await conditionFailed(send({ Item: { userId: { S: userId } }, Expected: { userId: { Exists: false } } }));
      await conditionFailed(send({ Item: { userId: { S: userId } }, Expected: { v: { Value: { S: 'b' } } } }));
      await send({ Item: { userId: { S: userId }, v: { S: 'c' } }, Expected: { v: { Value: { S: 'a' }, Exists: true } } });
      assert.equal((await get(eddy.ddb, tables.users, { userId: { S: userId } }))?.v?.S, 'c');
    });

    it('legacy Expected with ComparisonOperator and ConditionalOperator OR', async () => {
      const userId = unique();
      await put(eddy.ddb, tables.users, { userId: { S: userId }, n: { N: '5' } });
      const expected = {
        n: { ComparisonOperator: 'GT' as const, AttributeValueList: [{ N: '10' }] },
        missing: { ComparisonOperator: 'NULL' as const },
      };
      await conditionFailed(send({ Item: { userId: { S: userId } }, Expected: expected, ConditionalOperator: 'AND' }));
      await send({ Item: { userId: { S: userId }, n: { N: '6' } }, Expected: expected, ConditionalOperator: 'OR' });
      assert.equal((await get(eddy.ddb, tables.users, { userId: { S: userId } }))?.n?.N, '6');
    });
  });

  describe('ReturnConsumedCapacity', () => {
    it('TOTAL reports one WCU for a small item', async () => {
      const out = await send({ Item: { userId: { S: unique() } }, ReturnConsumedCapacity: 'TOTAL' });
      assert.deepEqual(out.ConsumedCapacity, { TableName: tables.users, CapacityUnits: 1, WriteCapacityUnits: 1 });
    });

    it('counts started kilobytes of the larger of old and new item', async () => {
      const userId = unique();
      // 6 (userId) + 8 (key) + 3 (pad) + 2034 = 2051 bytes → 3 WCU.
      const big = { userId: { S: userId.padEnd(8, '_').slice(0, 8) }, pad: { S: 'x'.repeat(2034) } };
      const first = await send({ Item: big, ReturnConsumedCapacity: 'TOTAL' });
      assert.equal(first.ConsumedCapacity?.CapacityUnits, 3);
      const second = await send({ Item: { userId: big.userId }, ReturnConsumedCapacity: 'TOTAL' });
      assert.equal(second.ConsumedCapacity?.CapacityUnits, 3);
      const third = await send({ Item: { userId: big.userId }, ReturnConsumedCapacity: 'TOTAL' });
      assert.equal(third.ConsumedCapacity?.CapacityUnits, 1);
    });

    it('INDEXES breaks out the table and each index written', async () => {
      const out = await send({
        TableName: tables.indexed,
        Item: { pk: { S: unique() }, email: { S: 'a@example.com' }, team: { S: 'red' }, score: { N: '10' } },
        ReturnConsumedCapacity: 'INDEXES',
      });
      assert.deepEqual(out.ConsumedCapacity, {
        TableName: tables.indexed,
        CapacityUnits: 3,
        WriteCapacityUnits: 3,
        Table: { CapacityUnits: 1, WriteCapacityUnits: 1 },
        GlobalSecondaryIndexes: {
          byEmail: { CapacityUnits: 1, WriteCapacityUnits: 1 },
          byScore: { CapacityUnits: 1, WriteCapacityUnits: 1 },
        },
      });
    });

    it('INDEXES on an item outside every index reports the table only', async () => {
      const out = await send({ TableName: tables.indexed, Item: { pk: { S: unique() } }, ReturnConsumedCapacity: 'INDEXES' });
      assert.deepEqual(out.ConsumedCapacity, {
        TableName: tables.indexed,
        CapacityUnits: 1,
        WriteCapacityUnits: 1,
        Table: { CapacityUnits: 1, WriteCapacityUnits: 1 },
      });
    });

    it('NONE and ReturnItemCollectionMetrics are accepted and add nothing', async () => {
      const out = await send({ Item: { userId: { S: unique() } }, ReturnConsumedCapacity: 'NONE', ReturnItemCollectionMetrics: 'SIZE' });
      assert.equal(out.ConsumedCapacity, undefined);
      assert.equal(out.ItemCollectionMetrics, undefined);
    });
  });

  describe('ReturnItemCollectionMetrics', () => {
    it('SIZE on a table with a local index reports the item collection', async () => {
      const pk = unique();
      const out = await send({
        TableName: tables.collections,
        Item: { pk: { S: pk }, sk: { S: 'a' }, date: { S: '2026-01-01' } },
        ReturnItemCollectionMetrics: 'SIZE',
      });
      assert.deepEqual(out.ItemCollectionMetrics, { ItemCollectionKey: { pk: { S: pk } }, SizeEstimateRangeGB: [0, 1] });
    });

    it('INDEXES charges the local index written', async () => {
      const out = await send({
        TableName: tables.collections,
        Item: { pk: { S: unique() }, sk: { S: 'a' }, date: { S: '2026-01-01' } },
        ReturnConsumedCapacity: 'INDEXES',
      });
      assert.deepEqual(out.ConsumedCapacity, {
        TableName: tables.collections,
        CapacityUnits: 2,
        WriteCapacityUnits: 2,
        Table: { CapacityUnits: 1, WriteCapacityUnits: 1 },
        LocalSecondaryIndexes: { byDate: { CapacityUnits: 1, WriteCapacityUnits: 1 } },
      });
    });

    it('a local index sort key of the wrong type is refused', async () => {
      await validation(
        send({ TableName: tables.collections, Item: { pk: { S: 'p' }, sk: { S: 's' }, date: { N: '20260101' } } }),
        'One or more parameter values were invalid: Type mismatch for Index Key date Expected: S Actual: N IndexName: byDate',
      );
    });
  });

  describe('keys and schema', () => {
    it('names a missing key attribute', async () => {
      await validation(send({ Item: { name: { S: 'x' } } }), 'One or more parameter values were invalid: Missing the key userId in the item');
      await validation(
        send({ TableName: tables.events, Item: { pk: { S: 'x' } } }),
        'One or more parameter values were invalid: Missing the key sk in the item',
      );
    });

    it('reports a key of the wrong type', async () => {
      await validation(
        send({ Item: { userId: { N: '1' } } }),
        'One or more parameter values were invalid: Type mismatch for key userId expected: S actual: N',
      );
      await validation(
        send({ TableName: tables.blobs, Item: { id: { S: 'x' } } }),
        'One or more parameter values were invalid: Type mismatch for key id expected: B actual: S',
      );
    });

    it('refuses empty key values', async () => {
      await validation(
        send({ Item: { userId: { S: '' } } }),
        'One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: userId',
      );
      await validation(
        send({ TableName: tables.blobs, Item: { id: { B: new Uint8Array() } } }),
        'One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty binary value. Key: id',
      );
    });

    it('limits the partition key to 2048 bytes and the sort key to 1024', async () => {
      await send({ Item: { userId: { S: 'p'.repeat(2048) } } });
      await validation(
        send({ Item: { userId: { S: 'p'.repeat(2049) } } }),
        'One or more parameter values were invalid: Size of hashkey has exceeded the maximum size limit of2048 bytes',
      );
    });

    it('checks secondary index keys when present', async () => {
      await validation(
        send({ TableName: tables.indexed, Item: { pk: { S: unique() }, email: { N: '1' } } }),
        'One or more parameter values were invalid: Type mismatch for Index Key email Expected: S Actual: N IndexName: byEmail',
      );
      await validation(
        send({ TableName: tables.indexed, Item: { pk: { S: unique() }, email: { S: '' } } }),
        'One or more parameter values are not valid. A value specified for a secondary index key is not supported. The AttributeValue for a key attribute cannot contain an empty string value. IndexName: byEmail, IndexKey: email',
      );
    });
  });

  describe('request validation', () => {
    it('answers ResourceNotFoundException for a missing table', async () => {
      await notFound(send({ TableName: 'NoSuchTable', Item: { userId: { S: 'x' } } }));
    });

    it('validates the request before looking up the table', async () => {
      await validation(
        send({ TableName: 'NoSuchTable', Item: { userId: { S: 'x' } }, ReturnValues: 'ALL_NEW' }),
        'ReturnValues can only be ALL_OLD or NONE',
      );
    });

    it('refuses Expected together with ConditionExpression', async () => {
      await validation(
        send({ Item: { userId: { S: 'x' } }, Expected: { a: { Exists: false } }, ConditionExpression: 'attribute_exists(a)' }),
        'Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {Expected} Expression parameters: {ConditionExpression}',
      );
      await validation(
        send({ Item: { userId: { S: 'x' } }, ConditionalOperator: 'AND', ConditionExpression: 'attribute_exists(a)' }),
        'Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {ConditionalOperator} Expression parameters: {ConditionExpression}',
      );
    });

    it('refuses expression attribute maps without an expression', async () => {
      await validation(
        send({ Item: { userId: { S: 'x' } }, ExpressionAttributeNames: { '#a': 'a' } }),
        'ExpressionAttributeNames can only be specified when using expressions',
      );
      await validation(
        send({ Item: { userId: { S: 'x' } }, ExpressionAttributeValues: { ':a': { S: 'a' } } }),
        'ExpressionAttributeValues can only be specified when using expressions: ConditionExpression is null',
      );
    });

    it('refuses empty and unused expression attribute maps', async () => {
      await validation(
        send({ Item: { userId: { S: 'x' } }, ConditionExpression: 'attribute_exists(a)', ExpressionAttributeValues: {} }),
        'ExpressionAttributeValues must not be empty',
      );
      await validation(
        send({ Item: { userId: { S: 'x' } }, ConditionExpression: 'attribute_exists(a)', ExpressionAttributeNames: {} }),
        'ExpressionAttributeNames must not be empty',
      );
      await validation(
        send({
          Item: { userId: { S: 'x' } },
          ConditionExpression: 'attribute_exists(a)',
          ExpressionAttributeValues: { ':unused': { S: 'a' } },
        }),
        'Value provided in ExpressionAttributeValues unused in expressions: keys: {:unused}',
      );
    });

    it('reports a condition syntax error', async () => {
      await validation(
        send({ Item: { userId: { S: 'x' } }, ConditionExpression: 'a =' }),
        'Invalid ConditionExpression: Syntax error; token: "<EOF>", near: "="',
      );
    });

    it('refuses an item attribute value of the wrong shape', async () => {
      const res = await eddy.raw('PutItem', { TableName: tables.users, Item: { userId: { S: 'x' }, bad: { S: 'a', N: '1' } } });
      assert.equal(res.status, 400);
      assert.equal(res.json.__type, 'com.amazon.coral.validate#ValidationException');
      assert.equal(
        res.json.message,
        'Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes',
      );
    });

    it('does not write anything when the request fails', async () => {
      const userId = unique();
      await rejectsWith(send({ Item: { userId: { S: userId }, s: { SS: [] } } }), 'ValidationException',
        'One or more parameter values were invalid: An string set  may not be empty');
      assert.equal(await get(eddy.ddb, tables.users, { userId: { S: userId } }), undefined);
    });
  });
});
