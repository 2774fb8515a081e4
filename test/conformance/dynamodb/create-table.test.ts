import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CreateTableCommand, DescribeTableCommand, waitUntilTableExists } from '@aws-sdk/client-dynamodb';
import { ManualClock } from '../../../src/shared/clock.js';
import { startTestEddy, type TestEddy } from '../../helpers/eddy.js';
import { assertRawError, hashTable, rejectsWith, tableName, validationError } from './table-fixtures.js';

const INVALID = 'One or more parameter values were invalid: ';

describe('CreateTable', () => {
  let eddy: TestEddy;
  const clock = new ManualClock(Date.UTC(2026, 2, 14, 9, 26, 53, 589));
  before(async () => {
    eddy = await startTestEddy({ clock });
  });
  after(() => eddy.stop());

  const create = (input: Parameters<typeof hashTable>[1] & { TableName?: string } = {}) =>
    eddy.ddb.send(new CreateTableCommand(hashTable(input.TableName ?? tableName(), input) as any));

  describe('creating', () => {
    it('returns an ACTIVE PAY_PER_REQUEST table description', async () => {
      const name = tableName();
      const out = await create({ TableName: name });
      const d = out.TableDescription!;
      assert.equal(d.TableName, name);
      assert.equal(d.TableStatus, 'ACTIVE');
      assert.equal(d.TableArn, `arn:aws:dynamodb:us-east-1:000000000000:table/${name}`);
      assert.match(d.TableId!, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      assert.deepEqual(d.KeySchema, [{ AttributeName: 'pk', KeyType: 'HASH' }]);
      assert.deepEqual(d.AttributeDefinitions, [{ AttributeName: 'pk', AttributeType: 'S' }]);
      assert.deepEqual(d.ProvisionedThroughput, { NumberOfDecreasesToday: 0, ReadCapacityUnits: 0, WriteCapacityUnits: 0 });
      // CreateTable's answer has no LastUpdateToPayPerRequestDateTime; DescribeTable has it (observed on AWS).
      assert.deepEqual(d.BillingModeSummary, { BillingMode: 'PAY_PER_REQUEST' });
      assert.deepEqual(d.CreationDateTime, new Date(clock.now()));
      assert.equal(d.ItemCount, 0);
      assert.equal(d.TableSizeBytes, 0);
      assert.equal(d.DeletionProtectionEnabled, false);
      assert.equal(d.StreamSpecification, undefined);
      assert.equal(d.LatestStreamArn, undefined);
      assert.equal(d.TableClassSummary, undefined);
    });

    it('creates a PROVISIONED table with a sort key (no BillingModeSummary when no mode was given)', async () => {
      const name = tableName();
      const input = hashTable(name, { ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 7 } }, true);
      delete input.BillingMode;
      const d = (await eddy.ddb.send(new CreateTableCommand(input))).TableDescription!;
      assert.deepEqual(d.KeySchema, [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ]);
      assert.deepEqual(d.ProvisionedThroughput, { NumberOfDecreasesToday: 0, ReadCapacityUnits: 5, WriteCapacityUnits: 7 });
      assert.equal(d.BillingModeSummary, undefined);
    });

    it('shows BillingModeSummary PROVISIONED when the mode is given', async () => {
      const d = (await create({ BillingMode: 'PROVISIONED', ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 } }))
        .TableDescription!;
      assert.deepEqual(d.BillingModeSummary, { BillingMode: 'PROVISIONED' });
    });

    it('records a stream with its label and ARN from the clock', async () => {
      const name = tableName();
      const d = (await create({ TableName: name, StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' } }))
        .TableDescription!;
      assert.deepEqual(d.StreamSpecification, { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' });
      assert.equal(d.LatestStreamLabel, '2026-03-14T09:26:53.589');
      assert.equal(d.LatestStreamArn, `arn:aws:dynamodb:us-east-1:000000000000:table/${name}/stream/2026-03-14T09:26:53.589`);
    });

    it('accepts StreamEnabled false without a stream', async () => {
      const d = (await create({ StreamSpecification: { StreamEnabled: false } })).TableDescription!;
      assert.equal(d.StreamSpecification, undefined);
      assert.equal(d.LatestStreamLabel, undefined);
    });

    it('creates global and local secondary indexes, ACTIVE, with ARNs', async () => {
      const name = tableName();
      const d = (
        await eddy.ddb.send(
          new CreateTableCommand({
            TableName: name,
            KeySchema: [
              { AttributeName: 'pk', KeyType: 'HASH' },
              { AttributeName: 'sk', KeyType: 'RANGE' },
            ],
            AttributeDefinitions: [
              { AttributeName: 'pk', AttributeType: 'S' },
              { AttributeName: 'sk', AttributeType: 'S' },
              { AttributeName: 'email', AttributeType: 'S' },
              { AttributeName: 'score', AttributeType: 'N' },
            ],
            BillingMode: 'PAY_PER_REQUEST',
            GlobalSecondaryIndexes: [
              { IndexName: 'byEmail', KeySchema: [{ AttributeName: 'email', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' } },
            ],
            LocalSecondaryIndexes: [
              {
                IndexName: 'byScore',
                KeySchema: [
                  { AttributeName: 'pk', KeyType: 'HASH' },
                  { AttributeName: 'score', KeyType: 'RANGE' },
                ],
                Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['a', 'b'] },
              },
            ],
          }),
        )
      ).TableDescription!;
      assert.deepEqual(d.GlobalSecondaryIndexes, [
        {
          IndexName: 'byEmail',
          KeySchema: [{ AttributeName: 'email', KeyType: 'HASH' }],
          Projection: { ProjectionType: 'ALL' },
          IndexStatus: 'ACTIVE',
          ProvisionedThroughput: { NumberOfDecreasesToday: 0, ReadCapacityUnits: 0, WriteCapacityUnits: 0 },
          IndexSizeBytes: 0,
          ItemCount: 0,
          IndexArn: `arn:aws:dynamodb:us-east-1:000000000000:table/${name}/index/byEmail`,
        },
      ]);
      assert.deepEqual(d.LocalSecondaryIndexes, [
        {
          IndexName: 'byScore',
          KeySchema: [
            { AttributeName: 'pk', KeyType: 'HASH' },
            { AttributeName: 'score', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['a', 'b'] },
          IndexSizeBytes: 0,
          ItemCount: 0,
          IndexArn: `arn:aws:dynamodb:us-east-1:000000000000:table/${name}/index/byScore`,
        },
      ]);
    });

    it('echoes deletion protection, table class, SSE, on-demand and warm throughput', async () => {
      const d = (
        await create({
          DeletionProtectionEnabled: true,
          TableClass: 'STANDARD_INFREQUENT_ACCESS',
          SSESpecification: { Enabled: true, SSEType: 'KMS', KMSMasterKeyId: 'arn:aws:kms:us-east-1:000000000000:key/k1' },
          OnDemandThroughput: { MaxReadRequestUnits: 100, MaxWriteRequestUnits: 50 },
          WarmThroughput: { ReadUnitsPerSecond: 13000, WriteUnitsPerSecond: 5000 },
        })
      ).TableDescription!;
      assert.equal(d.DeletionProtectionEnabled, true);
      assert.deepEqual(d.TableClassSummary, { TableClass: 'STANDARD_INFREQUENT_ACCESS' });
      assert.deepEqual(d.SSEDescription, { Status: 'ENABLED', SSEType: 'KMS', KMSMasterKeyArn: 'arn:aws:kms:us-east-1:000000000000:key/k1' });
      assert.deepEqual(d.OnDemandThroughput, { MaxReadRequestUnits: 100, MaxWriteRequestUnits: 50 });
      assert.deepEqual(d.WarmThroughput, { ReadUnitsPerSecond: 13000, WriteUnitsPerSecond: 5000, Status: 'ACTIVE' });
    });

    it('lets the SDK waiter pass at once', async () => {
      const name = tableName();
      await create({ TableName: name });
      const result = await waitUntilTableExists({ client: eddy.ddb, maxWaitTime: 5, minDelay: 1 }, { TableName: name });
      assert.equal(result.state, 'SUCCESS');
    });

    it('refuses an existing name with ResourceInUseException', async () => {
      const name = tableName();
      await create({ TableName: name });
      await rejectsWith(create({ TableName: name }), 'ResourceInUseException', `Table already exists: ${name}`);
    });

    it('keeps the table for DescribeTable', async () => {
      const name = tableName();
      await create({ TableName: name, Tags: [{ Key: 'team', Value: 'core' }] });
      const d = (await eddy.ddb.send(new DescribeTableCommand({ TableName: name }))).Table!;
      assert.equal(d.TableName, name);
    });
  });

  describe('parameter validation', () => {
    it('requires TableName before anything else', async () => {
      const res = await eddy.raw('CreateTable', { KeySchema: [], BillingMode: 'X' });
      assertRawError(res, 'ValidationException', "The parameter 'TableName' is required but was not present in the request");
    });

    it('aggregates missing members and a short name in member order', async () => {
      const res = await eddy.raw('CreateTable', { TableName: 'ab' });
      assertRawError(
        res,
        'ValidationException',
        "3 validation errors detected: Value null at 'attributeDefinitions' failed to satisfy constraint: Member must not be null; " +
          "Value 'ab' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 3; " +
          "Value null at 'keySchema' failed to satisfy constraint: Member must not be null",
      );
    });

    it('checks name pattern, enums, capacities and nested members', async () => {
      const res = await eddy.raw('CreateTable', {
        TableName: 'a;b',
        AttributeDefinitions: [{ AttributeName: 'a', AttributeType: 'X' }],
        KeySchema: [{ AttributeName: 'a', KeyType: 'Y' }],
        ProvisionedThroughput: { ReadCapacityUnits: 0, WriteCapacityUnits: 0 },
        BillingMode: 'Z',
      });
      assertRawError(
        res,
        'ValidationException',
        "6 validation errors detected: Value 'X' at 'attributeDefinitions.1.member.attributeType' failed to satisfy constraint: Member must satisfy enum value set: [B, N, S]; " +
          "Value 'a;b' at 'tableName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+; " +
          "Value 'Z' at 'billingMode' failed to satisfy constraint: Member must satisfy enum value set: [PROVISIONED, PAY_PER_REQUEST]; " +
          "Value '0' at 'provisionedThroughput.writeCapacityUnits' failed to satisfy constraint: Member must have value greater than or equal to 1; " +
          "Value '0' at 'provisionedThroughput.readCapacityUnits' failed to satisfy constraint: Member must have value greater than or equal to 1; " +
          "Value 'Y' at 'keySchema.1.member.keyType' failed to satisfy constraint: Member must satisfy enum value set: [HASH, RANGE]",
      );
    });

    it('rejects a key schema of three elements, quoting it', async () => {
      const res = await eddy.raw('CreateTable', {
        TableName: 'abc',
        AttributeDefinitions: [{ AttributeName: 'a', AttributeType: 'S' }],
        KeySchema: [
          { AttributeName: 'a', KeyType: 'HASH' },
          { AttributeName: 'b', KeyType: 'RANGE' },
          { AttributeName: 'c', KeyType: 'RANGE' },
        ],
      });
      assertRawError(
        res,
        'ValidationException',
        `1 validation error detected: Value '[{"AttributeName":"a","KeyType":"HASH"}, {"AttributeName":"b","KeyType":"RANGE"}, {"AttributeName":"c","KeyType":"RANGE"}]' at 'keySchema' failed to satisfy constraint: Member must have length less than or equal to 2`,
      );
    });

    it('validates stream view type enum and missing StreamEnabled', async () => {
      const res = await eddy.raw('CreateTable', { ...hashTable('abc'), StreamSpecification: { StreamViewType: 'new_image' } });
      assertRawError(
        res,
        'ValidationException',
        "2 validation errors detected: Value null at 'streamSpecification.streamEnabled' failed to satisfy constraint: Member must not be null; " +
          "Value 'new_image' at 'streamSpecification.streamViewType' failed to satisfy constraint: Member must satisfy enum value set: [OLD_IMAGE, KEYS_ONLY, NEW_AND_OLD_IMAGES, NEW_IMAGE]",
      );
    });

    it('quotes SSESpecification paths the AWS way (sSESpecification.sSEType)', async () => {
      const res = await eddy.raw('CreateTable', { ...hashTable('abc'), SSESpecification: { SSEType: 'kms' } });
      assertRawError(
        res,
        'ValidationException',
        "1 validation error detected: Value 'kms' at 'sSESpecification.sSEType' failed to satisfy constraint: Member must satisfy enum value set: [AES256, KMS]",
      );
    });
  });
});
