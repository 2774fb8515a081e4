import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateBackupCommand,
  CreateTableCommand,
  DeleteBackupCommand,
  DeleteItemCommand,
  DeleteTableCommand,
  DescribeBackupCommand,
  ListBackupsCommand,
  PutItemCommand,
  QueryCommand,
  RestoreTableFromBackupCommand,
  UpdateContinuousBackupsCommand,
  type BackupSummary,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { ManualClock } from '../../../src/shared/clock.js';
import { startTestEddy, type TestEddy } from '../../helpers/eddy.js';
import { allItems, putAll, scanPages, type Item } from './read-fixtures.js';
import { hashTable, rejectsWith, tableName } from './table-fixtures.js';

const T0 = Date.UTC(2026, 6, 1, 12);
const DAY = 86_400_000;
const ARN = 'arn:aws:dynamodb:us-east-1:000000000000:table/';

const item = (i: number): Item => ({ pk: { S: `k${i}` }, status: { S: i % 2 === 0 ? 'open' : 'shipped' } });
const byPk = (a: Item, b: Item) => a['pk']!.S!.localeCompare(b['pk']!.S!);
const scanAll = async (ddb: DynamoDBClient, table: string): Promise<Item[]> => allItems(await scanPages(ddb, { TableName: table })).sort(byPk);

async function createTable(ddb: DynamoDBClient, name: string): Promise<void> {
  await ddb.send(
    new CreateTableCommand(
      hashTable(name, {
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'status', AttributeType: 'S' },
        ],
        GlobalSecondaryIndexes: [{ IndexName: 'byStatus', KeySchema: [{ AttributeName: 'status', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' } }],
      }),
    ),
  );
}

const enableRecovery = (ddb: DynamoDBClient, name: string) =>
  ddb.send(new UpdateContinuousBackupsCommand({ TableName: name, PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true, RecoveryPeriodInDays: 3 } }));

describe('DeleteTable of a table with point-in-time recovery on: the SYSTEM backup', () => {
  let eddy: TestEddy;
  const clock = new ManualClock(T0);
  const table = tableName('kept');
  const plain = tableName('plain');
  let deletedAt: number;
  let lastState: Item[];
  let summary: BackupSummary;

  before(async () => {
    eddy = await startTestEddy({ clock });
    await createTable(eddy.ddb, table);
    await createTable(eddy.ddb, plain);
    await putAll(eddy.ddb, table, [item(1), item(2), item(3)]);
    await enableRecovery(eddy.ddb, table);
    clock.advance(1000);
    await eddy.ddb.send(new DeleteItemCommand({ TableName: table, Key: { pk: { S: 'k1' } } }));
    await eddy.ddb.send(new PutItemCommand({ TableName: table, Item: item(4) }));
    lastState = [item(2), item(3), item(4)];
    clock.advance(1000);
    deletedAt = clock.now();
    await eddy.ddb.send(new DeleteTableCommand({ TableName: table }));
    await eddy.ddb.send(new DeleteTableCommand({ TableName: plain })); // recovery off: nothing kept
    const { BackupSummaries } = await eddy.ddb.send(new ListBackupsCommand({ BackupType: 'SYSTEM' }));
    assert.equal(BackupSummaries!.length, 1);
    summary = BackupSummaries![0]!;
  });
  after(() => eddy.stop());

  it('is listed with BackupType SYSTEM or ALL, named <table>$DeletedTableBackup, expiring 35 days after the deletion', async () => {
    assert.equal(summary.TableName, table);
    assert.equal(summary.TableArn, ARN + table);
    assert.match(summary.BackupArn!, new RegExp(`^${ARN}${table}/backup/0${deletedAt}-[0-9a-f]{8}$`));
    assert.equal(summary.BackupName, `${table}$DeletedTableBackup`);
    assert.equal(summary.BackupType, 'SYSTEM');
    assert.equal(summary.BackupStatus, 'AVAILABLE');
    assert.deepEqual(summary.BackupCreationDateTime, new Date(deletedAt));
    assert.deepEqual(summary.BackupExpiryDateTime, new Date(deletedAt + 35 * DAY));
    assert.ok(summary.BackupSizeBytes! > 0);
    const all = (await eddy.ddb.send(new ListBackupsCommand({ BackupType: 'ALL' }))).BackupSummaries!;
    assert.deepEqual(all.map((backup) => backup.BackupArn), [summary.BackupArn]);
    assert.deepEqual((await eddy.ddb.send(new ListBackupsCommand({}))).BackupSummaries, []); // USER by default
    assert.deepEqual((await eddy.ddb.send(new ListBackupsCommand({ TableName: plain, BackupType: 'ALL' }))).BackupSummaries, []);
    const { BackupDescription } = await eddy.ddb.send(new DescribeBackupCommand({ BackupArn: summary.BackupArn! }));
    assert.equal(BackupDescription!.BackupDetails!.BackupType, 'SYSTEM');
    assert.deepEqual(BackupDescription!.BackupDetails!.BackupExpiryDateTime, new Date(deletedAt + 35 * DAY));
    assert.equal(BackupDescription!.SourceTableDetails!.ItemCount, 3);
  });

  it('restores the table as it was just before the deletion, indexes included', async () => {
    const target = tableName('undeleted');
    const { TableDescription } = await eddy.ddb.send(new RestoreTableFromBackupCommand({ TargetTableName: target, BackupArn: summary.BackupArn! }));
    assert.equal(TableDescription!.TableStatus, 'ACTIVE');
    assert.equal(TableDescription!.RestoreSummary!.SourceBackupArn, summary.BackupArn);
    assert.deepEqual(TableDescription!.RestoreSummary!.RestoreDateTime, new Date(deletedAt)); // the moment before the deletion
    assert.deepEqual(await scanAll(eddy.ddb, target), lastState);
    const open = await eddy.ddb.send(
      new QueryCommand({
        TableName: target,
        IndexName: 'byStatus',
        KeyConditionExpression: '#s = :s',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':s': { S: 'open' } },
      }),
    );
    assert.deepEqual(open.Items!.sort(byPk), [item(2), item(4)]);
  });

  it('BackupType ALL lists USER and SYSTEM backups together, AWS_BACKUP none (Eddy runs no AWS Backup)', async () => {
    const live = tableName('live');
    await createTable(eddy.ddb, live);
    clock.advance(1000);
    const user = (await eddy.ddb.send(new CreateBackupCommand({ TableName: live, BackupName: 'nightly' }))).BackupDetails!;
    assert.equal(user.BackupType, 'USER');
    assert.equal(user.BackupExpiryDateTime, undefined);
    const list = async (BackupType?: 'USER' | 'SYSTEM' | 'AWS_BACKUP' | 'ALL') =>
      (await eddy.ddb.send(new ListBackupsCommand({ ...(BackupType && { BackupType }) }))).BackupSummaries!.map((backup) => [backup.BackupArn, backup.BackupType]);
    assert.deepEqual(await list('ALL'), [[summary.BackupArn, 'SYSTEM'], [user.BackupArn, 'USER']]);
    assert.deepEqual(await list('USER'), [[user.BackupArn, 'USER']]);
    assert.deepEqual(await list(), [[user.BackupArn, 'USER']]);
    assert.deepEqual(await list('SYSTEM'), [[summary.BackupArn, 'SYSTEM']]);
    assert.deepEqual(await list('AWS_BACKUP'), []);
    const described = await eddy.ddb.send(new DescribeBackupCommand({ BackupArn: user.BackupArn! }));
    assert.equal(described.BackupDescription!.BackupDetails!.BackupType, 'USER');
    await eddy.ddb.send(new DeleteBackupCommand({ BackupArn: user.BackupArn! }));
    assert.deepEqual(await list('ALL'), [[summary.BackupArn, 'SYSTEM']]);
  });

  it('is deleted by the trim once 35 days old', async () => {
    clock.advance(deletedAt + 35 * DAY - 2 - clock.now());
    await eddy.admin('/_eddy/tables/point-in-time/trim');
    assert.equal((await eddy.ddb.send(new ListBackupsCommand({ BackupType: 'SYSTEM' }))).BackupSummaries!.length, 1);
    clock.advance(2);
    await eddy.admin('/_eddy/tables/point-in-time/trim');
    assert.deepEqual((await eddy.ddb.send(new ListBackupsCommand({ BackupType: 'SYSTEM' }))).BackupSummaries, []);
    await rejectsWith(eddy.ddb.send(new DescribeBackupCommand({ BackupArn: summary.BackupArn! })), 'BackupNotFoundException', `Backup not found: ${summary.BackupArn}`);
  });
});
