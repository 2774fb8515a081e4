import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateBackupCommand,
  CreateTableCommand,
  DeleteBackupCommand,
  DeleteItemCommand,
  DescribeBackupCommand,
  DescribeTableCommand,
  ListBackupsCommand,
  PutItemCommand,
  UpdateTimeToLiveCommand,
  type BackupSummary,
  type ListBackupsCommandInput,
  type ListBackupsCommandOutput,
} from '@aws-sdk/client-dynamodb';
import { ManualClock } from '../../../src/shared/clock.js';
import { startTestEddy, type TestEddy } from '../../helpers/eddy.js';
import { hashTable, rejectsWith, tableName, validationError } from './table-fixtures.js';

const T0 = Date.UTC(2026, 6, 1, 12); // 2026-07-01T12:00:00Z
const ACCOUNT_TABLE = 'arn:aws:dynamodb:us-east-1:000000000000:table/';

describe('CreateBackup, DescribeBackup, DeleteBackup', () => {
  let eddy: TestEddy;
  const clock = new ManualClock(T0);
  const table = tableName('orders');

  before(async () => {
    eddy = await startTestEddy({ clock });
    await eddy.ddb.send(
      new CreateTableCommand(
        hashTable(
          table,
          {
            AttributeDefinitions: [
              { AttributeName: 'pk', AttributeType: 'S' },
              { AttributeName: 'sk', AttributeType: 'N' },
              { AttributeName: 'status', AttributeType: 'S' },
            ],
            GlobalSecondaryIndexes: [
              { IndexName: 'byStatus', KeySchema: [{ AttributeName: 'status', KeyType: 'HASH' }], Projection: { ProjectionType: 'KEYS_ONLY' } },
            ],
            StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' },
          },
          true,
        ),
      ),
    );
    await eddy.ddb.send(new UpdateTimeToLiveCommand({ TableName: table, TimeToLiveSpecification: { Enabled: true, AttributeName: 'expires' } }));
    for (let i = 0; i < 3; i++) {
      await eddy.ddb.send(new PutItemCommand({ TableName: table, Item: { pk: { S: 'a' }, sk: { N: String(i) }, status: { S: 'open' } } }));
    }
  });
  after(() => eddy.stop());

  it('copies the table as it is when the call is made, AVAILABLE at once', async () => {
    const source = (await eddy.ddb.send(new DescribeTableCommand({ TableName: table }))).Table!;
    clock.advance(1234);
    const { BackupDetails: details } = await eddy.ddb.send(new CreateBackupCommand({ TableName: table, BackupName: 'nightly.1' }));
    const arn = details!.BackupArn!;
    assert.match(arn, new RegExp(`^${ACCOUNT_TABLE}${table}/backup/0${T0 + 1234}-[0-9a-f]{8}$`));
    assert.equal(details!.BackupName, 'nightly.1');
    assert.equal(details!.BackupStatus, 'AVAILABLE');
    assert.equal(details!.BackupType, 'USER');
    assert.equal(details!.BackupSizeBytes, source.TableSizeBytes);
    assert.ok(details!.BackupSizeBytes! > 0);
    assert.deepEqual(details!.BackupCreationDateTime, new Date(T0 + 1234));

    // Later writes change the table, not the backup.
    await eddy.ddb.send(new DeleteItemCommand({ TableName: table, Key: { pk: { S: 'a' }, sk: { N: '0' } } }));
    await eddy.ddb.send(new PutItemCommand({ TableName: table, Item: { pk: { S: 'b' }, sk: { N: '9' }, pad: { S: 'x'.repeat(500) } } }));

    const { BackupDescription: description } = await eddy.ddb.send(new DescribeBackupCommand({ BackupArn: arn }));
    assert.deepEqual(description!.BackupDetails, details);
    assert.deepEqual(description!.SourceTableDetails, {
      TableName: table,
      TableId: source.TableId,
      TableArn: source.TableArn,
      TableSizeBytes: source.TableSizeBytes,
      KeySchema: source.KeySchema,
      TableCreationDateTime: source.CreationDateTime,
      ProvisionedThroughput: { ReadCapacityUnits: 0, WriteCapacityUnits: 0 },
      ItemCount: 3,
      BillingMode: 'PAY_PER_REQUEST',
    });
    assert.deepEqual(description!.SourceTableFeatureDetails, {
      GlobalSecondaryIndexes: [
        {
          IndexName: 'byStatus',
          KeySchema: [{ AttributeName: 'status', KeyType: 'HASH' }],
          Projection: { ProjectionType: 'KEYS_ONLY' },
          ProvisionedThroughput: { ReadCapacityUnits: 0, WriteCapacityUnits: 0 },
        },
      ],
      StreamDescription: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' },
      TimeToLiveDescription: { TimeToLiveStatus: 'ENABLED', AttributeName: 'expires' },
    });
  });

  it('accepts the table as an ARN', async () => {
    const { BackupDetails } = await eddy.ddb.send(new CreateBackupCommand({ TableName: ACCOUNT_TABLE + table, BackupName: 'by-arn' }));
    assert.ok(BackupDetails!.BackupArn!.startsWith(`${ACCOUNT_TABLE}${table}/backup/`));
  });

  it('deletes a backup: DELETED in the answer, then not found', async () => {
    const { BackupDetails } = await eddy.ddb.send(new CreateBackupCommand({ TableName: table, BackupName: 'short-lived' }));
    const arn = BackupDetails!.BackupArn!;
    const { BackupDescription } = await eddy.ddb.send(new DeleteBackupCommand({ BackupArn: arn }));
    assert.equal(BackupDescription!.BackupDetails!.BackupStatus, 'DELETED');
    assert.equal(BackupDescription!.BackupDetails!.BackupArn, arn);
    assert.equal(BackupDescription!.SourceTableDetails!.TableName, table);
    await rejectsWith(eddy.ddb.send(new DescribeBackupCommand({ BackupArn: arn })), 'BackupNotFoundException', `Backup not found: ${arn}`);
    await rejectsWith(eddy.ddb.send(new DeleteBackupCommand({ BackupArn: arn })), 'BackupNotFoundException', `Backup not found: ${arn}`);
  });

  it('refuses a backup of a missing table', async () => {
    await rejectsWith(
      eddy.ddb.send(new CreateBackupCommand({ TableName: 'no-such-table', BackupName: 'backup1' })),
      'TableNotFoundException',
      'Table not found: no-such-table',
    );
  });

  it('checks BackupName and BackupArn', async () => {
    await validationError(
      eddy.ddb.send(new CreateBackupCommand({ TableName: table, BackupName: 'a b' })),
      "1 validation error detected: Value 'a b' at 'backupName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+",
    );
    await validationError(
      eddy.ddb.send(new DescribeBackupCommand({ BackupArn: 'arn:too-short' })),
      "1 validation error detected: Value 'arn:too-short' at 'backupArn' failed to satisfy constraint: Member must have length greater than or equal to 37",
    );
  });
});

describe('ListBackups', () => {
  let eddy: TestEddy;
  const clock = new ManualClock(T0);
  const first = tableName('first');
  const second = tableName('second');
  /** Backup ARNs by name, in creation order. */
  const made: { name: string; arn: string; at: number }[] = [];
  const list = async (input: ListBackupsCommandInput = {}): Promise<BackupSummary[]> =>
    (await eddy.ddb.send(new ListBackupsCommand(input))).BackupSummaries!;
  const names = (summaries: BackupSummary[]) => summaries.map((summary) => summary.BackupName);

  before(async () => {
    eddy = await startTestEddy({ clock });
    await eddy.ddb.send(new CreateTableCommand(hashTable(first)));
    await eddy.ddb.send(new CreateTableCommand(hashTable(second)));
    // f1 @T0, s1 @T0+1s, f2 @T0+2s, s2 @T0+3s, f3 @T0+4s
    for (const [name, table] of [['f1.b', first], ['s1.b', second], ['f2.b', first], ['s2.b', second], ['f3.b', first]] as const) {
      const { BackupDetails } = await eddy.ddb.send(new CreateBackupCommand({ TableName: table, BackupName: name }));
      made.push({ name, arn: BackupDetails!.BackupArn!, at: clock.now() });
      clock.advance(1000);
    }
  });
  after(() => eddy.stop());

  it('lists every backup in creation order with its summary', async () => {
    const all = await list();
    assert.deepEqual(names(all), ['f1.b', 's1.b', 'f2.b', 's2.b', 'f3.b']);
    const table = (await eddy.ddb.send(new DescribeTableCommand({ TableName: first }))).Table!;
    assert.deepEqual(all[0], {
      TableName: first,
      TableId: table.TableId,
      TableArn: table.TableArn,
      BackupArn: made[0]!.arn,
      BackupName: 'f1.b',
      BackupCreationDateTime: new Date(T0),
      BackupStatus: 'AVAILABLE',
      BackupType: 'USER',
      BackupSizeBytes: 0,
    });
  });

  it('filters by table, by name or ARN', async () => {
    assert.deepEqual(names(await list({ TableName: first })), ['f1.b', 'f2.b', 'f3.b']);
    assert.deepEqual(names(await list({ TableName: ACCOUNT_TABLE + second })), ['s1.b', 's2.b']);
    assert.deepEqual(await list({ TableName: 'nothing-here' }), []);
  });

  it('filters by creation time: the lower bound inclusive, the upper bound exclusive', async () => {
    assert.deepEqual(names(await list({ TimeRangeLowerBound: new Date(T0 + 1000), TimeRangeUpperBound: new Date(T0 + 3000) })), ['s1.b', 'f2.b']);
    assert.deepEqual(names(await list({ TimeRangeLowerBound: new Date(T0 + 2000) })), ['f2.b', 's2.b', 'f3.b']);
    assert.deepEqual(names(await list({ TableName: first, TimeRangeUpperBound: new Date(T0 + 2000) })), ['f1.b']);
  });

  it('takes bounds far past any time a backup can have (no storage failure on PostgreSQL)', async () => {
    const listed = async (body: string) => (await eddy.raw('ListBackups', body)).json as { BackupSummaries?: unknown[] };
    assert.deepEqual((await listed('{"TimeRangeLowerBound":9.9E+125,"BackupType":"ALL"}')).BackupSummaries, []);
    assert.equal((await listed('{"TimeRangeLowerBound":-9.9E+125,"TimeRangeUpperBound":9.9E+125}')).BackupSummaries?.length, 5);
  });

  it('filters by type: USER by default, ALL, none of the others here', async () => {
    assert.equal((await list({ BackupType: 'USER' })).length, 5);
    assert.equal((await list({ BackupType: 'ALL' })).length, 5);
    assert.deepEqual(await list({ BackupType: 'SYSTEM' }), []);
    assert.deepEqual(await list({ BackupType: 'AWS_BACKUP' }), []);
  });

  it('pages with Limit and ExclusiveStartBackupArn', async () => {
    const pages: string[][] = [];
    let start: string | undefined;
    do {
      const page = await eddy.ddb.send(new ListBackupsCommand({ Limit: 2, ...(start && { ExclusiveStartBackupArn: start }) }));
      pages.push(names(page.BackupSummaries!) as string[]);
      start = page.LastEvaluatedBackupArn;
      if (start) assert.equal(start, page.BackupSummaries!.at(-1)!.BackupArn);
    } while (start);
    assert.deepEqual(pages, [['f1.b', 's1.b'], ['f2.b', 's2.b'], ['f3.b']]);
    // A filtered listing pages the same way.
    const page = await eddy.ddb.send(new ListBackupsCommand({ TableName: first, Limit: 1, ExclusiveStartBackupArn: made[0]!.arn }));
    assert.deepEqual(names(page.BackupSummaries!), ['f2.b']);
    assert.equal(page.LastEvaluatedBackupArn, made[2]!.arn);
  });

  it('continues after a start ARN whose backup was deleted', async () => {
    const { BackupDetails } = await eddy.ddb.send(new CreateBackupCommand({ TableName: second, BackupName: 'gone' }));
    await eddy.ddb.send(new DeleteBackupCommand({ BackupArn: BackupDetails!.BackupArn! }));
    assert.deepEqual(await list({ ExclusiveStartBackupArn: BackupDetails!.BackupArn! }), []);
    assert.deepEqual(names(await list({ ExclusiveStartBackupArn: made[3]!.arn })), ['f3.b']);
  });

  it('checks Limit', async () => {
    await validationError(
      list({ Limit: 101 }),
      "1 validation error detected: Value '101' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 100",
    );
  });
});

describe('ListBackups pages of at most 1 MB', () => {
  let eddy: TestEddy;
  const clock = new ManualClock(T0);
  // Long names make each summary about 1.4 KB, so 800 backups are more than a megabyte of summaries.
  const table = tableName('mb').padEnd(255, 'x');
  const made: string[] = [];

  before(async () => {
    eddy = await startTestEddy({ clock });
    await eddy.ddb.send(new CreateTableCommand(hashTable(table)));
    for (let i = 0; i < 800; i += 50) {
      const batch = await Promise.all(
        Array.from({ length: 50 }, (_, j) =>
          eddy.ddb.send(new CreateBackupCommand({ TableName: table, BackupName: `${String(i + j).padStart(3, '0')}.`.padEnd(255, 'b') })),
        ),
      );
      made.push(...batch.map((backup) => backup.BackupDetails!.BackupArn!));
      clock.advance(1000);
    }
  });
  after(() => eddy.stop());

  it('ends a page without Limit at 1 MB of summaries, with LastEvaluatedBackupArn, and goes on from it', async () => {
    const pages: ListBackupsCommandOutput[] = [];
    let start: string | undefined;
    do {
      const page = await eddy.ddb.send(new ListBackupsCommand(start ? { ExclusiveStartBackupArn: start } : {}));
      pages.push(page);
      start = page.LastEvaluatedBackupArn;
    } while (start);
    assert.equal(pages.length, 2);
    const [first, second] = pages as [ListBackupsCommandOutput, ListBackupsCommandOutput];
    // The summaries' size as they travel (timestamps as epoch seconds): the first page holds what fits
    // in a megabyte, and the next summary would not have fitted.
    const bytes = (summary: BackupSummary) =>
      Buffer.byteLength(
        JSON.stringify({ ...summary, BackupCreationDateTime: summary.BackupCreationDateTime!.getTime() / 1000 }),
      );
    const firstBytes = first.BackupSummaries!.reduce((sum, summary) => sum + bytes(summary), 0);
    assert.ok(firstBytes <= 1024 * 1024, `first page ${firstBytes} bytes`);
    assert.ok(firstBytes + bytes(second.BackupSummaries![0]!) > 1024 * 1024, `first page ${firstBytes} bytes: it stopped early`);
    assert.equal(first.LastEvaluatedBackupArn, first.BackupSummaries!.at(-1)!.BackupArn);
    assert.equal(second.LastEvaluatedBackupArn, undefined);
    const listed = pages.flatMap((page) => page.BackupSummaries!.map((summary) => summary.BackupArn!));
    assert.equal(listed.length, 800);
    assert.deepEqual([...listed].sort(), [...made].sort());
  });

  it('keeps Limit below the megabyte', async () => {
    const page = await eddy.ddb.send(new ListBackupsCommand({ Limit: 100 }));
    assert.equal(page.BackupSummaries!.length, 100);
    assert.equal(page.LastEvaluatedBackupArn, page.BackupSummaries![99]!.BackupArn);
  });
});
