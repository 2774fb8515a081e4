import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateBackupCommand,
  CreateTableCommand,
  DeleteBackupCommand,
  DeleteItemCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  ListBackupsCommand,
  ListTagsOfResourceCommand,
  PutItemCommand,
  QueryCommand,
  RestoreTableFromBackupCommand,
  UpdateTimeToLiveCommand,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { ManualClock } from '../../../src/shared/clock.js';
import { startTestEddy, type TestEddy } from '../../helpers/eddy.js';
import { batchWriteAll } from './batch-fixtures.js';
import { allItems, putAll, scanPages, type Item } from './read-fixtures.js';
import { rejectsWith, tableName, validationError } from './table-fixtures.js';

const T0 = Date.UTC(2026, 6, 1, 12);
const ARN = 'arn:aws:dynamodb:us-east-1:000000000000:table/';

/** Orders: pk S + sk N; GSI byStatus (status), GSI byCustomer is only ever an override; LSI byTotal (total N). */
const orders = (i: number): Item => ({
  pk: { S: `c${i % 3}` },
  sk: { N: String(i) },
  status: { S: i % 2 === 0 ? 'open' : 'shipped' },
  customer: { S: `cust-${i % 4}` },
  total: { N: String(100 - i) },
});
const ITEMS = Array.from({ length: 30 }, (_, i) => orders(i));

const byKey = (a: Item, b: Item) => (a['pk']!.S! + a['sk']!.N!.padStart(4, '0')).localeCompare(b['pk']!.S! + b['sk']!.N!.padStart(4, '0'));
const scanAll = async (ddb: DynamoDBClient, table: string): Promise<Item[]> =>
  allItems(await scanPages(ddb, { TableName: table })).sort(byKey);
const queryIndex = async (ddb: DynamoDBClient, table: string, index: string, attribute: string, value: Item[string]) =>
  (
    await ddb.send(
      new QueryCommand({
        TableName: table,
        IndexName: index,
        KeyConditionExpression: '#a = :v',
        ExpressionAttributeNames: { '#a': attribute },
        ExpressionAttributeValues: { ':v': value },
      }),
    )
  ).Items!;

describe('RestoreTableFromBackup', () => {
  let eddy: TestEddy;
  const clock = new ManualClock(T0);
  const source = tableName('src');
  let backupArn: string;

  before(async () => {
    eddy = await startTestEddy({ clock });
    await eddy.ddb.send(
      new CreateTableCommand({
        TableName: source,
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'sk', AttributeType: 'N' },
          { AttributeName: 'status', AttributeType: 'S' },
          { AttributeName: 'customer', AttributeType: 'S' },
          { AttributeName: 'total', AttributeType: 'N' },
        ],
        BillingMode: 'PROVISIONED',
        ProvisionedThroughput: { ReadCapacityUnits: 7, WriteCapacityUnits: 3 },
        GlobalSecondaryIndexes: [
          {
            IndexName: 'byStatus',
            KeySchema: [{ AttributeName: 'status', KeyType: 'HASH' }],
            Projection: { ProjectionType: 'ALL' },
            ProvisionedThroughput: { ReadCapacityUnits: 2, WriteCapacityUnits: 2 },
          },
          {
            IndexName: 'byCustomerTotal',
            KeySchema: [
              { AttributeName: 'customer', KeyType: 'HASH' },
              { AttributeName: 'total', KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'KEYS_ONLY' },
            ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 },
          },
        ],
        LocalSecondaryIndexes: [
          {
            IndexName: 'byTotal',
            KeySchema: [
              { AttributeName: 'pk', KeyType: 'HASH' },
              { AttributeName: 'total', KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['status'] },
          },
        ],
        StreamSpecification: { StreamEnabled: true, StreamViewType: 'KEYS_ONLY' },
        Tags: [{ Key: 'team', Value: 'orders' }],
        DeletionProtectionEnabled: true,
      }),
    );
    await eddy.ddb.send(new UpdateTimeToLiveCommand({ TableName: source, TimeToLiveSpecification: { Enabled: true, AttributeName: 'expires' } }));
    await putAll(eddy.ddb, source, ITEMS);
    clock.advance(60_000);
    backupArn = (await eddy.ddb.send(new CreateBackupCommand({ TableName: source, BackupName: 'before-changes' }))).BackupDetails!.BackupArn!;
    // The source moves on after the backup.
    await eddy.ddb.send(new DeleteItemCommand({ TableName: source, Key: { pk: ITEMS[0]!['pk']!, sk: ITEMS[0]!['sk']! } }));
    await eddy.ddb.send(new PutItemCommand({ TableName: source, Item: orders(99) }));
    clock.advance(60_000);
  });
  after(() => eddy.stop());

  it('restores the items, indexes, billing and throughput as they were at backup time', async () => {
    const target = tableName('restored');
    const { TableDescription: restored } = await eddy.ddb.send(new RestoreTableFromBackupCommand({ TargetTableName: target, BackupArn: backupArn }));
    const sourceTable = (await eddy.ddb.send(new DescribeTableCommand({ TableName: source }))).Table!;
    assert.equal(restored!.TableName, target);
    assert.equal(restored!.TableStatus, 'ACTIVE');
    assert.notEqual(restored!.TableId, sourceTable.TableId);
    assert.deepEqual(restored!.CreationDateTime, new Date(clock.now()));
    assert.deepEqual(restored!.RestoreSummary, {
      SourceBackupArn: backupArn,
      SourceTableArn: ARN + source,
      RestoreDateTime: new Date(clock.now() - 60_000), // the backup's time, as AWS answers
      RestoreInProgress: false,
    });
    assert.equal(restored!.ItemCount, 30);
    assert.deepEqual(restored!.KeySchema, sourceTable.KeySchema);
    assert.deepEqual(restored!.AttributeDefinitions, sourceTable.AttributeDefinitions);
    assert.equal(restored!.BillingModeSummary?.BillingMode, 'PROVISIONED');
    assert.equal(restored!.ProvisionedThroughput!.ReadCapacityUnits, 7);
    assert.equal(restored!.ProvisionedThroughput!.WriteCapacityUnits, 3);
    assert.deepEqual(
      restored!.GlobalSecondaryIndexes!.map((index) => [index.IndexName, index.IndexStatus, index.ProvisionedThroughput!.ReadCapacityUnits, index.ItemCount]),
      [
        ['byStatus', 'ACTIVE', 2, 30],
        ['byCustomerTotal', 'ACTIVE', 1, 30],
      ],
    );
    assert.deepEqual(restored!.LocalSecondaryIndexes!.map((index) => [index.IndexName, index.Projection, index.ItemCount]), [
      ['byTotal', { ProjectionType: 'INCLUDE', NonKeyAttributes: ['status'] }, 30],
    ]);
    // Lost on restore, as AWS documents: stream, TTL, tags, deletion protection.
    assert.equal(restored!.StreamSpecification, undefined);
    assert.equal(restored!.LatestStreamArn, undefined);
    assert.equal(restored!.DeletionProtectionEnabled, false);
    const ttl = await eddy.ddb.send(new DescribeTimeToLiveCommand({ TableName: target }));
    assert.equal(ttl.TimeToLiveDescription!.TimeToLiveStatus, 'DISABLED');
    const tags = await eddy.ddb.send(new ListTagsOfResourceCommand({ ResourceArn: ARN + target }));
    assert.deepEqual(tags.Tags ?? [], []);

    const described = (await eddy.ddb.send(new DescribeTableCommand({ TableName: target }))).Table!;
    assert.deepEqual(described.RestoreSummary, restored!.RestoreSummary);

    // The items as at backup time; the source keeps its later changes.
    assert.deepEqual(await scanAll(eddy.ddb, target), [...ITEMS].sort(byKey));
    const now = await scanAll(eddy.ddb, source);
    assert.equal(now.length, 30);
    assert.ok(now.some((item) => item['sk']!.N === '99'));
    assert.ok(!now.some((item) => item['sk']!.N === '0'));

    // Every index answers from the rebuilt entries.
    const open = await queryIndex(eddy.ddb, target, 'byStatus', 'status', { S: 'open' });
    assert.deepEqual(open.sort(byKey), ITEMS.filter((item) => item['status']!.S === 'open').sort(byKey));
    const customer = await queryIndex(eddy.ddb, target, 'byCustomerTotal', 'customer', { S: 'cust-1' });
    assert.deepEqual(
      customer.map((item) => item['total']!.N),
      ITEMS.filter((item) => item['customer']!.S === 'cust-1').map((item) => item['total']!.N).sort((a, b) => Number(a) - Number(b)),
    );
    const byTotal = await queryIndex(eddy.ddb, target, 'byTotal', 'pk', { S: 'c1' });
    assert.deepEqual(
      byTotal.map((item) => Object.keys(item).sort()),
      ITEMS.filter((item) => item['pk']!.S === 'c1').map(() => ['pk', 'sk', 'status', 'total']),
    );
    // Writes to the restored table are indexed like any other.
    await eddy.ddb.send(new PutItemCommand({ TableName: target, Item: { ...orders(50), status: { S: 'returned' } } }));
    assert.equal((await queryIndex(eddy.ddb, target, 'byStatus', 'status', { S: 'returned' })).length, 1);
  });

  it('restores with index, billing and encryption overrides', async () => {
    const target = tableName('overridden');
    const { TableDescription: restored } = await eddy.ddb.send(
      new RestoreTableFromBackupCommand({
        TargetTableName: target,
        BackupArn: backupArn,
        BillingModeOverride: 'PAY_PER_REQUEST',
        GlobalSecondaryIndexOverride: [
          { IndexName: 'byCustomer', KeySchema: [{ AttributeName: 'customer', KeyType: 'HASH' }], Projection: { ProjectionType: 'KEYS_ONLY' } },
        ],
        LocalSecondaryIndexOverride: [],
        SSESpecificationOverride: { Enabled: true, SSEType: 'KMS' },
      }),
    );
    assert.equal(restored!.BillingModeSummary?.BillingMode, 'PAY_PER_REQUEST');
    assert.equal(restored!.ProvisionedThroughput!.ReadCapacityUnits, 0);
    assert.deepEqual(restored!.GlobalSecondaryIndexes!.map((index) => [index.IndexName, index.ItemCount]), [['byCustomer', 30]]);
    assert.equal(restored!.LocalSecondaryIndexes, undefined);
    assert.deepEqual(
      restored!.AttributeDefinitions!.map((definition) => definition.AttributeName).sort(),
      ['customer', 'pk', 'sk'],
    );
    assert.equal(restored!.SSEDescription?.Status, 'ENABLED');
    assert.equal(restored!.SSEDescription?.SSEType, 'KMS');

    const items = await queryIndex(eddy.ddb, target, 'byCustomer', 'customer', { S: 'cust-2' });
    assert.deepEqual(
      items.map((item) => Object.keys(item).sort()),
      ITEMS.filter((item) => item['customer']!.S === 'cust-2').map(() => ['customer', 'pk', 'sk']),
    );
    assert.deepEqual(items.map((item) => item['sk']!.N).sort(), ITEMS.filter((item) => item['customer']!.S === 'cust-2').map((item) => item['sk']!.N).sort());
    await validationError(
      queryIndex(eddy.ddb, target, 'byStatus', 'status', { S: 'open' }),
      'The table does not have the specified index: byStatus',
    );
  });

  it('restores with new provisioned throughput', async () => {
    const target = tableName('throughput');
    const { TableDescription: restored } = await eddy.ddb.send(
      new RestoreTableFromBackupCommand({
        TargetTableName: target,
        BackupArn: backupArn,
        ProvisionedThroughputOverride: { ReadCapacityUnits: 20, WriteCapacityUnits: 10 },
        GlobalSecondaryIndexOverride: [],
      }),
    );
    assert.equal(restored!.ProvisionedThroughput!.ReadCapacityUnits, 20);
    assert.equal(restored!.ProvisionedThroughput!.WriteCapacityUnits, 10);
    assert.equal(restored!.GlobalSecondaryIndexes, undefined);
    assert.deepEqual(restored!.LocalSecondaryIndexes!.map((index) => index.IndexName), ['byTotal']);
  });

  it('refuses overrides CreateTable would refuse, writing nothing', async () => {
    const target = tableName('refused');
    await validationError(
      eddy.ddb.send(
        new RestoreTableFromBackupCommand({
          TargetTableName: target,
          BackupArn: backupArn,
          BillingModeOverride: 'PAY_PER_REQUEST',
          ProvisionedThroughputOverride: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 },
        }),
      ),
      'One or more parameter values were invalid: Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST',
    );
    await rejectsWith(eddy.ddb.send(new DescribeTableCommand({ TableName: target })), 'ResourceNotFoundException', `Requested resource not found: Table: ${target} not found`);
  });

  it('refuses an existing table name, leaving that table alone', async () => {
    await rejectsWith(
      eddy.ddb.send(new RestoreTableFromBackupCommand({ TargetTableName: source, BackupArn: backupArn })),
      'TableAlreadyExistsException',
      `Table already exists: ${source}`,
    );
    assert.equal((await scanAll(eddy.ddb, source)).length, 30);
  });

  it('refuses an unknown backup', async () => {
    const missing = `${ARN}${source}/backup/01700000000000-0badc0de`;
    await rejectsWith(
      eddy.ddb.send(new RestoreTableFromBackupCommand({ TargetTableName: tableName('none'), BackupArn: missing })),
      'BackupNotFoundException',
      `Backup not found: ${missing}`,
    );
  });

  it('restores a backup of a table deleted since', async () => {
    const gone = tableName('gone');
    await eddy.ddb.send(
      new CreateTableCommand({
        TableName: gone,
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    await eddy.ddb.send(new PutItemCommand({ TableName: gone, Item: { id: { S: 'kept' } } }));
    const arn = (await eddy.ddb.send(new CreateBackupCommand({ TableName: gone, BackupName: 'last-words' }))).BackupDetails!.BackupArn!;
    await eddy.ddb.send(new DeleteTableCommand({ TableName: gone }));
    await eddy.ddb.send(new RestoreTableFromBackupCommand({ TargetTableName: gone, BackupArn: arn }));
    assert.deepEqual(allItems(await scanPages(eddy.ddb, { TableName: gone })), [{ id: { S: 'kept' } }]);
    // The restored table is independent of the backup.
    await eddy.ddb.send(new DeleteBackupCommand({ BackupArn: arn }));
    assert.deepEqual(allItems(await scanPages(eddy.ddb, { TableName: gone })), [{ id: { S: 'kept' } }]);
  });
});

describe('Backups across a restart', () => {
  it('keeps a backup on disk and restores it after Eddy starts again', async () => {
    const data = mkdtempSync(join(tmpdir(), 'eddy-backups-'));
    const clock = new ManualClock(T0);
    try {
      let eddy: TestEddy = await startTestEddy({ data, clock });
      await eddy.ddb.send(
        new CreateTableCommand({
          TableName: 'Durable',
          KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
          AttributeDefinitions: [
            { AttributeName: 'id', AttributeType: 'S' },
            { AttributeName: 'kind', AttributeType: 'S' },
          ],
          BillingMode: 'PAY_PER_REQUEST',
          GlobalSecondaryIndexes: [{ IndexName: 'byKind', KeySchema: [{ AttributeName: 'kind', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' } }],
        }),
      );
      const items: Item[] = Array.from({ length: 1200 }, (_, i) => ({ id: { S: `id-${i}` }, kind: { S: `k${i % 5}` }, n: { N: String(i) } }));
      await batchWriteAll(eddy.ddb, 'Durable', items);
      const arn = (await eddy.ddb.send(new CreateBackupCommand({ TableName: 'Durable', BackupName: 'durable' }))).BackupDetails!.BackupArn!;
      await eddy.stop();

      eddy = await startTestEddy({ data, clock });
      try {
        const listed = await eddy.ddb.send(new ListBackupsCommand({ TableName: 'Durable' }));
        assert.deepEqual(listed.BackupSummaries!.map((summary) => [summary.BackupArn, summary.BackupName]), [[arn, 'durable']]);
        const { TableDescription } = await eddy.ddb.send(new RestoreTableFromBackupCommand({ TargetTableName: 'Restored', BackupArn: arn }));
        assert.equal(TableDescription!.ItemCount, 1200);
        const restored = allItems(await scanPages(eddy.ddb, { TableName: 'Restored' }));
        const key = (item: Item) => item['id']!.S!;
        assert.deepEqual(restored.map(key).sort(), items.map(key).sort());
        const k3 = await queryIndex(eddy.ddb, 'Restored', 'byKind', 'kind', { S: 'k3' });
        assert.deepEqual(k3.map(key).sort(), items.filter((item) => item['kind']!.S === 'k3').map(key).sort());
      } finally {
        await eddy.stop();
      }
    } finally {
      rmSync(data, { recursive: true, force: true });
    }
  });
});
