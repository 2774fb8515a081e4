import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateTableCommand,
  DeleteItemCommand,
  DeleteTableCommand,
  DescribeContinuousBackupsCommand,
  DescribeTableCommand,
  PutItemCommand,
  QueryCommand,
  RestoreTableToPointInTimeCommand,
  UpdateContinuousBackupsCommand,
  UpdateItemCommand,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { ManualClock } from '../../../src/shared/clock.js';
import { startTestEddy, type TestEddy } from '../../helpers/eddy.js';
import { allItems, putAll, scanPages, type Item } from './read-fixtures.js';
import { rejectsWith, tableName, validationError } from './table-fixtures.js';

const T0 = Date.UTC(2026, 6, 1, 12);
const MINUTE = 60_000;
const DAY = 86_400_000;
const ARN = 'arn:aws:dynamodb:us-east-1:000000000000:table/';

const order = (i: number, status = i % 2 === 0 ? 'open' : 'shipped'): Item => ({
  pk: { S: `c${i % 3}` },
  sk: { N: String(i) },
  status: { S: status },
  total: { N: String(100 - i) },
});

const keyOf = (item: Item) => ({ pk: item['pk']!, sk: item['sk']! });
const sortKey = (item: Item) => item['pk']!.S! + item['sk']!.N!.padStart(4, '0');
const byKey = (a: Item, b: Item) => sortKey(a).localeCompare(sortKey(b));
const scanAll = async (ddb: DynamoDBClient, table: string): Promise<Item[]> => allItems(await scanPages(ddb, { TableName: table })).sort(byKey);
const byStatus = async (ddb: DynamoDBClient, table: string, status: string): Promise<Item[]> =>
  (
    await ddb.send(
      new QueryCommand({
        TableName: table,
        IndexName: 'byStatus',
        KeyConditionExpression: '#s = :s',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':s': { S: status } },
      }),
    )
  ).Items!.sort(byKey);

async function createOrders(ddb: DynamoDBClient, name: string): Promise<void> {
  await ddb.send(
    new CreateTableCommand({
      TableName: name,
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'N' },
        { AttributeName: 'status', AttributeType: 'S' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
      GlobalSecondaryIndexes: [{ IndexName: 'byStatus', KeySchema: [{ AttributeName: 'status', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' } }],
      StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' },
    }),
  );
}

const enable = (ddb: DynamoDBClient, name: string, days?: number) =>
  ddb.send(
    new UpdateContinuousBackupsCommand({
      TableName: name,
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true, ...(days !== undefined && { RecoveryPeriodInDays: days }) },
    }),
  );
const describeRecovery = async (ddb: DynamoDBClient, name: string) =>
  (await ddb.send(new DescribeContinuousBackupsCommand({ TableName: name }))).ContinuousBackupsDescription!;
const restoreAt = (ddb: DynamoDBClient, source: string, target: string, at: number) =>
  ddb.send(new RestoreTableToPointInTimeCommand({ SourceTableName: source, TargetTableName: target, RestoreDateTime: new Date(at) }));

describe('Point-in-time recovery', () => {
  let eddy: TestEddy;
  const clock = new ManualClock(T0);
  const source = tableName('pitr');
  const first = Array.from({ length: 12 }, (_, i) => order(i));
  let enabledAt: number;
  let noted: number;
  let current: Item[];

  before(async () => {
    eddy = await startTestEddy({ clock });
    await createOrders(eddy.ddb, source);
    await putAll(eddy.ddb, source, first.slice(0, 4)); // written before recovery is on: in the base
    clock.advance(MINUTE);
    enabledAt = clock.now();
    await enable(eddy.ddb, source, 7);
    clock.advance(1000);
    await putAll(eddy.ddb, source, first.slice(4));
    clock.advance(1000);
    noted = clock.now();
    clock.advance(1000);
    // Changes after the noted time: an update that moves an item to another GSI key, a delete, a new item.
    await eddy.ddb.send(
      new UpdateItemCommand({
        TableName: source,
        Key: keyOf(first[0]!),
        UpdateExpression: 'SET #s = :s',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':s': { S: 'cancelled' } },
      }),
    );
    await eddy.ddb.send(new DeleteItemCommand({ TableName: source, Key: keyOf(first[5]!) }));
    await eddy.ddb.send(new DeleteItemCommand({ TableName: source, Key: keyOf(first[1]!) }));
    await eddy.ddb.send(new PutItemCommand({ TableName: source, Item: order(50) }));
    current = [{ ...first[0]!, status: { S: 'cancelled' } }, ...first.filter((_, i) => i !== 0 && i !== 1 && i !== 5), order(50)].sort(byKey);
    clock.advance(MINUTE);
  });
  after(() => eddy.stop());

  it('describes recovery as off before it is turned on, and a missing table as not found', async () => {
    const other = tableName('off');
    await createOrders(eddy.ddb, other);
    assert.deepEqual(await describeRecovery(eddy.ddb, other), {
      ContinuousBackupsStatus: 'ENABLED',
      PointInTimeRecoveryDescription: { PointInTimeRecoveryStatus: 'DISABLED' },
    });
    await rejectsWith(eddy.ddb.send(new DescribeContinuousBackupsCommand({ TableName: 'missing-table' })), 'TableNotFoundException', 'Table not found: missing-table');
    await rejectsWith(
      enable(eddy.ddb, 'missing-table'),
      'TableNotFoundException',
      'Table not found: missing-table',
    );
  });

  it('describes the window: from when recovery was turned on to five minutes ago', async () => {
    const description = await describeRecovery(eddy.ddb, `${ARN}${source}`);
    assert.deepEqual(description, {
      ContinuousBackupsStatus: 'ENABLED',
      PointInTimeRecoveryDescription: {
        PointInTimeRecoveryStatus: 'ENABLED',
        RecoveryPeriodInDays: 7,
        EarliestRestorableDateTime: new Date(enabledAt),
        // Less than five minutes since recovery was turned on: the window's start (unconfirmed).
        LatestRestorableDateTime: new Date(enabledAt),
      },
    });
  });

  it('restores the table as it was at the noted time, GSI included, and leaves the source alone', async () => {
    const target = tableName('restored');
    const { TableDescription: restored } = await restoreAt(eddy.ddb, source, target, noted);
    assert.equal(restored!.TableName, target);
    assert.equal(restored!.TableStatus, 'ACTIVE');
    assert.equal(restored!.ItemCount, first.length);
    assert.deepEqual(restored!.RestoreSummary, {
      SourceTableArn: `${ARN}${source}`,
      RestoreDateTime: new Date(noted),
      RestoreInProgress: false,
    });
    assert.equal(restored!.StreamSpecification, undefined, 'a restored table has no stream');
    assert.deepEqual(await scanAll(eddy.ddb, target), [...first].sort(byKey));
    assert.deepEqual(await byStatus(eddy.ddb, target, 'open'), first.filter((item) => item['status']!.S === 'open').sort(byKey));
    assert.deepEqual(await byStatus(eddy.ddb, target, 'cancelled'), []);
    // The source is untouched, and recovery on the restored table is off.
    assert.deepEqual(await scanAll(eddy.ddb, source), current);
    assert.deepEqual(await byStatus(eddy.ddb, source, 'cancelled'), [{ ...first[0]!, status: { S: 'cancelled' } }]);
    assert.equal((await describeRecovery(eddy.ddb, target)).PointInTimeRecoveryDescription!.PointInTimeRecoveryStatus, 'DISABLED');
    const described = (await eddy.ddb.send(new DescribeTableCommand({ TableName: target }))).Table!;
    assert.deepEqual(described.RestoreSummary, restored!.RestoreSummary);
  });

  it('restores to the moment recovery was turned on (the base) and to now (every change)', async () => {
    const atStart = tableName('start');
    await restoreAt(eddy.ddb, source, atStart, enabledAt);
    assert.deepEqual(await scanAll(eddy.ddb, atStart), first.slice(0, 4).sort(byKey));
    const atNow = tableName('now');
    await eddy.ddb.send(new RestoreTableToPointInTimeCommand({ SourceTableArn: `${ARN}${source}`, TargetTableName: atNow, RestoreDateTime: new Date(clock.now()) }));
    assert.deepEqual(await scanAll(eddy.ddb, atNow), current);
  });

  it('restores UseLatestRestorableTime as at LatestRestorableDateTime, five minutes ago', async () => {
    const table = tableName('latest-src');
    await createOrders(eddy.ddb, table);
    await enable(eddy.ddb, table);
    await putAll(eddy.ddb, table, [order(1), order(2)]);
    clock.advance(10 * MINUTE);
    await eddy.ddb.send(new DeleteItemCommand({ TableName: table, Key: keyOf(order(1)) }));
    const description = await describeRecovery(eddy.ddb, table);
    assert.equal(description.PointInTimeRecoveryDescription!.RecoveryPeriodInDays, 35);
    assert.deepEqual(description.PointInTimeRecoveryDescription!.LatestRestorableDateTime, new Date(clock.now() - 5 * MINUTE));
    const target = tableName('latest');
    const { TableDescription: restored } = await eddy.ddb.send(
      new RestoreTableToPointInTimeCommand({ SourceTableName: table, TargetTableName: target, UseLatestRestorableTime: true }),
    );
    assert.deepEqual(restored!.RestoreSummary!.RestoreDateTime, new Date(clock.now() - 5 * MINUTE));
    assert.deepEqual(await scanAll(eddy.ddb, target), [order(1), order(2)].sort(byKey));
  });

  it('refuses times outside the window, a source without recovery, an existing target and a missing source', async () => {
    const invalid = 'RestoreDateTime must be between EarliestRestorableDateTime and LatestRestorableDateTime.';
    await rejectsWith(restoreAt(eddy.ddb, source, tableName('early'), enabledAt - 1), 'InvalidRestoreTimeException', invalid);
    await rejectsWith(restoreAt(eddy.ddb, source, tableName('future'), clock.now() + 1000), 'InvalidRestoreTimeException', invalid);
    const off = tableName('off');
    await createOrders(eddy.ddb, off);
    await rejectsWith(restoreAt(eddy.ddb, off, tableName('x'), clock.now()), 'PointInTimeRecoveryUnavailableException', `Point in time recovery is not enabled for table '${off}'`);
    await rejectsWith(restoreAt(eddy.ddb, source, off, clock.now()), 'TableAlreadyExistsException', `Table already exists: ${off}`);
    await rejectsWith(restoreAt(eddy.ddb, 'no-such-table', tableName('x'), clock.now()), 'TableNotFoundException', 'Table not found: no-such-table');
    await validationError(
      eddy.ddb.send(new RestoreTableToPointInTimeCommand({ SourceTableName: source, TargetTableName: tableName('x') })),
      'Either RestoreDateTime or UseLatestRestorableTime must be specified',
    );
    await validationError(
      eddy.ddb.send(new RestoreTableToPointInTimeCommand({ TargetTableName: tableName('x'), UseLatestRestorableTime: true })),
      'Exactly one of SourceTableName or SourceTableArn must be specified',
    );
    await validationError(
      enable(eddy.ddb, source, 36),
      "1 validation error detected: Value '36' at 'pointInTimeRecoverySpecification.recoveryPeriodInDays' failed to satisfy constraint: Member must have value less than or equal to 35",
    );
  });

  it('applies the overrides of RestoreTableFromBackup', async () => {
    const target = tableName('override');
    const { TableDescription: restored } = await eddy.ddb.send(
      new RestoreTableToPointInTimeCommand({
        SourceTableName: source,
        TargetTableName: target,
        RestoreDateTime: new Date(noted),
        GlobalSecondaryIndexOverride: [],
        BillingModeOverride: 'PROVISIONED',
        ProvisionedThroughputOverride: { ReadCapacityUnits: 4, WriteCapacityUnits: 2 },
      }),
    );
    assert.equal(restored!.GlobalSecondaryIndexes, undefined);
    assert.deepEqual(restored!.BillingModeSummary?.BillingMode ?? 'PROVISIONED', 'PROVISIONED');
    assert.equal(restored!.ProvisionedThroughput!.ReadCapacityUnits, 4);
    assert.deepEqual(await scanAll(eddy.ddb, target), [...first].sort(byKey));
  });

  it('turning recovery off drops the history; on again starts a new window', async () => {
    const table = tableName('toggle');
    await createOrders(eddy.ddb, table);
    await enable(eddy.ddb, table);
    await putAll(eddy.ddb, table, [order(1)]);
    const before = clock.now();
    clock.advance(MINUTE);
    const off = await eddy.ddb.send(
      new UpdateContinuousBackupsCommand({ TableName: table, PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: false } }),
    );
    assert.deepEqual(off.ContinuousBackupsDescription!.PointInTimeRecoveryDescription, { PointInTimeRecoveryStatus: 'DISABLED' });
    await rejectsWith(restoreAt(eddy.ddb, table, tableName('x'), before), 'PointInTimeRecoveryUnavailableException', `Point in time recovery is not enabled for table '${table}'`);
    clock.advance(MINUTE);
    const on = await enable(eddy.ddb, table);
    assert.deepEqual(on.ContinuousBackupsDescription!.PointInTimeRecoveryDescription!.EarliestRestorableDateTime, new Date(clock.now()));
    await rejectsWith(restoreAt(eddy.ddb, table, tableName('x'), before), 'InvalidRestoreTimeException', 'RestoreDateTime must be between EarliestRestorableDateTime and LatestRestorableDateTime.');
  });

  it('folds history older than the recovery period into the base when trimmed', async () => {
    const table = tableName('trim');
    await createOrders(eddy.ddb, table);
    await putAll(eddy.ddb, table, [order(1), order(2), order(3)]);
    await enable(eddy.ddb, table, 1);
    clock.advance(MINUTE);
    await eddy.ddb.send(new DeleteItemCommand({ TableName: table, Key: keyOf(order(1)) }));
    await eddy.ddb.send(new PutItemCommand({ TableName: table, Item: order(2, 'changed') }));
    await eddy.ddb.send(new PutItemCommand({ TableName: table, Item: order(4) }));
    clock.advance(2 * DAY);
    await eddy.ddb.send(new DeleteItemCommand({ TableName: table, Key: keyOf(order(4)) }));
    const beforeLast = clock.now() - 1;
    clock.advance(MINUTE);
    await eddy.admin('/_eddy/tables/point-in-time/trim');
    const earliest = clock.now() - DAY;
    const window = (await describeRecovery(eddy.ddb, table)).PointInTimeRecoveryDescription!;
    assert.deepEqual(window.EarliestRestorableDateTime, new Date(earliest));
    const atEarliest = tableName('earliest');
    await restoreAt(eddy.ddb, table, atEarliest, earliest);
    assert.deepEqual(await scanAll(eddy.ddb, atEarliest), [order(2, 'changed'), order(3), order(4)].sort(byKey));
    const atLast = tableName('last');
    await restoreAt(eddy.ddb, table, atLast, beforeLast);
    assert.deepEqual(await scanAll(eddy.ddb, atLast), [order(2, 'changed'), order(3), order(4)].sort(byKey));
    assert.deepEqual(await byStatus(eddy.ddb, atLast, 'changed'), [order(2, 'changed')]);
    await rejectsWith(restoreAt(eddy.ddb, table, tableName('x'), earliest - 1), 'InvalidRestoreTimeException', 'RestoreDateTime must be between EarliestRestorableDateTime and LatestRestorableDateTime.');
  });

  it('forgets the history of a deleted table, by name or ARN, at any time', async () => {
    // "Once a table with point-in-time recovery enabled is deleted, you can use system restore to restore
    // that table to a single point in time: the moment just before deletion. You do not have the
    // capability to restore a deleted table to any other point in time" (developer guide, PITR: how it
    // works): the SYSTEM backup is the way back (system-backups.test.ts).
    const table = tableName('deleted');
    await createOrders(eddy.ddb, table);
    await enable(eddy.ddb, table);
    await putAll(eddy.ddb, table, [order(1)]);
    const beforeDeletion = clock.now();
    clock.advance(1000);
    await eddy.ddb.send(new DeleteTableCommand({ TableName: table }));
    await rejectsWith(restoreAt(eddy.ddb, table, tableName('x'), clock.now()), 'TableNotFoundException', `Table not found: ${table}`);
    const arn = `arn:aws:dynamodb:us-east-1:000000000000:table/${table}`;
    for (const time of [{ RestoreDateTime: new Date(beforeDeletion) }, { UseLatestRestorableTime: true }]) {
      await rejectsWith(
        eddy.ddb.send(new RestoreTableToPointInTimeCommand({ SourceTableArn: arn, TargetTableName: tableName('x'), ...time })),
        'TableNotFoundException',
        `Table not found: ${arn}`,
      );
    }
    await createOrders(eddy.ddb, table);
    assert.equal((await describeRecovery(eddy.ddb, table)).PointInTimeRecoveryDescription!.PointInTimeRecoveryStatus, 'DISABLED');
  });
});

describe('Point-in-time recovery across a restart', () => {
  it('keeps the history, and goes on recording, on a data directory', async () => {
    const data = mkdtempSync(join(tmpdir(), 'eddy-pitr-'));
    const clock = new ManualClock(T0);
    try {
      let eddy: TestEddy = await startTestEddy({ data, clock });
      const table = tableName('restart');
      let noted: number;
      let afterRestart: number;
      try {
        await createOrders(eddy.ddb, table);
        await enable(eddy.ddb, table);
        await putAll(eddy.ddb, table, [order(1), order(2)]);
        clock.advance(1000);
        noted = clock.now();
        clock.advance(1000);
        await eddy.ddb.send(new DeleteItemCommand({ TableName: table, Key: keyOf(order(1)) }));
      } finally {
        await eddy.stop();
      }
      eddy = await startTestEddy({ data, clock });
      try {
        clock.advance(1000);
        await eddy.ddb.send(new PutItemCommand({ TableName: table, Item: order(3) }));
        afterRestart = clock.now();
        clock.advance(1000);
        await eddy.ddb.send(new DeleteItemCommand({ TableName: table, Key: keyOf(order(2)) }));
        const atNoted = tableName('noted');
        await restoreAt(eddy.ddb, table, atNoted, noted);
        assert.deepEqual(await scanAll(eddy.ddb, atNoted), [order(1), order(2)].sort(byKey));
        const atRestart = tableName('after');
        await restoreAt(eddy.ddb, table, atRestart, afterRestart);
        assert.deepEqual(await scanAll(eddy.ddb, atRestart), [order(2), order(3)].sort(byKey));
        assert.deepEqual(await scanAll(eddy.ddb, table), [order(3)]);
      } finally {
        await eddy.stop();
      }
    } finally {
      rmSync(data, { recursive: true, force: true });
    }
  });
});
