import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CreateTableCommand, ListTagsOfResourceCommand, UntagResourceCommand } from '@aws-sdk/client-dynamodb';
import { startTestEddy, type TestEddy } from '../../helpers/eddy.js';
import { assertRawError, hashTable, rejectsWith, tableName, validationError } from './table-fixtures.js';

const arnOf = (name: string) => `arn:aws:dynamodb:us-east-1:000000000000:table/${name}`;

describe('UntagResource', () => {
  let eddy: TestEddy;
  before(async () => {
    eddy = await startTestEddy();
  });
  after(() => eddy.stop());

  const untag = (ResourceArn: string, TagKeys: string[]) => eddy.ddb.send(new UntagResourceCommand({ ResourceArn, TagKeys }));

  it('removes the named keys and ignores unknown ones', async () => {
    const name = tableName();
    await eddy.ddb.send(
      new CreateTableCommand(
        hashTable(name, {
          Tags: [
            { Key: 'a', Value: '1' },
            { Key: 'b', Value: '2' },
            { Key: 'c', Value: '3' },
          ],
        }),
      ),
    );
    await untag(arnOf(name), ['a', 'c', 'zzz']);
    const tags = (await eddy.ddb.send(new ListTagsOfResourceCommand({ ResourceArn: arnOf(name) }))).Tags;
    assert.deepEqual(tags, [{ Key: 'b', Value: '2' }]);
  });

  it('needs at least one valid key', async () => {
    const name = tableName();
    await eddy.ddb.send(new CreateTableCommand(hashTable(name)));
    await validationError(untag(arnOf(name), []), 'Atleast one Tag Key needs to be provided as Input.');
    await validationError(untag(arnOf(name), ['']), 'The Tag Key provided is invalid, Key: ');
    await validationError(
      untag(
        arnOf(name),
        Array.from({ length: 51 }, (_, i) => `k${i}`),
      ),
      'Number of Tags exceed the current limit for the provided ResourceArn',
    );
  });

  it('answers ResourceNotFoundException for an unknown table', async () => {
    await rejectsWith(untag(arnOf('ghost-table'), ['a']), 'ResourceNotFoundException', `Requested resource not found: ResourcArn: ${arnOf('ghost-table')} not found`);
  });

  it('requires TagKeys', async () => {
    assertRawError(
      await eddy.raw('UntagResource', { ResourceArn: arnOf('abc') }),
      'ValidationException',
      "1 validation error detected: Value null at 'tagKeys' failed to satisfy constraint: Member must not be null",
    );
  });
});
