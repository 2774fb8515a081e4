import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestEddy, type TestEddy } from '../../helpers/eddy.js';
import { createStreamTable, uniqueTable } from './stream-fixtures.js';

const VALIDATION = 'com.amazon.coral.validate#ValidationException';

/** Input checks of the Streams actions, through the same generic checker as DynamoDB's. */
describe('Streams input validation', () => {
  let eddy: TestEddy;
  let arn: string;
  before(async () => {
    eddy = await startTestEddy();
    arn = await createStreamTable(eddy.ddb, uniqueTable('checked'), 'KEYS_ONLY');
  });
  after(() => eddy.stop());

  const call = (operation: string, body: object) => eddy.raw(`DynamoDBStreams_20120810.${operation}`, body);
  const expectValidation = async (operation: string, body: object, message: string) => {
    const res = await call(operation, body);
    assert.equal(res.status, 400, res.text);
    assert.deepEqual(res.json, { __type: VALIDATION, message });
  };

  it('GetShardIterator reports missing and malformed members together', async () => {
    await expectValidation(
      'GetShardIterator',
      { ShardIteratorType: 'OLDEST' },
      '3 validation errors detected: ' +
        "Value null at 'streamArn' failed to satisfy constraint: Member must not be null; " +
        "Value null at 'shardId' failed to satisfy constraint: Member must not be null; " +
        "Value 'OLDEST' at 'shardIteratorType' failed to satisfy constraint: Member must satisfy enum value set: [TRIM_HORIZON, LATEST, AT_SEQUENCE_NUMBER, AFTER_SEQUENCE_NUMBER]",
    );
  });

  it('GetRecords needs a ShardIterator', async () => {
    await expectValidation('GetRecords', {}, "1 validation error detected: Value null at 'shardIterator' failed to satisfy constraint: Member must not be null");
  });

  it('ListStreams and DescribeStream check Limit and the bounds of names', async () => {
    // Listed in shape order: TableName, Limit, ExclusiveStartStreamArn.
    await expectValidation(
      'ListStreams',
      { Limit: 0, TableName: 'ab', ExclusiveStartStreamArn: 'short' },
      '3 validation errors detected: ' +
        "Value 'ab' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 3; " +
        "Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1; " +
        "Value 'short' at 'exclusiveStartStreamArn' failed to satisfy constraint: Member must have length greater than or equal to 37",
    );
    await expectValidation(
      'DescribeStream',
      { StreamArn: arn, Limit: 0, ShardFilter: { Type: 'PARENT' } },
      '2 validation errors detected: ' +
        "Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1; " +
        "Value 'PARENT' at 'shardFilter.type' failed to satisfy constraint: Member must satisfy enum value set: [CHILD_SHARDS]",
    );
  });

  it('a wrongly typed member is a SerializationException', async () => {
    const res = await call('DescribeStream', { StreamArn: arn, Limit: 'ten' });
    assert.equal(res.status, 400);
    assert.match(res.json.__type, /SerializationException$/);
  });

  it('Limits above 100 page at 100', async () => {
    const res = await call('ListStreams', { Limit: 1000 });
    assert.equal(res.status, 200);
    const described = await call('DescribeStream', { StreamArn: arn, Limit: 1000 });
    assert.equal(described.status, 200);
    assert.equal(described.json.StreamDescription.Shards.length, 1);
  });

  it('an unknown Streams action is UnknownOperationException', async () => {
    const res = await call('DeleteStream', {});
    assert.equal(res.status, 400);
    assert.equal(res.json.__type, 'com.amazon.coral.service#UnknownOperationException');
  });
});
