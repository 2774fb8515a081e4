import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CreateTableCommand, UpdateTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { startTestEddy, type TestEddy } from '../../helpers/eddy.js';
import { assertRawError, hashTable, rejectsWith, tableName, validationError } from './table-fixtures.js';

describe('UpdateTimeToLive', () => {
  let eddy: TestEddy;
  before(async () => {
    eddy = await startTestEddy();
  });
  after(() => eddy.stop());

  const updateTtl = (TableName: string, Enabled: boolean, AttributeName: string) =>
    eddy.ddb.send(new UpdateTimeToLiveCommand({ TableName, TimeToLiveSpecification: { Enabled, AttributeName } }));
  const newTable = async () => {
    const name = tableName();
    await eddy.ddb.send(new CreateTableCommand(hashTable(name)));
    return name;
  };

  it('echoes the specification', async () => {
    const name = await newTable();
    const out = await updateTtl(name, true, 'ttl');
    assert.deepEqual(out.TimeToLiveSpecification, { Enabled: true, AttributeName: 'ttl' });
  });

  it('refuses to enable twice', async () => {
    const name = await newTable();
    await updateTtl(name, true, 'ttl');
    await validationError(updateTtl(name, true, 'ttl'), 'TimeToLive is already enabled');
  });

  it('refuses another attribute while enabled', async () => {
    const name = await newTable();
    await updateTtl(name, true, 'ttl');
    await validationError(updateTtl(name, true, 'other'), 'TimeToLive is active on a different AttributeName: current AttributeName is ttl');
  });

  it('refuses to disable when disabled', async () => {
    const name = await newTable();
    await validationError(updateTtl(name, false, 'ttl'), 'TimeToLive is already disabled');
  });

  it('can enable another attribute after disabling', async () => {
    const name = await newTable();
    await updateTtl(name, true, 'a');
    await updateTtl(name, false, 'a');
    assert.deepEqual((await updateTtl(name, true, 'b')).TimeToLiveSpecification, { Enabled: true, AttributeName: 'b' });
  });

  it('answers ResourceNotFoundException for an unknown table', async () => {
    await rejectsWith(updateTtl('ghost-table', true, 'ttl'), 'ResourceNotFoundException', 'Requested resource not found: Table: ghost-table not found');
  });

  it('validates the specification', async () => {
    assertRawError(
      await eddy.raw('UpdateTimeToLive', { TableName: 'abc' }),
      'ValidationException',
      "1 validation error detected: Value null at 'timeToLiveSpecification' failed to satisfy constraint: Member must not be null",
    );
    assertRawError(
      await eddy.raw('UpdateTimeToLive', { TableName: 'abc', TimeToLiveSpecification: { AttributeName: '' } }),
      'ValidationException',
      "2 validation errors detected: Value null at 'timeToLiveSpecification.enabled' failed to satisfy constraint: Member must not be null; " +
        "Value '' at 'timeToLiveSpecification.attributeName' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
    assertRawError(
      await eddy.raw('UpdateTimeToLive', { TableName: 'abc', TimeToLiveSpecification: { Enabled: 1, AttributeName: 'a' } }),
      'SerializationException',
      'NUMBER_VALUE cannot be converted to Boolean',
    );
  });
});
