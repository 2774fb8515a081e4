import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTableCommand, DescribeTableCommand, PutItemCommand, UpdateTableCommand } from '@aws-sdk/client-dynamodb';
import { startTestEddy, type TestEddy } from '../../helpers/eddy.js';
import { assertRawError, hashTable, rejectsWith, tableName } from './table-fixtures.js';

describe('DescribeTable', () => {
  let eddy: TestEddy;
  before(async () => {
    eddy = await startTestEddy();
  });
  after(() => eddy.stop());

  const describeTable = (TableName: string) => eddy.ddb.send(new DescribeTableCommand({ TableName }));

  it('describes what CreateTable returned, with what CreateTable leaves out as AWS does', async () => {
    const name = tableName();
    const created = (await eddy.ddb.send(new CreateTableCommand(hashTable(name, {}, true)))).TableDescription!;
    const described = (await describeTable(name)).Table!;
    assert.deepEqual(described, {
      ...created,
      BillingModeSummary: { BillingMode: 'PAY_PER_REQUEST', LastUpdateToPayPerRequestDateTime: created.CreationDateTime },
      WarmThroughput: { ReadUnitsPerSecond: 12000, WriteUnitsPerSecond: 4000, Status: 'ACTIVE' },
    });
  });

  it('counts items and their bytes', async () => {
    const name = tableName();
    await eddy.ddb.send(new CreateTableCommand(hashTable(name)));
    await eddy.ddb.send(new PutItemCommand({ TableName: name, Item: { pk: { S: 'a' }, v: { S: 'xyz' } } }));
    await eddy.ddb.send(new PutItemCommand({ TableName: name, Item: { pk: { S: 'b' } } }));
    const d = (await describeTable(name)).Table!;
    assert.equal(d.ItemCount, 2);
    // pk:"a" (2+1) + v:"xyz" (1+3) = 7, pk:"b" (2+1) = 3
    assert.equal(d.TableSizeBytes, 10);
  });

  it('accepts names with dots, dashes and underscores', async () => {
    const name = `a.b-c_${tableName()}`;
    await eddy.ddb.send(new CreateTableCommand(hashTable(name)));
    assert.equal((await describeTable(name)).Table!.TableName, name);
  });

  it('accepts the table ARN as TableName', async () => {
    const name = tableName();
    await eddy.ddb.send(new CreateTableCommand(hashTable(name)));
    const arn = `arn:aws:dynamodb:us-east-1:000000000000:table/${name}`;
    assert.equal((await describeTable(arn)).Table!.TableName, name);
  });

  it('refuses an ARN of another region or of an index', async () => {
    const otherRegion = 'arn:aws:dynamodb:eu-west-1:000000000000:table/abc';
    assertRawError(await eddy.raw('DescribeTable', { TableName: otherRegion }), 'ValidationException', `1 validation error detected: Invalid AWS region in '${otherRegion}'`);
    const index = 'arn:aws:dynamodb:us-east-1:000000000000:table/abc/index/def';
    assertRawError(await eddy.raw('DescribeTable', { TableName: index }), 'ValidationException', `1 validation error detected: Invalid resource type in '${index}'`);
  });

  it('does not let CreateTable take an ARN', async () => {
    assertRawError(
      await eddy.raw('CreateTable', { ...hashTable('x'), TableName: 'arn:aws:dynamodb:us-east-1:000000000000:table/abc' }),
      'ValidationException',
      "1 validation error detected: Value 'arn:aws:dynamodb:us-east-1:000000000000:table/abc' at 'tableName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+",
    );
  });

  it('answers ResourceNotFoundException for an unknown table', async () => {
    await rejectsWith(describeTable('nope-nope'), 'ResourceNotFoundException', 'Requested resource not found: Table: nope-nope not found');
  });

  it('requires TableName', async () => {
    assertRawError(await eddy.raw('DescribeTable', {}), 'ValidationException', "The parameter 'TableName' is required but was not present in the request");
  });

  it('checks the name length and pattern', async () => {
    assertRawError(
      await eddy.raw('DescribeTable', { TableName: 'a;' }),
      'ValidationException',
      "2 validation errors detected: Value 'a;' at 'tableName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+; " +
        "Value 'a;' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 3",
    );
    assertRawError(
      await eddy.raw('DescribeTable', { TableName: 'x'.repeat(256) }),
      'ValidationException',
      `1 validation error detected: Value '${'x'.repeat(256)}' at 'tableName' failed to satisfy constraint: Member must have length less than or equal to 255`,
    );
  });

  it('rejects a TableName of the wrong JSON type', async () => {
    assertRawError(await eddy.raw('DescribeTable', { TableName: 12 }), 'SerializationException', 'NUMBER_VALUE cannot be converted to String');
  });
});

describe('Table definitions across restart', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'eddy-tables-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('keeps tables, indexes, streams, tags, TTL and protection', async () => {
    const first = await startTestEddy({ data: dir });
    let before: unknown;
    try {
      await first.ddb.send(
        new CreateTableCommand(
          hashTable('Persisted', {
            StreamSpecification: { StreamEnabled: true, StreamViewType: 'KEYS_ONLY' },
            Tags: [{ Key: 'k', Value: 'v' }],
            DeletionProtectionEnabled: true,
          }),
        ),
      );
      await first.ddb.send(new UpdateTableCommand({ TableName: 'Persisted', TableClass: 'STANDARD_INFREQUENT_ACCESS' }));
      await first.raw('UpdateTimeToLive', { TableName: 'Persisted', TimeToLiveSpecification: { Enabled: true, AttributeName: 'exp' } });
      before = (await first.ddb.send(new DescribeTableCommand({ TableName: 'Persisted' }))).Table;
    } finally {
      await first.stop();
    }
    const second = await startTestEddy({ data: dir });
    try {
      assert.deepEqual((await second.ddb.send(new DescribeTableCommand({ TableName: 'Persisted' }))).Table, before);
      const ttl = await second.raw('DescribeTimeToLive', { TableName: 'Persisted' });
      assert.deepEqual(ttl.json, { TimeToLiveDescription: { TimeToLiveStatus: 'ENABLED', AttributeName: 'exp' } });
      const tags = await second.raw('ListTagsOfResource', { ResourceArn: 'arn:aws:dynamodb:us-east-1:000000000000:table/Persisted' });
      assert.deepEqual(tags.json, { Tags: [{ Key: 'k', Value: 'v' }] });
    } finally {
      await second.stop();
    }
  });
});
