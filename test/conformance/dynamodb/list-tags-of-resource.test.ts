import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CreateTableCommand, ListTagsOfResourceCommand } from '@aws-sdk/client-dynamodb';
import { startTestEddy, type TestEddy } from '../../helpers/eddy.js';
import { assertRawError, hashTable, rejectsWith, tableName, validationError } from './table-fixtures.js';

const arnOf = (name: string) => `arn:aws:dynamodb:us-east-1:000000000000:table/${name}`;

describe('ListTagsOfResource', () => {
  let eddy: TestEddy;
  before(async () => {
    eddy = await startTestEddy();
  });
  after(() => eddy.stop());

  const listTags = (ResourceArn: string) => eddy.ddb.send(new ListTagsOfResourceCommand({ ResourceArn }));

  it('lists the tags given at creation, in order', async () => {
    const name = tableName();
    const Tags = [
      { Key: 'z', Value: 'last' },
      { Key: 'a', Value: 'first' },
    ];
    await eddy.ddb.send(new CreateTableCommand(hashTable(name, { Tags })));
    const out = await listTags(arnOf(name));
    assert.deepEqual(out.Tags, Tags);
    assert.equal(out.NextToken, undefined);
  });

  it('lists an empty set', async () => {
    const name = tableName();
    await eddy.ddb.send(new CreateTableCommand(hashTable(name)));
    assert.deepEqual((await listTags(arnOf(name))).Tags, []);
  });

  it('answers ResourceNotFoundException for an unknown table', async () => {
    await rejectsWith(listTags(arnOf('ghost-table')), 'ResourceNotFoundException', `Requested resource not found: ResourcArn: ${arnOf('ghost-table')} not found`);
  });

  it('checks the ARN', async () => {
    await validationError(listTags('table/abc'), "One or more parameter values were invalid: ARNs must start with 'arn:': table/abc");
    assertRawError(
      await eddy.raw('ListTagsOfResource', {}),
      'ValidationException',
      "1 validation error detected: Value null at 'resourceArn' failed to satisfy constraint: Member must not be null",
    );
  });
});
