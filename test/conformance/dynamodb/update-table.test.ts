import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CreateTableCommand, DescribeTableCommand, UpdateTableCommand, type UpdateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { ManualClock } from '../../../src/shared/clock.js';
import { startTestEddy, type TestEddy } from '../../helpers/eddy.js';
import { assertRawError, hashTable, rejectsWith, tableName, validationError } from './table-fixtures.js';

const INVALID = 'One or more parameter values were invalid: ';

describe('UpdateTable', () => {
  let eddy: TestEddy;
  const clock = new ManualClock(Date.UTC(2026, 4, 1, 12, 0, 0, 0));
  before(async () => {
    eddy = await startTestEddy({ clock });
  });
  after(() => eddy.stop());

  const update = (input: UpdateTableCommandInput) => eddy.ddb.send(new UpdateTableCommand(input));
  const describeTable = async (TableName: string) => (await eddy.ddb.send(new DescribeTableCommand({ TableName }))).Table!;
  const newTable = async (extra: Parameters<typeof hashTable>[1] = {}, sortKey = false) => {
    const name = tableName();
    await eddy.ddb.send(new CreateTableCommand(hashTable(name, extra, sortKey)));
    return name;
  };
  const provisioned = { BillingMode: 'PROVISIONED' as const, ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 } };

  describe('streams', () => {
    it('enables a stream with a new label and ARN, then disables it keeping the latest ARN', async () => {
      const name = await newTable();
      clock.advance(1000);
      const enabled = (await update({ TableName: name, StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' } }))
        .TableDescription!;
      const label = new Date(clock.now()).toISOString().slice(0, -1);
      assert.deepEqual(enabled.StreamSpecification, { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' });
      assert.equal(enabled.LatestStreamLabel, label);
      assert.equal(enabled.LatestStreamArn, `arn:aws:dynamodb:us-east-1:000000000000:table/${name}/stream/${label}`);

      const disabled = (await update({ TableName: name, StreamSpecification: { StreamEnabled: false } })).TableDescription!;
      assert.equal(disabled.StreamSpecification, undefined);
      assert.equal(disabled.LatestStreamLabel, label);
      assert.deepEqual(await describeTable(name), disabled);
    });

    it('gives every enable a new stream, even within the same millisecond', async () => {
      const name = await newTable({ StreamSpecification: { StreamEnabled: true, StreamViewType: 'KEYS_ONLY' } });
      const first = (await describeTable(name)).LatestStreamLabel!;
      await update({ TableName: name, StreamSpecification: { StreamEnabled: false } });
      const again = (await update({ TableName: name, StreamSpecification: { StreamEnabled: true, StreamViewType: 'OLD_IMAGE' } }))
        .TableDescription!;
      assert.notEqual(again.LatestStreamLabel, first);
      assert.ok(again.LatestStreamLabel! > first);
      assert.deepEqual(again.StreamSpecification, { StreamEnabled: true, StreamViewType: 'OLD_IMAGE' });
    });

    it('refuses to enable a second stream', async () => {
      const name = await newTable({ StreamSpecification: { StreamEnabled: true, StreamViewType: 'KEYS_ONLY' } });
      await validationError(
        update({ TableName: name, StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' } }),
        `Table already has an enabled stream: TableName: ${name}`,
      );
    });

    it('refuses to disable a stream that is not there', async () => {
      const name = await newTable();
      await validationError(update({ TableName: name, StreamSpecification: { StreamEnabled: false } }), `Table has no stream to disable: TableName: ${name}`);
    });

    it('requires a view type to enable and none to disable', async () => {
      const name = await newTable();
      await validationError(
        update({ TableName: name, StreamSpecification: { StreamEnabled: true } }),
        `${INVALID}If stream is being enabled then UpdateViewType is required`,
      );
      await validationError(
        update({ TableName: name, StreamSpecification: { StreamEnabled: false, StreamViewType: 'KEYS_ONLY' } }),
        `${INVALID}If stream is being disabled, then UpdateViewType must not be specified`,
      );
    });
  });

  describe('billing and throughput', () => {
    it('switches PROVISIONED to PAY_PER_REQUEST', async () => {
      const name = await newTable(provisioned);
      const d = (await update({ TableName: name, BillingMode: 'PAY_PER_REQUEST' })).TableDescription!;
      assert.deepEqual(d.BillingModeSummary, { BillingMode: 'PAY_PER_REQUEST', LastUpdateToPayPerRequestDateTime: new Date(clock.now()) });
      assert.equal(d.ProvisionedThroughput!.ReadCapacityUnits, 0);
      assert.equal(d.ProvisionedThroughput!.WriteCapacityUnits, 0);
    });

    it('switches PAY_PER_REQUEST to PROVISIONED with throughput', async () => {
      const name = await newTable();
      const d = (await update({ TableName: name, ...provisioned })).TableDescription!;
      assert.equal(d.BillingModeSummary!.BillingMode, 'PROVISIONED');
      assert.equal(d.ProvisionedThroughput!.ReadCapacityUnits, 5);
    });

    it('raises and lowers throughput, stamping the times and counting decreases', async () => {
      const name = await newTable(provisioned);
      clock.advance(1000);
      const up = (await update({ TableName: name, ProvisionedThroughput: { ReadCapacityUnits: 10, WriteCapacityUnits: 5 } })).TableDescription!;
      assert.deepEqual(up.ProvisionedThroughput, {
        LastIncreaseDateTime: new Date(clock.now()),
        NumberOfDecreasesToday: 0,
        ReadCapacityUnits: 10,
        WriteCapacityUnits: 5,
      });
      clock.advance(1000);
      const down = (await update({ TableName: name, ProvisionedThroughput: { ReadCapacityUnits: 2, WriteCapacityUnits: 5 } })).TableDescription!;
      assert.equal(down.ProvisionedThroughput!.NumberOfDecreasesToday, 1);
      assert.deepEqual(down.ProvisionedThroughput!.LastDecreaseDateTime, new Date(clock.now()));
      assert.equal(down.ProvisionedThroughput!.ReadCapacityUnits, 2);
    });

    it('refuses unchanged throughput', async () => {
      const name = await newTable(provisioned);
      await validationError(
        update({ TableName: name, ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 } }),
        'The provisioned throughput for the table will not change. The requested value equals the current value. ' +
          'Current ReadCapacityUnits provisioned for the table: 5. Requested ReadCapacityUnits: 5. ' +
          'Current WriteCapacityUnits provisioned for the table: 5. Requested WriteCapacityUnits: 5. ' +
          'Refer to the Amazon DynamoDB Developer Guide for current limits and how to request higher limits.',
      );
    });

    it('refuses throughput on a PAY_PER_REQUEST table', async () => {
      const name = await newTable();
      await validationError(
        update({ TableName: name, ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 } }),
        `${INVALID}Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST`,
      );
    });

    it('requires throughput when switching to PROVISIONED', async () => {
      const name = await newTable();
      await validationError(update({ TableName: name, BillingMode: 'PROVISIONED' }), `${INVALID}ProvisionedThroughput must be specified when BillingMode is PROVISIONED`);
    });
  });

  describe('global secondary indexes', () => {
    it('creates an index (CREATING while it backfills), updates the definitions, then deletes it', async () => {
      const name = await newTable();
      const created = (
        await update({
          TableName: name,
          AttributeDefinitions: [{ AttributeName: 'email', AttributeType: 'S' }],
          GlobalSecondaryIndexUpdates: [
            { Create: { IndexName: 'byEmail', KeySchema: [{ AttributeName: 'email', KeyType: 'HASH' }], Projection: { ProjectionType: 'KEYS_ONLY' } } },
          ],
        })
      ).TableDescription!;
      assert.deepEqual(created.AttributeDefinitions, [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'email', AttributeType: 'S' },
      ]);
      assert.equal(created.GlobalSecondaryIndexes!.length, 1);
      assert.equal(created.GlobalSecondaryIndexes![0]!.IndexStatus, 'CREATING');
      assert.equal(created.GlobalSecondaryIndexes![0]!.Backfilling, true);
      assert.equal(created.GlobalSecondaryIndexes![0]!.IndexArn, `arn:aws:dynamodb:us-east-1:000000000000:table/${name}/index/byEmail`);

      const deleted = (await update({ TableName: name, GlobalSecondaryIndexUpdates: [{ Delete: { IndexName: 'byEmail' } }] })).TableDescription!;
      assert.equal(deleted.GlobalSecondaryIndexes, undefined);
      assert.deepEqual(deleted.AttributeDefinitions, [{ AttributeName: 'pk', AttributeType: 'S' }]);
    });

    it('updates an index throughput on a PROVISIONED table', async () => {
      const name = tableName();
      await eddy.ddb.send(
        new CreateTableCommand({
          ...hashTable(name, provisioned),
          AttributeDefinitions: [
            { AttributeName: 'pk', AttributeType: 'S' },
            { AttributeName: 'g', AttributeType: 'S' },
          ],
          GlobalSecondaryIndexes: [
            {
              IndexName: 'byG',
              KeySchema: [{ AttributeName: 'g', KeyType: 'HASH' }],
              Projection: { ProjectionType: 'ALL' },
              ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 },
            },
          ],
        }),
      );
      const d = (
        await update({
          TableName: name,
          GlobalSecondaryIndexUpdates: [{ Update: { IndexName: 'byG', ProvisionedThroughput: { ReadCapacityUnits: 3, WriteCapacityUnits: 4 } } }],
        })
      ).TableDescription!;
      assert.equal(d.GlobalSecondaryIndexes![0]!.ProvisionedThroughput!.ReadCapacityUnits, 3);
      assert.equal(d.GlobalSecondaryIndexes![0]!.ProvisionedThroughput!.WriteCapacityUnits, 4);
    });

    it('refuses to create an existing index or delete an unknown one', async () => {
      const name = await newTable();
      const create = {
        TableName: name,
        AttributeDefinitions: [{ AttributeName: 'g', AttributeType: 'S' as const }],
        GlobalSecondaryIndexUpdates: [
          { Create: { IndexName: 'byG', KeySchema: [{ AttributeName: 'g', KeyType: 'HASH' as const }], Projection: { ProjectionType: 'ALL' as const } } },
        ],
      };
      await update(create);
      await validationError(update(create), 'Attempting to create an index which already exists');
      await validationError(
        update({ TableName: name, GlobalSecondaryIndexUpdates: [{ Delete: { IndexName: 'nope' } }] }),
        'Cannot delete an index that is not a GlobalSecondaryIndex: nope',
      );
    });

    it('checks the update list before the table', async () => {
      assertRawError(
        await eddy.raw('UpdateTable', { TableName: 'missing', GlobalSecondaryIndexUpdates: [{}] }),
        'ValidationException',
        `${INVALID}One of GlobalSecondaryIndexUpdate.Update, GlobalSecondaryIndexUpdate.Create, GlobalSecondaryIndexUpdate.Delete must not be null`,
      );
      assertRawError(
        await eddy.raw('UpdateTable', {
          TableName: 'missing',
          GlobalSecondaryIndexUpdates: [{ Delete: { IndexName: 'abc' } }, { Delete: { IndexName: 'abc' } }],
        }),
        'ValidationException',
        `${INVALID}Only one global secondary index update per index is allowed simultaneously. Index: abc`,
      );
      assertRawError(
        await eddy.raw('UpdateTable', {
          TableName: 'missing',
          GlobalSecondaryIndexUpdates: [{ Create: { IndexName: 'abc', KeySchema: [{ AttributeName: 'g', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' } } }],
        }),
        'ValidationException',
        `${INVALID}AttributeDefinitions is not specified for index: abc`,
      );
    });
  });

  describe('other settings', () => {
    it('toggles deletion protection, addressing the table by ARN', async () => {
      const name = await newTable();
      const arn = `arn:aws:dynamodb:us-east-1:000000000000:table/${name}`;
      assert.equal((await update({ TableName: arn, DeletionProtectionEnabled: true })).TableDescription!.DeletionProtectionEnabled, true);
      assert.equal((await describeTable(name)).DeletionProtectionEnabled, true);
    });

    it('changes the table class', async () => {
      const name = await newTable();
      const d = (await update({ TableName: name, TableClass: 'STANDARD_INFREQUENT_ACCESS' })).TableDescription!;
      assert.deepEqual(d.TableClassSummary, { TableClass: 'STANDARD_INFREQUENT_ACCESS', LastUpdateDateTime: new Date(clock.now()) });
    });

    it('enables SSE with a KMS key and refuses to disable default encryption', async () => {
      const name = await newTable();
      await validationError(update({ TableName: name, SSESpecification: { Enabled: false } }), `${INVALID}Table is already encrypted by default`);
      const d = (await update({ TableName: name, SSESpecification: { Enabled: true, SSEType: 'KMS', KMSMasterKeyId: 'key-1' } })).TableDescription!;
      assert.deepEqual(d.SSEDescription, { Status: 'ENABLED', SSEType: 'KMS', KMSMasterKeyArn: 'arn:aws:kms:us-east-1:000000000000:key/key-1' });
    });
  });

  describe('request rules', () => {
    it('needs something to update', async () => {
      await validationError(
        update({ TableName: 'anything' }),
        'At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, GlobalSecondaryIndexUpdates, SSESpecification, ' +
          'ReplicaUpdates, MultiAccountReplicaReady, ReplicaTransitRoleArn, MultiRegionConsistency, DeletionProtectionEnabled, ' +
          'OnDemandThroughput, WarmThroughput or TableClass is required',
      );
    });

    it('takes single-concern changes only', async () => {
      await validationError(
        update({ TableName: 'anything', DeletionProtectionEnabled: true, SSESpecification: { Enabled: true } }),
        `${INVALID}Server-Side Encryption modification must be the only operation in the request`,
      );
      await validationError(
        update({ TableName: 'anything', DeletionProtectionEnabled: true, TableClass: 'STANDARD' }),
        `${INVALID}TableClass modification must be the only operation in the request`,
      );
      await validationError(
        update({ TableName: 'anything', DeletionProtectionEnabled: true, BillingMode: 'PAY_PER_REQUEST' }),
        `${INVALID}DeletionProtection modification must be the only operation in the request`,
      );
      await validationError(
        update({
          TableName: 'anything',
          ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 },
          StreamSpecification: { StreamEnabled: true, StreamViewType: 'KEYS_ONLY' },
        }),
        `${INVALID}You cannot modify stream status while updating table IOPS`,
      );
    });

    it('answers ResourceNotFoundException for an unknown table', async () => {
      await rejectsWith(
        update({ TableName: 'no-such-table', DeletionProtectionEnabled: true }),
        'ResourceNotFoundException',
        'Requested resource not found: Table: no-such-table not found',
      );
    });

    it('requires TableName', async () => {
      assertRawError(await eddy.raw('UpdateTable', { BillingMode: 'PAY_PER_REQUEST' }), 'ValidationException', "The parameter 'TableName' is required but was not present in the request");
    });

    it('checks nested update members', async () => {
      assertRawError(
        await eddy.raw('UpdateTable', { TableName: 'abc', GlobalSecondaryIndexUpdates: [{ Update: {} }] }),
        'ValidationException',
        "1 validation error detected: Value null at 'globalSecondaryIndexUpdates.1.member.update.indexName' failed to satisfy constraint: Member must not be null",
      );
    });
  });
});
