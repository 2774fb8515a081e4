import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { startTestEddy, type TestEddy } from '../../helpers/eddy.js';
import { arnOf, createItemTables, notFound, put, tables, unique, validation } from './item-fixtures.js';

describe('GetItem', () => {
  let eddy: TestEddy;
  const userId = unique('get');
  const item = {
    userId: { S: userId },
    name: { S: 'Ada' },
    age: { N: '36' },
    address: { M: { city: { S: 'London' }, zip: { S: 'N1' }, geo: { M: { lat: { N: '51.5' } } } } },
    tags: { L: [{ S: 'a' }, { S: 'b' }, { M: { deep: { S: 'c' } } }] },
    flags: { SS: ['x', 'y'] },
  };

  before(async () => {
    eddy = await startTestEddy();
    await createItemTables(eddy.ddb);
    await put(eddy.ddb, tables.users, item);
  });
  after(() => eddy.stop());

  const send = (input: Omit<ConstructorParameters<typeof GetItemCommand>[0], 'TableName'> & { TableName?: string }) =>
    eddy.ddb.send(new GetItemCommand({ TableName: tables.users, ...input } as ConstructorParameters<typeof GetItemCommand>[0]));

  describe('reading', () => {
    it('returns the stored item', async () => {
      const out = await send({ Key: { userId: { S: userId } } });
      assert.deepEqual(out.Item, item);
      assert.equal(out.ConsumedCapacity, undefined);
    });

    it('answers an empty response, without Item, for a missing item', async () => {
      const res = await eddy.raw('GetItem', { TableName: tables.users, Key: { userId: { S: 'nobody' } } });
      assert.equal(res.status, 200);
      assert.deepEqual(res.json, {});
    });

    it('returns the same item with ConsistentRead true and false', async () => {
      assert.deepEqual((await send({ Key: { userId: { S: userId } }, ConsistentRead: true })).Item, item);
      assert.deepEqual((await send({ Key: { userId: { S: userId } }, ConsistentRead: false })).Item, item);
    });

    it('finds number keys by numeric value', async () => {
      const pk = unique();
      await put(eddy.ddb, tables.events, { pk: { S: pk }, sk: { N: '100' } });
      const out = await send({ TableName: tables.events, Key: { pk: { S: pk }, sk: { N: '1E2' } } });
      assert.deepEqual(out.Item, { pk: { S: pk }, sk: { N: '100' } });
    });

    it('finds binary keys by bytes', async () => {
      const id = new Uint8Array([0, 0xff, 0x10, 0x80]);
      await put(eddy.ddb, tables.blobs, { id: { B: id }, v: { B: new Uint8Array([9]) } });
      const out = await send({ TableName: tables.blobs, Key: { id: { B: id } } });
      assert.deepEqual(out.Item, { id: { B: id }, v: { B: new Uint8Array([9]) } });
      assert.equal((await send({ TableName: tables.blobs, Key: { id: { B: new Uint8Array([0, 0xff]) } } })).Item, undefined);
    });

    it('works through the document client', async () => {
      const out = await eddy.doc.send(new GetCommand({ TableName: tables.users, Key: { userId }, ProjectionExpression: 'age, flags' }));
      assert.deepEqual(out.Item, { age: 36, flags: new Set(['x', 'y']) });
    });
  });

  describe('projection', () => {
    it('ProjectionExpression picks top-level attributes', async () => {
      const out = await send({ Key: { userId: { S: userId } }, ProjectionExpression: 'age, userId' });
      assert.deepEqual(out.Item, { age: { N: '36' }, userId: { S: userId } });
    });

    it('ProjectionExpression picks nested map members and list elements', async () => {
      const out = await send({ Key: { userId: { S: userId } }, ProjectionExpression: 'address.geo.lat, tags[2].deep, tags[0]' });
      assert.deepEqual(out.Item, {
        address: { M: { geo: { M: { lat: { N: '51.5' } } } } },
        tags: { L: [{ S: 'a' }, { M: { deep: { S: 'c' } } }] },
      });
    });

    it('ProjectionExpression resolves ExpressionAttributeNames, including reserved words', async () => {
      const out = await send({
        Key: { userId: { S: userId } },
        ProjectionExpression: '#n, #a.#c',
        ExpressionAttributeNames: { '#n': 'name', '#a': 'address', '#c': 'city' },
      });
      assert.deepEqual(out.Item, { name: { S: 'Ada' }, address: { M: { city: { S: 'London' } } } });
    });

    it('returns an empty Item when the item exists but nothing projected does', async () => {
      const res = await eddy.raw('GetItem', { TableName: tables.users, Key: { userId: { S: userId } }, ProjectionExpression: 'nothing' });
      assert.deepEqual(res.json, { Item: {} });
    });

    it('AttributesToGet picks top-level attributes', async () => {
      const out = await send({ Key: { userId: { S: userId } }, AttributesToGet: ['name', 'missing', 'flags'] });
      assert.deepEqual(out.Item, { name: { S: 'Ada' }, flags: { SS: ['x', 'y'] } });
    });

    it('refuses AttributesToGet together with ProjectionExpression', async () => {
      await validation(
        send({ Key: { userId: { S: userId } }, AttributesToGet: ['name'], ProjectionExpression: 'age' }),
        'Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {AttributesToGet} Expression parameters: {ProjectionExpression}',
      );
    });

    it('refuses ExpressionAttributeNames without ProjectionExpression', async () => {
      await validation(
        send({ Key: { userId: { S: userId } }, ExpressionAttributeNames: { '#n': 'name' } }),
        'ExpressionAttributeNames can only be specified when using expressions',
      );
    });

    it('refuses unused and undefined names', async () => {
      await validation(
        send({ Key: { userId: { S: userId } }, ProjectionExpression: 'age', ExpressionAttributeNames: { '#n': 'name' } }),
        'Value provided in ExpressionAttributeNames unused in expressions: keys: {#n}',
      );
      await validation(
        send({ Key: { userId: { S: userId } }, ProjectionExpression: '#n' }),
        'Invalid ProjectionExpression: An expression attribute name used in the document path is not defined; attribute name: #n',
      );
    });

    it('refuses a reserved word used as a name', async () => {
      await validation(
        send({ Key: { userId: { S: userId } }, ProjectionExpression: 'name' }),
        'Invalid ProjectionExpression: Attribute name is a reserved keyword; reserved keyword: name',
      );
    });
  });

  describe('ReturnConsumedCapacity', () => {
    it('charges 0.5 RCU for an eventually consistent read and 1 for a consistent one', async () => {
      const eventual = await send({ Key: { userId: { S: userId } }, ReturnConsumedCapacity: 'TOTAL' });
      assert.deepEqual(eventual.ConsumedCapacity, { TableName: tables.users, CapacityUnits: 0.5, ReadCapacityUnits: 0.5 });
      const consistent = await send({ Key: { userId: { S: userId } }, ConsistentRead: true, ReturnConsumedCapacity: 'TOTAL' });
      assert.deepEqual(consistent.ConsumedCapacity, { TableName: tables.users, CapacityUnits: 1, ReadCapacityUnits: 1 });
    });

    it('charges a missing item like an empty one', async () => {
      const out = await send({ Key: { userId: { S: 'nobody' } }, ConsistentRead: true, ReturnConsumedCapacity: 'TOTAL' });
      assert.equal(out.Item, undefined);
      assert.equal(out.ConsumedCapacity?.CapacityUnits, 1);
    });

    it('charges the whole item per started 4 KB even when projecting', async () => {
      const id = 'big-read';
      // 6 + 8 + 1 + 4082 = 4097 bytes
      await put(eddy.ddb, tables.users, { userId: { S: id.padEnd(8, '_') }, p: { S: 'x'.repeat(4082) } });
      const key = { userId: { S: id.padEnd(8, '_') } };
      assert.equal((await send({ Key: key, ConsistentRead: true, ReturnConsumedCapacity: 'TOTAL' })).ConsumedCapacity?.CapacityUnits, 2);
      const projected = await send({ Key: key, ProjectionExpression: 'userId', ReturnConsumedCapacity: 'TOTAL' });
      assert.equal(projected.ConsumedCapacity?.CapacityUnits, 1);
    });

    it('INDEXES reports the table share', async () => {
      const out = await send({ Key: { userId: { S: userId } }, ConsistentRead: true, ReturnConsumedCapacity: 'INDEXES' });
      assert.deepEqual(out.ConsumedCapacity, {
        TableName: tables.users,
        CapacityUnits: 1,
        ReadCapacityUnits: 1,
        Table: { CapacityUnits: 1, ReadCapacityUnits: 1 },
      });
    });
  });

  describe('keys and errors', () => {
    const mismatch = 'The provided key element does not match the schema';

    it('refuses a key with a missing, extra or mistyped attribute', async () => {
      await validation(send({ TableName: tables.events, Key: { pk: { S: 'a' } } }), mismatch);
      await validation(send({ Key: { userId: { S: 'a' }, other: { S: 'b' } } }), mismatch);
      await validation(send({ Key: { userid: { S: 'a' } } }), mismatch);
      await validation(send({ Key: { userId: { N: '1' } } }), mismatch);
      await validation(send({ Key: {} }), mismatch);
    });

    it('refuses an empty key value', async () => {
      await validation(
        send({ Key: { userId: { S: '' } } }),
        'One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: userId',
      );
    });

    it('answers ResourceNotFoundException for a missing table', async () => {
      await notFound(send({ TableName: 'NoSuchTable', Key: { userId: { S: 'x' } } }));
    });

    it('accepts the table ARN as TableName', async () => {
      assert.deepEqual((await send({ TableName: arnOf(tables.users), Key: { userId: { S: userId } } })).Item, item);
      const index = `${arnOf(tables.users)}/index/x`;
      await validation(send({ TableName: index, Key: { userId: { S: userId } } }), `1 validation error detected: Invalid resource type in '${index}'`);
    });

    it('requires Key', async () => {
      const res = await eddy.raw('GetItem', { TableName: tables.users });
      assert.equal(res.status, 400);
      assert.equal(res.json.message, "1 validation error detected: Value null at 'key' failed to satisfy constraint: Member must not be null");
    });

    it('checks key attribute values before looking up the table', async () => {
      await validation(
        send({ TableName: 'NoSuchTable', Key: { userId: { N: 'abc' } } }),
        'The parameter cannot be converted to a numeric value: abc',
      );
    });
  });
});
