import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CreateTableCommand, DeleteTableCommand, DescribeTableCommand, GetItemCommand, PutItemCommand, UpdateTableCommand } from '@aws-sdk/client-dynamodb';
import { startTestEddy, type TestEddy } from '../../helpers/eddy.js';
import { assertRawError, hashTable, rejectsWith, tableName, validationError } from './table-fixtures.js';

describe('DeleteTable', () => {
  let eddy: TestEddy;
  before(async () => {
    eddy = await startTestEddy();
  });
  after(() => eddy.stop());

  const deleteTable = (TableName: string) => eddy.ddb.send(new DeleteTableCommand({ TableName }));

  it('returns the description with DELETING and removes the table', async () => {
    const name = tableName();
    const created = (await eddy.ddb.send(new CreateTableCommand(hashTable(name)))).TableDescription!;
    const out = await deleteTable(name);
    const warm = { ReadUnitsPerSecond: 12000, WriteUnitsPerSecond: 4000, Status: 'ACTIVE' };
    const billing = { BillingMode: 'PAY_PER_REQUEST', LastUpdateToPayPerRequestDateTime: created.CreationDateTime };
    assert.deepEqual(out.TableDescription, { ...created, TableStatus: 'DELETING', BillingModeSummary: billing, WarmThroughput: warm });
    await rejectsWith(
      eddy.ddb.send(new DescribeTableCommand({ TableName: name })),
      'ResourceNotFoundException',
      `Requested resource not found: Table: ${name} not found`,
    );
  });

  it('drops the items: a table created again under the name is empty', async () => {
    const name = tableName();
    await eddy.ddb.send(new CreateTableCommand(hashTable(name)));
    await eddy.ddb.send(new PutItemCommand({ TableName: name, Item: { pk: { S: 'x' } } }));
    const deleted = await deleteTable(name);
    assert.equal(deleted.TableDescription!.ItemCount, 1);
    await eddy.ddb.send(new CreateTableCommand(hashTable(name)));
    const got = await eddy.ddb.send(new GetItemCommand({ TableName: name, Key: { pk: { S: 'x' } } }));
    assert.equal(got.Item, undefined);
  });

  it('answers ResourceNotFoundException for an unknown table', async () => {
    await rejectsWith(deleteTable('missing-table'), 'ResourceNotFoundException', 'Requested resource not found: Table: missing-table not found');
  });

  it('refuses while deletion protection is on, deletes once it is off', async () => {
    const name = tableName();
    await eddy.ddb.send(new CreateTableCommand(hashTable(name, { DeletionProtectionEnabled: true })));
    await validationError(
      deleteTable(name),
      'Resource cannot be deleted as it is currently protected against deletion. Disable deletion protection first.',
    );
    await eddy.ddb.send(new UpdateTableCommand({ TableName: name, DeletionProtectionEnabled: false }));
    assert.equal((await deleteTable(name)).TableDescription!.TableStatus, 'DELETING');
  });

  it('requires TableName', async () => {
    assertRawError(await eddy.raw('DeleteTable', {}), 'ValidationException', "The parameter 'TableName' is required but was not present in the request");
  });
});
