import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { CreateTableCommand, DescribeTableCommand, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { GetRecordsCommand, GetShardIteratorCommand, DescribeStreamCommand } from '@aws-sdk/client-dynamodb-streams';
import { sharedPostgresCluster, testEngines } from '../../helpers/postgres-cluster.js';
import { startTestEddy, type TestEddy } from '../../helpers/eddy.js';
import { runEddyCli, startEddyCli } from '../../helpers/cli.js';

// Eddy on PostgreSQL through the real interface: `storage` / `--storage`, the SDK over HTTP, a restart.
const skip = testEngines().includes('postgres') ? false : 'PostgreSQL is not among EDDY_TEST_ENGINES';

describe('storage: PostgreSQL', { skip }, () => {
  const cluster = sharedPostgresCluster();
  const running: TestEddy[] = [];
  after(async () => {
    for (const eddy of running.splice(0)) await eddy.stop();
  });

  it('serves tables, items, queries and streams from the database, and keeps them across a restart', async () => {
    const url = await (await cluster()).createDatabase();
    const first = await startTestEddy({ storage: url });
    running.push(first);
    await first.ddb.send(
      new CreateTableCommand({
        TableName: 'users',
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'sk', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
        BillingMode: 'PAY_PER_REQUEST',
        StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
      }),
    );
    for (const sk of ['b', 'a', 'c']) await first.doc.send(new PutCommand({ TableName: 'users', Item: { pk: 'u1', sk, n: sk.charCodeAt(0) } }));
    const queried = await first.doc.send(new QueryCommand({ TableName: 'users', KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': 'u1' } }));
    assert.deepEqual(queried.Items?.map((item) => item.sk), ['a', 'b', 'c']);
    const arn = (await first.ddb.send(new DescribeTableCommand({ TableName: 'users' }))).Table?.LatestStreamArn;
    await first.stop();
    running.splice(0);

    const second = await startTestEddy({ storage: url });
    running.push(second);
    assert.deepEqual((await second.ddb.send(new ListTablesCommand({}))).TableNames, ['users']);
    assert.deepEqual((await second.doc.send(new GetCommand({ TableName: 'users', Key: { pk: 'u1', sk: 'b' } }))).Item, { pk: 'u1', sk: 'b', n: 98 });
    const stream = await second.streams.send(new DescribeStreamCommand({ StreamArn: arn }));
    const shardId = stream.StreamDescription?.Shards?.[0]?.ShardId;
    const { ShardIterator } = await second.streams.send(new GetShardIteratorCommand({ StreamArn: arn, ShardId: shardId, ShardIteratorType: 'TRIM_HORIZON' }));
    const records = await second.streams.send(new GetRecordsCommand({ ShardIterator }));
    assert.deepEqual(records.Records?.map((r) => [r.eventName, r.dynamodb?.Keys?.sk?.S]), [['INSERT', 'b'], ['INSERT', 'a'], ['INSERT', 'c']]);
  });

  it('eddy start --storage says where state lives, without the password', async () => {
    const url = await (await cluster()).createDatabase();
    const withPassword = url.replace('postgres://postgres@', 'postgres://postgres:hunter2@'); // trust auth ignores it
    const refused = runEddyCli(['start', '--port', '0', '--memory', '--storage', withPassword]);
    assert.equal((await refused.exited).code, 2);
    assert.match(refused.stderr(), /--storage and --memory cannot be used together/);
    const eddy = await startEddyCli(['--port', '0', '--http-port', '0', '--storage', withPassword, '--data', await tempDir()]);
    try {
      await eddy.waitFor(/try: /);
      assert.match(eddy.stdout(), /storage: postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:\d+\/eddy\w* \(files in /);
      assert.doesNotMatch(eddy.stdout(), /hunter2/);
    } finally {
      eddy.child.kill('SIGTERM');
      await eddy.exited;
    }
  });
});

/** The --data directories the CLI starts are given (their files beside the database), removed when the file's tests end. */
const tempDirs: string[] = [];
after(() => {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function tempDir(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'eddy-pg-files-'));
  tempDirs.push(dir);
  return dir;
}
