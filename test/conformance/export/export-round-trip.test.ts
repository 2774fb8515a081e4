import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  PutItemCommand,
  ScanCommand,
  UpdateTimeToLiveCommand,
  type AttributeValue,
  type TableDescription,
} from '@aws-sdk/client-dynamodb';
import { DescribeStreamCommand, GetRecordsCommand, GetShardIteratorCommand } from '@aws-sdk/client-dynamodb-streams';
import { CreateQueueCommand, GetQueueAttributesCommand, GetQueueUrlCommand, ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { CreateEventBusCommand, ListRulesCommand, ListTargetsByRuleCommand, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { startTestEddy, type TestEddy } from '../../helpers/eddy.js';
import { runEddyCli } from '../../helpers/cli.js';

const arn = (service: string, resource: string) => `arn:aws:${service}:us-east-1:000000000000:${resource}`;

/** Every item of a table, sorted by its JSON (Scan order is the hash order, the same on both sides anyway). */
async function scanAll(eddy: TestEddy, TableName: string): Promise<Record<string, AttributeValue>[]> {
  const items: Record<string, AttributeValue>[] = [];
  let ExclusiveStartKey: Record<string, AttributeValue> | undefined;
  do {
    const page = await eddy.ddb.send(new ScanCommand({ TableName, ExclusiveStartKey }));
    items.push(...(page.Items ?? []));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}

/** Every record of a table's current stream, from the trim horizon of each shard. */
async function streamRecords(eddy: TestEddy, TableName: string): Promise<unknown[]> {
  const { Table } = await eddy.ddb.send(new DescribeTableCommand({ TableName }));
  const { StreamDescription } = await eddy.streams.send(new DescribeStreamCommand({ StreamArn: Table!.LatestStreamArn! }));
  const records: unknown[] = [];
  for (const shard of StreamDescription!.Shards ?? []) {
    const { ShardIterator } = await eddy.streams.send(
      new GetShardIteratorCommand({ StreamArn: Table!.LatestStreamArn!, ShardId: shard.ShardId!, ShardIteratorType: 'TRIM_HORIZON' }),
    );
    const page = await eddy.streams.send(new GetRecordsCommand({ ShardIterator: ShardIterator! }));
    records.push(...(page.Records ?? []));
  }
  return records;
}

/** What DescribeTable says that an import must give back (not the ids, times or stream ARN). */
const shape = (table: TableDescription) => ({
  KeySchema: table.KeySchema,
  AttributeDefinitions: table.AttributeDefinitions,
  BillingMode: table.BillingModeSummary?.BillingMode,
  GlobalSecondaryIndexes: table.GlobalSecondaryIndexes?.map((i) => ({ IndexName: i.IndexName, KeySchema: i.KeySchema, Projection: i.Projection })),
  StreamSpecification: table.StreamSpecification,
  ItemCount: table.ItemCount,
});

describe('eddy export, then eddy start --import', () => {
  const dir = mkdtempSync(join(tmpdir(), 'eddy-export-'));
  const file = join(dir, 'state.jsonl');
  let source: TestEddy;
  let copy: TestEddy;
  let exported: { code: number | null; stderr: string };

  before(async () => {
    source = await startTestEddy();
    await source.ddb.send(
      new CreateTableCommand({
        TableName: 'orders',
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'sk', AttributeType: 'N' },
          { AttributeName: 'customer', AttributeType: 'S' },
        ],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
        BillingMode: 'PAY_PER_REQUEST',
        GlobalSecondaryIndexes: [{ IndexName: 'byCustomer', KeySchema: [{ AttributeName: 'customer', KeyType: 'HASH' }], Projection: { ProjectionType: 'KEYS_ONLY' } }],
        StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
      }),
    );
    await source.ddb.send(new UpdateTimeToLiveCommand({ TableName: 'orders', TimeToLiveSpecification: { AttributeName: 'expires', Enabled: true } }));
    const items: Record<string, AttributeValue>[] = [
      { pk: { S: 'o#1' }, sk: { N: '1' }, customer: { S: 'ann' }, blob: { B: new Uint8Array([0, 1, 2, 255]) }, tags: { SS: ['a', 'b'] } },
      { pk: { S: 'o#1' }, sk: { N: '2.5' }, nums: { NS: ['1', '-3.25'] }, bins: { BS: [new Uint8Array([7]), new Uint8Array([8, 9])] } },
      { pk: { S: 'o#2' }, sk: { N: '1' }, customer: { S: 'bob' }, nested: { M: { list: { L: [{ S: 'x' }, { N: '2' }, { NULL: true }, { BOOL: false }] }, deep: { M: { a: { S: 'ünï' } } } } } },
      { pk: { S: 'o#3' }, sk: { N: '-7' }, expires: { N: '4102444800' } },
    ];
    for (const Item of items) await source.ddb.send(new PutItemCommand({ TableName: 'orders', Item }));

    const { QueueUrl: dlqUrl } = await source.sqs.send(new CreateQueueCommand({ QueueName: 'jobs-dlq' }));
    const { QueueUrl: jobsUrl } = await source.sqs.send(
      new CreateQueueCommand({
        QueueName: 'jobs',
        Attributes: { VisibilityTimeout: '45', RedrivePolicy: JSON.stringify({ deadLetterTargetArn: arn('sqs', 'jobs-dlq'), maxReceiveCount: 3 }) },
        tags: { team: 'core' },
      }),
    );
    await source.sqs.send(new SendMessageCommand({ QueueUrl: jobsUrl, MessageBody: 'first', MessageAttributes: { kind: { DataType: 'String', StringValue: 'a' }, raw: { DataType: 'Binary', BinaryValue: new Uint8Array([1, 2]) } } }));
    await source.sqs.send(new SendMessageCommand({ QueueUrl: jobsUrl, MessageBody: 'later', DelaySeconds: 600 }));
    await source.sqs.send(new SendMessageCommand({ QueueUrl: dlqUrl, MessageBody: 'dead' }));
    // In flight at the export: the import has it visible again.
    const inFlight = await source.sqs.send(new ReceiveMessageCommand({ QueueUrl: dlqUrl, VisibilityTimeout: 600 }));
    assert.equal(inFlight.Messages?.length, 1);

    await source.events.send(new CreateEventBusCommand({ Name: 'app', Tags: [{ Key: 'env', Value: 'dev' }] }));
    await source.events.send(new PutRuleCommand({ Name: 'orders', EventBusName: 'app', EventPattern: JSON.stringify({ source: ['shop'] }), Description: 'orders to jobs' }));
    await source.events.send(new PutTargetsCommand({ Rule: 'orders', EventBusName: 'app', Targets: [{ Id: 'jobs', Arn: arn('sqs', 'jobs'), InputPath: '$.detail' }] }));
    await source.events.send(new PutRuleCommand({ Name: 'nightly', ScheduleExpression: 'cron(0 3 * * ? *)', State: 'DISABLED' }));

    const cli = runEddyCli(['export', file, '--endpoint', source.endpoint]);
    exported = { code: (await cli.exited).code, stderr: cli.stderr() };
    copy = await startTestEddy({ import: file });
  });
  after(async () => {
    await source?.stop();
    await copy?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes one JSON line per definition, item and message after a versioned header, and a summary', () => {
    assert.equal(exported.code, 0, exported.stderr);
    assert.match(exported.stderr, /exported 1 table, 4 items, 2 queues, 3 messages, 2 buses, 2 rules to /);
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n').map((line) => JSON.parse(line));
    assert.deepEqual({ ...lines[0], exportedAt: undefined }, { eddy: 'export', version: 1, exportedAt: undefined, region: 'us-east-1', account: '000000000000' });
    assert.deepEqual(lines.slice(1).map((line) => line.type), ['table', 'item', 'item', 'item', 'item', 'queue', 'message', 'queue', 'message', 'message', 'bus', 'rule', 'bus', 'rule']);
    // The dead-letter queue before the queue naming it; binary as base64 in DynamoDB JSON.
    assert.deepEqual(lines.filter((line) => line.type === 'queue').map((line) => line.name), ['jobs-dlq', 'jobs']);
    assert.deepEqual(lines.find((line) => line.type === 'item' && line.item.blob)!.item.blob, { B: 'AAEC/w==' });
  });

  it('re-creates the table with its index, stream and TTL, and the same items', async () => {
    const [was, now] = await Promise.all([source, copy].map((eddy) => eddy.ddb.send(new DescribeTableCommand({ TableName: 'orders' }))));
    assert.deepEqual(shape(now!.Table!), shape(was!.Table!));
    const ttl = await copy.ddb.send(new DescribeTimeToLiveCommand({ TableName: 'orders' }));
    assert.deepEqual(ttl.TimeToLiveDescription, { TimeToLiveStatus: 'ENABLED', AttributeName: 'expires' });
    assert.deepEqual(await scanAll(copy, 'orders'), await scanAll(source, 'orders'));
    const byCustomer = await copy.ddb.send(new ScanCommand({ TableName: 'orders', IndexName: 'byCustomer' }));
    assert.deepEqual(byCustomer.Items?.map((item) => item['customer']!.S).sort(), ['ann', 'bob']);
  });

  it('loads the items without stream records; writes after the import have theirs', async () => {
    assert.deepEqual(await streamRecords(copy, 'orders'), []);
    await copy.ddb.send(new PutItemCommand({ TableName: 'orders', Item: { pk: { S: 'o#9' }, sk: { N: '1' } } }));
    assert.equal((await streamRecords(copy, 'orders')).length, 1);
  });

  it('re-creates the queues with their attributes and tags, and their messages (delays go on, in-flight ones are visible)', async () => {
    const { QueueUrl: jobs } = await copy.sqs.send(new GetQueueUrlCommand({ QueueName: 'jobs' }));
    const { Attributes } = await copy.sqs.send(new GetQueueAttributesCommand({ QueueUrl: jobs, AttributeNames: ['All'] }));
    assert.equal(Attributes!['VisibilityTimeout'], '45');
    assert.deepEqual(JSON.parse(Attributes!['RedrivePolicy']!), { deadLetterTargetArn: arn('sqs', 'jobs-dlq'), maxReceiveCount: 3 });
    assert.equal(Attributes!['ApproximateNumberOfMessagesDelayed'], '1');
    const received = await copy.sqs.send(new ReceiveMessageCommand({ QueueUrl: jobs, MaxNumberOfMessages: 10, MessageAttributeNames: ['All'] }));
    assert.deepEqual(received.Messages?.map((m) => m.Body), ['first']);
    const attributes = received.Messages![0]!.MessageAttributes!;
    assert.equal(attributes['kind']!.StringValue, 'a');
    assert.deepEqual([...attributes['raw']!.BinaryValue!], [1, 2]);
    const { QueueUrl: dlq } = await copy.sqs.send(new GetQueueUrlCommand({ QueueName: 'jobs-dlq' }));
    const dead = await copy.sqs.send(new ReceiveMessageCommand({ QueueUrl: dlq }));
    assert.deepEqual(dead.Messages?.map((m) => m.Body), ['dead']);
  });

  it('re-creates the buses, rules and targets', async () => {
    for (const EventBusName of ['app', 'default']) {
      const [was, now] = await Promise.all([source, copy].map((eddy) => eddy.events.send(new ListRulesCommand({ EventBusName }))));
      assert.deepEqual(now!.Rules, was!.Rules);
      assert.ok(now!.Rules!.length > 0);
    }
    const targets = await copy.events.send(new ListTargetsByRuleCommand({ Rule: 'orders', EventBusName: 'app' }));
    assert.deepEqual(targets.Targets, [{ Id: 'jobs', Arn: arn('sqs', 'jobs'), InputPath: '$.detail' }]);
  });
});
