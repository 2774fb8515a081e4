import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CreateTableCommand, DescribeTimeToLiveCommand, UpdateTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { startTestEddy, type TestEddy } from '../../helpers/eddy.js';
import { assertRawError, hashTable, rejectsWith, tableName } from './table-fixtures.js';

describe('DescribeTimeToLive', () => {
  let eddy: TestEddy;
  before(async () => {
    eddy = await startTestEddy();
  });
  after(() => eddy.stop());

  const describeTtl = (TableName: string) => eddy.ddb.send(new DescribeTimeToLiveCommand({ TableName }));

  it('is DISABLED on a new table', async () => {
    const name = tableName();
    await eddy.ddb.send(new CreateTableCommand(hashTable(name)));
    assert.deepEqual((await describeTtl(name)).TimeToLiveDescription, { TimeToLiveStatus: 'DISABLED' });
  });

  it('shows the attribute once enabled, and DISABLED again after disabling', async () => {
    const name = tableName();
    await eddy.ddb.send(new CreateTableCommand(hashTable(name)));
    await eddy.ddb.send(new UpdateTimeToLiveCommand({ TableName: name, TimeToLiveSpecification: { Enabled: true, AttributeName: 'expiresAt' } }));
    assert.deepEqual((await describeTtl(name)).TimeToLiveDescription, { TimeToLiveStatus: 'ENABLED', AttributeName: 'expiresAt' });
    await eddy.ddb.send(new UpdateTimeToLiveCommand({ TableName: name, TimeToLiveSpecification: { Enabled: false, AttributeName: 'expiresAt' } }));
    assert.deepEqual((await describeTtl(name)).TimeToLiveDescription, { TimeToLiveStatus: 'DISABLED' });
  });

  it('answers ResourceNotFoundException for an unknown table', async () => {
    await rejectsWith(describeTtl('ghost-table'), 'ResourceNotFoundException', 'Requested resource not found: Table: ghost-table not found');
  });

  it('requires TableName', async () => {
    assertRawError(await eddy.raw('DescribeTimeToLive', {}), 'ValidationException', "The parameter 'TableName' is required but was not present in the request");
  });
});
