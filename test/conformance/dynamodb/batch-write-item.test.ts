import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BatchWriteItemCommand, type BatchWriteItemCommandInput, type WriteRequest } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { startTestEddy, type TestEddy } from '../../helpers/eddy.js';
import { createStreamTable, readOnlyShard, summary, uniqueTable } from '../streams/stream-fixtures.js';
import { createItemTables, get, notFound, put, tables, unique, validation } from './item-fixtures.js';

describe('BatchWriteItem', () => {
  let eddy: TestEddy;
  before(async () => {
    eddy = await startTestEddy();
    await createItemTables(eddy.ddb);
  });
  after(() => eddy.stop());

  const send = (RequestItems: BatchWriteItemCommandInput['RequestItems'], extra: Partial<BatchWriteItemCommandInput> = {}) =>
    eddy.ddb.send(new BatchWriteItemCommand({ RequestItems, ...extra }));
  const userKey = (id: string) => ({ userId: { S: id } });
  const putUser = (id: string, extra: Record<string, any> = {}): WriteRequest => ({ PutRequest: { Item: { ...userKey(id), ...extra } } });
  const deleteUser = (id: string): WriteRequest => ({ DeleteRequest: { Key: userKey(id) } });

  it('puts and deletes over several tables and answers UnprocessedItems {}', async () => {
    const gone = unique('bw');
    const a = unique('bw');
    const pk = unique('bw');
    await put(eddy.ddb, tables.users, userKey(gone));
    const res = await eddy.raw('BatchWriteItem', {
      RequestItems: {
        [tables.users]: [putUser(a, { n: { N: '01.50' } }), deleteUser(gone)],
        [tables.events]: [{ PutRequest: { Item: { pk: { S: pk }, sk: { N: '1' } } } }],
      },
    });
    assert.equal(res.status, 200);
    assert.deepEqual(res.json, { UnprocessedItems: {} });
    assert.deepEqual(await get(eddy.ddb, tables.users, userKey(a)), { ...userKey(a), n: { N: '1.5' } });
    assert.equal(await get(eddy.ddb, tables.users, userKey(gone)), undefined);
    assert.deepEqual(await get(eddy.ddb, tables.events, { pk: { S: pk }, sk: { N: '1' } }), { pk: { S: pk }, sk: { N: '1' } });
  });

  it('replaces an existing item and deleting a missing one succeeds', async () => {
    const id = unique('bw');
    await put(eddy.ddb, tables.users, { ...userKey(id), old: { S: 'yes' } });
    await send({ [tables.users]: [putUser(id, { fresh: { S: 'yes' } }), deleteUser(unique('never'))] });
    assert.deepEqual(await get(eddy.ddb, tables.users, userKey(id)), { ...userKey(id), fresh: { S: 'yes' } });
  });

  it('works through the document client', async () => {
    const id = unique('bw');
    const out = await eddy.doc.send(new BatchWriteCommand({ RequestItems: { [tables.users]: [{ PutRequest: { Item: { userId: id, n: 3 } } }] } }));
    assert.deepEqual(out.UnprocessedItems, {});
    assert.deepEqual(await get(eddy.ddb, tables.users, userKey(id)), { ...userKey(id), n: { N: '3' } });
  });

  it('reports ConsumedCapacity per table', async () => {
    const out = await send(
      { [tables.users]: [putUser(unique('bw')), putUser(unique('bw'))], [tables.events]: [{ DeleteRequest: { Key: { pk: { S: 'x' }, sk: { N: '1' } } } }] },
      { ReturnConsumedCapacity: 'TOTAL' },
    );
    assert.deepEqual(out.ConsumedCapacity, [
      { TableName: tables.users, CapacityUnits: 2, WriteCapacityUnits: 2 },
      { TableName: tables.events, CapacityUnits: 1, WriteCapacityUnits: 1 },
    ]);
  });

  it('reports INDEXES: the table and each index written, summed over its requests', async () => {
    const put = (email: string) => ({ PutRequest: { Item: { pk: { S: unique('bwi') }, email: { S: email } } } });
    const out = await send({ [tables.indexed]: [put('a@x'), put('b@x'), { PutRequest: { Item: { pk: { S: unique('bwi') } } } }] }, { ReturnConsumedCapacity: 'INDEXES' });
    assert.deepEqual(out.ConsumedCapacity, [
      { TableName: tables.indexed, CapacityUnits: 5, WriteCapacityUnits: 5, Table: { CapacityUnits: 3, WriteCapacityUnits: 3 }, GlobalSecondaryIndexes: { byEmail: { CapacityUnits: 2, WriteCapacityUnits: 2 } } },
    ]);
  });

  it('writes one stream record per changed item, none for unchanged ones', async () => {
    const table = uniqueTable('bw-stream');
    const arn = await createStreamTable(eddy.ddb, table);
    const item = (pk: string, v = '1') => ({ pk: { S: pk }, v: { S: v } });
    await put(eddy.ddb, table, item('same'));
    await put(eddy.ddb, table, item('gone'));
    await send({
      [table]: [
        { PutRequest: { Item: item('new') } },
        { PutRequest: { Item: item('same') } },
        { DeleteRequest: { Key: { pk: { S: 'gone' } } } },
        { DeleteRequest: { Key: { pk: { S: 'never' } } } },
      ],
    });
    const records = await readOnlyShard(eddy.streams, arn);
    assert.deepEqual(summary(records), ['INSERT same', 'INSERT gone', 'INSERT new', 'REMOVE gone']);
    assert.deepEqual(records[2]!.dynamodb!.NewImage, item('new'));
    assert.deepEqual(records[3]!.dynamodb!.OldImage, item('gone'));
  });

  describe('validation', () => {
    it('refuses two requests on one item', async () => {
      const id = unique('dup');
      await validation(send({ [tables.users]: [putUser(id), deleteUser(id)] }), 'Provided list of item keys contains duplicates');
      await validation(
        send({ [tables.events]: [{ PutRequest: { Item: { pk: { S: 'p' }, sk: { N: '2' } } } }, { DeleteRequest: { Key: { pk: { S: 'p' }, sk: { N: '2.0' } } } }] }),
        'Provided list of item keys contains duplicates',
      );
      assert.equal(await get(eddy.ddb, tables.users, userKey(id)), undefined);
    });

    it('refuses more than 25 requests for one table', async () => {
      const requests = Array.from({ length: 26 }, (_, i) => deleteUser(`k${i}`));
      const res = await eddy.raw('BatchWriteItem', { RequestItems: { [tables.users]: requests } });
      assert.equal(res.json.__type, 'com.amazon.coral.validate#ValidationException');
      assert.equal(
        res.json.message,
        `1 validation error detected: Value '${JSON.stringify({ [tables.users]: requests })}' at 'requestItems' failed to satisfy constraint: ` +
          'Map value must satisfy constraint: [Member must have length less than or equal to 25, Member must have length greater than or equal to 1]',
      );
    });

    it('refuses an empty list for a table, and an empty RequestItems', async () => {
      const res = await eddy.raw('BatchWriteItem', { RequestItems: { [tables.users]: [] } });
      assert.equal(
        res.json.message,
        `1 validation error detected: Value '{"${tables.users}":[]}' at 'requestItems' failed to satisfy constraint: ` +
          'Map value must satisfy constraint: [Member must have length less than or equal to 25, Member must have length greater than or equal to 1]',
      );
      await validation(send({}), 'The requestItems parameter is required for BatchWriteItem');
    });

    it('refuses more than 25 requests over all tables', async () => {
      const users = Array.from({ length: 13 }, (_, i) => deleteUser(`k${i}`));
      const events = Array.from({ length: 13 }, (_, i) => ({ DeleteRequest: { Key: { pk: { S: 'p' }, sk: { N: String(i) } } } }));
      await validation(send({ [tables.users]: users, [tables.events]: events }), 'Too many items requested for the BatchWriteItem call');
    });

    it('refuses an item over 400 KB and writes nothing of the batch', async () => {
      const id = unique('big');
      await validation(
        send({ [tables.users]: [putUser(id), putUser(unique('big'), { big: { S: 'x'.repeat(409_600) } })] }),
        'Item size has exceeded the maximum allowed size',
      );
      assert.equal(await get(eddy.ddb, tables.users, userKey(id)), undefined);
    });

    it('refuses a bad key and a missing table before writing anything', async () => {
      const id = unique('bad');
      await validation(
        send({ [tables.users]: [putUser(id), { DeleteRequest: { Key: { nope: { S: 'x' } } } }] }),
        'The provided key element does not match the schema',
      );
      await validation(
        send({ [tables.users]: [putUser(id), { PutRequest: { Item: { other: { S: 'x' } } } }] }),
        'One or more parameter values were invalid: Missing the key userId in the item',
      );
      await notFound(send({ [tables.users]: [putUser(id)], NoSuchTable: [deleteUser('x')] }));
      assert.equal(await get(eddy.ddb, tables.users, userKey(id)), undefined);
    });

    it('refuses a WriteRequest with neither or both requests', async () => {
      const message = 'A WriteRequest must contain exactly one of PutRequest or DeleteRequest';
      await validation(send({ [tables.users]: [{}] }), message);
      await validation(send({ [tables.users]: [{ ...putUser('a'), ...deleteUser('a') }] }), message);
    });
  });
});
