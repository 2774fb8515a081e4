import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTableCommand, DescribeTableCommand, PutItemCommand, QueryCommand, type TableDescription } from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand, GetQueueAttributesCommand, GetQueueUrlCommand, ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { startTestEddy } from '../../helpers/eddy.js';

/** What DescribeTable says of a provisioned table with a local index that an import must give back. */
const shape = (table: TableDescription) => ({
  KeySchema: table.KeySchema,
  BillingMode: table.BillingModeSummary?.BillingMode ?? 'PROVISIONED',
  ProvisionedThroughput: [table.ProvisionedThroughput?.ReadCapacityUnits, table.ProvisionedThroughput?.WriteCapacityUnits],
  LocalSecondaryIndexes: table.LocalSecondaryIndexes?.map((i) => ({ IndexName: i.IndexName, KeySchema: i.KeySchema, Projection: i.Projection })),
  GlobalSecondaryIndexes: table.GlobalSecondaryIndexes?.map((i) => [i.IndexName, i.ProvisionedThroughput?.ReadCapacityUnits, i.ProvisionedThroughput?.WriteCapacityUnits]),
  DeletionProtectionEnabled: table.DeletionProtectionEnabled,
  TableClass: table.TableClassSummary?.TableClass,
});

describe('startEddy({ exportOnExit }) then startEddy({ import }): provisioned tables, local indexes, FIFO queues', () => {
  const dir = mkdtempSync(join(tmpdir(), 'eddy-export-shapes-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('round-trips a provisioned table with an LSI and a GSI, and a FIFO queue with its groups in order', async () => {
    const file = join(dir, 'on-stop.jsonl');
    const source = await startTestEddy({ exportOnExit: file });
    let was: TableDescription;
    try {
      await source.ddb.send(
        new CreateTableCommand({
          TableName: 'events',
          AttributeDefinitions: [
            { AttributeName: 'pk', AttributeType: 'S' },
            { AttributeName: 'sk', AttributeType: 'S' },
            { AttributeName: 'at', AttributeType: 'N' },
            { AttributeName: 'kind', AttributeType: 'B' },
          ],
          KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
          ProvisionedThroughput: { ReadCapacityUnits: 7, WriteCapacityUnits: 3 },
          LocalSecondaryIndexes: [{ IndexName: 'byTime', KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'at', KeyType: 'RANGE' }], Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['note'] } }],
          GlobalSecondaryIndexes: [{ IndexName: 'byKind', KeySchema: [{ AttributeName: 'kind', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' }, ProvisionedThroughput: { ReadCapacityUnits: 2, WriteCapacityUnits: 1 } }],
          DeletionProtectionEnabled: true,
          TableClass: 'STANDARD_INFREQUENT_ACCESS',
        }),
      );
      for (const [sk, at] of [['a', '30'], ['b', '10'], ['c', '20']] as const) {
        await source.ddb.send(new PutItemCommand({ TableName: 'events', Item: { pk: { S: 'p' }, sk: { S: sk }, at: { N: at }, note: { S: `note ${sk}` }, kind: { B: new Uint8Array([1]) } } }));
      }
      was = (await source.ddb.send(new DescribeTableCommand({ TableName: 'events' }))).Table!;
      const { QueueUrl } = await source.sqs.send(new CreateQueueCommand({ QueueName: 'orders.fifo', Attributes: { FifoQueue: 'true', ContentBasedDeduplication: 'true', DeduplicationScope: 'messageGroup', FifoThroughputLimit: 'perMessageGroupId' } }));
      for (const [group, body] of [['g1', 'one'], ['g2', 'two'], ['g1', 'three']]) {
        await source.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: body, MessageGroupId: group }));
      }
    } finally {
      await source.stop();
    }

    const copy = await startTestEddy({ import: file });
    try {
      const now = (await copy.ddb.send(new DescribeTableCommand({ TableName: 'events' }))).Table!;
      assert.deepEqual(shape(now), shape(was));
      assert.equal(now.ItemCount, 3);
      const byTime = await copy.ddb.send(new QueryCommand({ TableName: 'events', IndexName: 'byTime', KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': { S: 'p' } } }));
      assert.deepEqual(byTime.Items?.map((item) => [item['sk']!.S, item['note']!.S]), [['b', 'note b'], ['c', 'note c'], ['a', 'note a']]);
      const byKind = await copy.ddb.send(new QueryCommand({ TableName: 'events', IndexName: 'byKind', KeyConditionExpression: 'kind = :k', ExpressionAttributeValues: { ':k': { B: new Uint8Array([1]) } } }));
      assert.equal(byKind.Count, 3);

      const { QueueUrl } = await copy.sqs.send(new GetQueueUrlCommand({ QueueName: 'orders.fifo' }));
      const { Attributes } = await copy.sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['All'] }));
      assert.deepEqual([Attributes!['FifoQueue'], Attributes!['ContentBasedDeduplication'], Attributes!['DeduplicationScope'], Attributes!['FifoThroughputLimit']], ['true', 'true', 'messageGroup', 'perMessageGroupId']);
      const received = await copy.sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, MessageSystemAttributeNames: ['MessageGroupId', 'MessageDeduplicationId'] }));
      const bodies = received.Messages!.map((m) => [m.Attributes!['MessageGroupId'], m.Body]);
      // Both groups, each in the order sent (a receive takes a group's messages in sequence).
      assert.deepEqual(bodies, [['g1', 'one'], ['g2', 'two'], ['g1', 'three']]);
      assert.ok(received.Messages!.every((m) => /^[0-9a-f]{64}$/.test(m.Attributes!['MessageDeduplicationId']!)), 'the content-based deduplication ids come along');
    } finally {
      await copy.stop();
    }
  });
});
