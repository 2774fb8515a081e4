import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  PutItemCommand,
  UpdateTableCommand,
  type CreateTableCommandInput,
  type UpdateTableCommandInput,
} from '@aws-sdk/client-dynamodb';
import { ManualClock } from '../../../src/shared/clock.js';
import { startTestEddy, type TestEddy } from '../../helpers/eddy.js';
import { hashTable, tableName, validationError } from './table-fixtures.js';

const ARN = 'arn:aws:dynamodb:us-east-1:000000000000:table/';
const ON_DEMAND_WARM = { ReadUnitsPerSecond: 12000, WriteUnitsPerSecond: 4000, Status: 'ACTIVE' };
const warm = (read: number, write: number) => ({ ReadUnitsPerSecond: read, WriteUnitsPerSecond: write, Status: 'ACTIVE' });

/** pk S, sk N; GSI byEmail (email S) and LSI byScore (pk, score N). */
function indexedTable(name: string, extra: Partial<CreateTableCommandInput> = {}): CreateTableCommandInput {
  return hashTable(
    name,
    {
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'N' },
        { AttributeName: 'email', AttributeType: 'S' },
        { AttributeName: 'score', AttributeType: 'N' },
      ],
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
          Projection: { ProjectionType: 'KEYS_ONLY' },
        },
      ],
      ...extra,
    },
    true,
  );
}

describe('Table descriptions', () => {
  let eddy: TestEddy;
  const clock = new ManualClock(Date.UTC(2026, 5, 1, 8, 0, 0, 0));
  before(async () => {
    eddy = await startTestEddy({ clock });
  });
  after(() => eddy.stop());

  const create = async (input: CreateTableCommandInput) => (await eddy.ddb.send(new CreateTableCommand(input))).TableDescription!;
  const describeTable = async (TableName: string) => (await eddy.ddb.send(new DescribeTableCommand({ TableName }))).Table!;
  const update = async (input: UpdateTableCommandInput) => (await eddy.ddb.send(new UpdateTableCommand(input))).TableDescription!;

  describe('WarmThroughput', () => {
    it('is 12000/4000 on an on-demand table and its GSIs, left out of the CreateTable answer', async () => {
      const name = tableName('warm');
      const created = await create(indexedTable(name));
      assert.equal(created.WarmThroughput, undefined);
      assert.equal(created.GlobalSecondaryIndexes![0]!.WarmThroughput, undefined);
      const d = await describeTable(name);
      assert.deepEqual(d.WarmThroughput, ON_DEMAND_WARM);
      assert.deepEqual(d.GlobalSecondaryIndexes![0]!.WarmThroughput, ON_DEMAND_WARM);
      // LocalSecondaryIndexDescription has no WarmThroughput member.
      assert.equal((d.LocalSecondaryIndexes![0] as Record<string, unknown>).WarmThroughput, undefined);
    });

    it('shows a WarmThroughput the request set, in CreateTable too', async () => {
      const name = tableName('warm');
      const created = await create(hashTable(name, { WarmThroughput: { ReadUnitsPerSecond: 15000, WriteUnitsPerSecond: 6000 } }));
      assert.deepEqual(created.WarmThroughput, warm(15000, 6000));
      assert.deepEqual((await describeTable(name)).WarmThroughput, warm(15000, 6000));
    });

    it('follows the highest capacity a provisioned table was given and never goes down', async () => {
      const name = tableName('warm');
      const input = hashTable(name, { ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 7 } });
      delete input.BillingMode;
      await create(input);
      assert.deepEqual((await describeTable(name)).WarmThroughput, warm(5, 7));
      assert.deepEqual((await update({ TableName: name, ProvisionedThroughput: { ReadCapacityUnits: 20, WriteCapacityUnits: 30 } })).WarmThroughput, warm(20, 30));
      await update({ TableName: name, ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 } });
      assert.deepEqual((await describeTable(name)).WarmThroughput, warm(20, 30));
    });

    it('keeps the on-demand 12000/4000 after a switch to PROVISIONED', async () => {
      const name = tableName('warm');
      await create(hashTable(name));
      clock.advance(1000);
      const d = await update({ TableName: name, BillingMode: 'PROVISIONED', ProvisionedThroughput: { ReadCapacityUnits: 2, WriteCapacityUnits: 2 } });
      assert.deepEqual(d.WarmThroughput, ON_DEMAND_WARM);
      assert.deepEqual((await describeTable(name)).WarmThroughput, ON_DEMAND_WARM);
    });

    it('on a provisioned GSI follows the index capacity', async () => {
      const name = tableName('warm');
      const input = indexedTable(name, { BillingMode: 'PROVISIONED', ProvisionedThroughput: { ReadCapacityUnits: 3, WriteCapacityUnits: 3 } });
      input.GlobalSecondaryIndexes![0]!.ProvisionedThroughput = { ReadCapacityUnits: 8, WriteCapacityUnits: 9 };
      await create(input);
      const d = await describeTable(name);
      assert.deepEqual(d.WarmThroughput, warm(3, 3));
      assert.deepEqual(d.GlobalSecondaryIndexes![0]!.WarmThroughput, warm(8, 9));
    });
  });

  it('shows every member DynamoDB describes, with DynamoDB values', async () => {
    const name = tableName('desc');
    const created = await create(
      indexedTable(name, {
        TableClass: 'STANDARD_INFREQUENT_ACCESS',
        SSESpecification: { Enabled: true },
        OnDemandThroughput: { MaxReadRequestUnits: 200, MaxWriteRequestUnits: 100 },
        DeletionProtectionEnabled: true,
      }),
    );
    await eddy.ddb.send(
      new PutItemCommand({ TableName: name, Item: { pk: { S: 'a' }, sk: { N: '1' }, email: { S: 'a@x' }, score: { N: '3' } } }),
    );
    await eddy.ddb.send(new PutItemCommand({ TableName: name, Item: { pk: { S: 'b' }, sk: { N: '1' } } }));
    const d = await describeTable(name);
    assert.equal(d.TableStatus, 'ACTIVE');
    assert.equal(d.TableArn, ARN + name);
    assert.equal(d.TableId, created.TableId);
    assert.deepEqual(d.BillingModeSummary, { BillingMode: 'PAY_PER_REQUEST', LastUpdateToPayPerRequestDateTime: new Date(clock.now()) });
    assert.deepEqual(d.ProvisionedThroughput, { NumberOfDecreasesToday: 0, ReadCapacityUnits: 0, WriteCapacityUnits: 0 });
    assert.deepEqual(d.TableClassSummary, { TableClass: 'STANDARD_INFREQUENT_ACCESS' });
    assert.deepEqual(d.SSEDescription, { Status: 'ENABLED', SSEType: 'KMS', KMSMasterKeyArn: d.SSEDescription!.KMSMasterKeyArn });
    assert.match(d.SSEDescription!.KMSMasterKeyArn!, /^arn:aws:kms:us-east-1:000000000000:key\//);
    assert.deepEqual(d.OnDemandThroughput, { MaxReadRequestUnits: 200, MaxWriteRequestUnits: 100 });
    assert.equal(d.DeletionProtectionEnabled, true);
    assert.equal(d.ItemCount, 2);
    const gsi = d.GlobalSecondaryIndexes![0]!;
    assert.equal(gsi.IndexArn, `${ARN}${name}/index/byEmail`);
    assert.equal(gsi.IndexStatus, 'ACTIVE');
    assert.deepEqual(gsi.ProvisionedThroughput, { NumberOfDecreasesToday: 0, ReadCapacityUnits: 0, WriteCapacityUnits: 0 });
    assert.equal(gsi.ItemCount, 1); // sparse: only the item with an email
    assert.ok(gsi.IndexSizeBytes! > 0);
    const lsi = d.LocalSecondaryIndexes![0]!;
    assert.equal(lsi.IndexArn, `${ARN}${name}/index/byScore`);
    assert.equal(lsi.ItemCount, 1);
    assert.ok(lsi.IndexSizeBytes! > 0);
  });

  it('shows OnDemandThroughput on a GSI and changes it with UpdateTable', async () => {
    const name = tableName('desc');
    const input = indexedTable(name);
    input.GlobalSecondaryIndexes![0]!.OnDemandThroughput = { MaxReadRequestUnits: 50, MaxWriteRequestUnits: 40 };
    await create(input);
    assert.deepEqual((await describeTable(name)).GlobalSecondaryIndexes![0]!.OnDemandThroughput, { MaxReadRequestUnits: 50, MaxWriteRequestUnits: 40 });
    await update({
      TableName: name,
      GlobalSecondaryIndexUpdates: [{ Update: { IndexName: 'byEmail', OnDemandThroughput: { MaxReadRequestUnits: 60, MaxWriteRequestUnits: 40 } } }],
    });
    assert.deepEqual((await describeTable(name)).GlobalSecondaryIndexes![0]!.OnDemandThroughput, { MaxReadRequestUnits: 60, MaxWriteRequestUnits: 40 });
    await update({ TableName: name, OnDemandThroughput: { MaxReadRequestUnits: 70 } });
    assert.deepEqual((await describeTable(name)).OnDemandThroughput, { MaxReadRequestUnits: 70 });
    // Members merge one by one; -1 clears one, and the struct goes once both are cleared (as on AWS).
    await update({ TableName: name, OnDemandThroughput: { MaxWriteRequestUnits: 30 } });
    assert.deepEqual((await describeTable(name)).OnDemandThroughput, { MaxReadRequestUnits: 70, MaxWriteRequestUnits: 30 });
    await update({ TableName: name, OnDemandThroughput: { MaxReadRequestUnits: -1 } });
    assert.deepEqual((await describeTable(name)).OnDemandThroughput, { MaxWriteRequestUnits: 30 });
    await update({ TableName: name, OnDemandThroughput: { MaxWriteRequestUnits: -1 } });
    assert.equal((await describeTable(name)).OnDemandThroughput, undefined);
  });

  it('DeleteTable answers DELETING with the item and index counts of the table it removed', async () => {
    const name = tableName('desc');
    await create(indexedTable(name));
    await eddy.ddb.send(
      new PutItemCommand({ TableName: name, Item: { pk: { S: 'a' }, sk: { N: '1' }, email: { S: 'a@x' }, score: { N: '3' } } }),
    );
    const deleted = (await eddy.ddb.send(new DeleteTableCommand({ TableName: name }))).TableDescription!;
    assert.equal(deleted.TableStatus, 'DELETING');
    assert.equal(deleted.ItemCount, 1);
    assert.equal(deleted.GlobalSecondaryIndexes![0]!.ItemCount, 1);
    assert.equal(deleted.LocalSecondaryIndexes![0]!.ItemCount, 1);
  });

  it('deletion protection turned on by UpdateTable refuses DeleteTable until turned off', async () => {
    const name = tableName('desc');
    await create(hashTable(name));
    assert.equal((await update({ TableName: name, DeletionProtectionEnabled: true })).DeletionProtectionEnabled, true);
    await validationError(
      eddy.ddb.send(new DeleteTableCommand({ TableName: name })),
      'Resource cannot be deleted as it is currently protected against deletion. Disable deletion protection first.',
    );
    assert.equal((await describeTable(name)).TableStatus, 'ACTIVE');
    assert.equal((await update({ TableName: name, DeletionProtectionEnabled: false })).DeletionProtectionEnabled, false);
    assert.equal((await eddy.ddb.send(new DeleteTableCommand({ TableName: name }))).TableDescription!.TableStatus, 'DELETING');
  });
});
