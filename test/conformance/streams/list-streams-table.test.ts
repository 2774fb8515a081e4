import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import { ListStreamsCommand } from '@aws-sdk/client-dynamodb-streams';
import { startTestEddy, type TestEddy } from '../../helpers/eddy.js';
import { rejectsWith } from '../dynamodb/table-fixtures.js';
import { createStreamTable, uniqueTable } from './stream-fixtures.js';

/** Unconfirmed wording (src/streams/errors.ts): DynamoDB's text for a missing table. */
const tableNotFound = (name: string) => `Requested resource not found: Table: ${name} not found`;

/** ListStreams with a TableName: that table's streams, none for a table without one, not found for no table. */
describe('ListStreams by table name', () => {
  let eddy: TestEddy;
  before(async () => {
    eddy = await startTestEddy();
  });
  after(() => eddy.stop());

  const list = (TableName: string) => eddy.streams.send(new ListStreamsCommand({ TableName }));

  it('a name no table has is ResourceNotFoundException', async () => {
    const name = uniqueTable('missing');
    await rejectsWith(list(name), 'ResourceNotFoundException', tableNotFound(name));
  });

  it('the answer is the streams error on the wire', async () => {
    const res = await eddy.raw('DynamoDBStreams_20120810.ListStreams', { TableName: 'NoSuchTable' });
    assert.equal(res.status, 400, res.text);
    assert.deepEqual(res.json, {
      __type: 'com.amazonaws.dynamodb.v20120810#ResourceNotFoundException',
      message: tableNotFound('NoSuchTable'),
    });
  });

  it('a table without a stream lists none', async () => {
    const name = uniqueTable('plain');
    await createStreamTable(eddy.ddb, name, null);
    assert.deepEqual((await list(name)).Streams, []);
  });

  it('a deleted table is listed by name while its stream is kept', async () => {
    const name = uniqueTable('deleted');
    const arn = await createStreamTable(eddy.ddb, name, 'KEYS_ONLY');
    await eddy.ddb.send(new DeleteTableCommand({ TableName: name }));
    assert.deepEqual((await list(name)).Streams!.map((s) => s.StreamArn), [arn]);
  });

  it('a malformed ExclusiveStartStreamArn is reported before the table is looked for (order unconfirmed)', async () => {
    const res = await eddy.raw('DynamoDBStreams_20120810.ListStreams', {
      TableName: 'NoSuchTable',
      ExclusiveStartStreamArn: 'x'.repeat(40),
    });
    assert.equal(res.status, 400, res.text);
    assert.match(String(res.json?.__type), /#ValidationException$/);
  });
});
