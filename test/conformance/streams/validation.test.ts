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

  it('Limit is 1..100 for ListStreams and DescribeStream; 100 is accepted', async () => {
    // ListStreams' 101 is a ValidationException on AWS (ScyllaDB Alternator's test_streams.py).
    for (const operation of ['ListStreams', 'DescribeStream']) {
      await expectValidation(
        operation,
        { StreamArn: arn, Limit: 101 },
        "1 validation error detected: Value '101' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 100",
      );
    }
    assert.equal((await call('ListStreams', { Limit: 100 })).status, 200);
    const described = await call('DescribeStream', { StreamArn: arn, Limit: 100 });
    assert.equal(described.status, 200);
    assert.equal(described.json.StreamDescription.Shards.length, 1);
  });

  it('a StreamArn that is no ARN is a ValidationException, an unknown one ResourceNotFoundException', async () => {
    const garbage = 'sdfadfsdfnlfkajakfgjalksfgklasjklasdjfklasdfasdfgasf';
    const shardId = (await call('DescribeStream', { StreamArn: arn })).json.StreamDescription.Shards[0].ShardId;
    await expectValidation('DescribeStream', { StreamArn: garbage }, `Invalid StreamArn: ${garbage}`);
    await expectValidation('GetShardIterator', { StreamArn: garbage, ShardId: shardId, ShardIteratorType: 'LATEST' }, `Invalid StreamArn: ${garbage}`);
    await expectValidation('ListStreams', { ExclusiveStartStreamArn: garbage }, `Invalid StreamArn: ${garbage}`);
    const unknown = await call('DescribeStream', { StreamArn: arn.replace(/table\/[^/]+/, 'table/NoSuchTable') });
    assert.equal(unknown.status, 400);
    assert.match(unknown.json.__type, /#ResourceNotFoundException$/);
  });

  it('GetShardIterator refuses a SequenceNumber with TRIM_HORIZON and LATEST', async () => {
    const shardId = (await call('DescribeStream', { StreamArn: arn })).json.StreamDescription.Shards[0].ShardId;
    for (const type of ['TRIM_HORIZON', 'LATEST']) {
      await expectValidation(
        'GetShardIterator',
        { StreamArn: arn, ShardId: shardId, ShardIteratorType: type, SequenceNumber: '000000000000000000001' },
        `SequenceNumber cannot be specified when ShardIteratorType is ${type}`,
      );
    }
  });

  it('ShardFilter needs both Type and ShardId; a parent without children gives no shards', async () => {
    const shardId = (await call('DescribeStream', { StreamArn: arn })).json.StreamDescription.Shards[0].ShardId;
    await expectValidation('DescribeStream', { StreamArn: arn, ShardFilter: { Type: 'CHILD_SHARDS' } }, 'ShardFilter requires both Type and ShardId');
    await expectValidation('DescribeStream', { StreamArn: arn, ShardFilter: { ShardId: shardId } }, 'ShardFilter requires both Type and ShardId');
    const children = await call('DescribeStream', { StreamArn: arn, ShardFilter: { Type: 'CHILD_SHARDS', ShardId: shardId } });
    assert.equal(children.status, 200);
    assert.deepEqual(children.json.StreamDescription.Shards, []);
  });

  it('an unknown Streams action is UnknownOperationException', async () => {
    const res = await call('DeleteStream', {});
    assert.equal(res.status, 400);
    assert.equal(res.json.__type, 'com.amazon.coral.service#UnknownOperationException');
  });
});
