import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreatePipeCommand } from '@aws-sdk/client-pipes';
import { DynamoDBStreamsClient, DescribeStreamCommand } from '@aws-sdk/client-dynamodb-streams';
import { BatchWriteItemCommand, ScanCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { DeleteMessageBatchCommand, GetQueueAttributesCommand, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { startEddyCli } from '../../helpers/cli.js';
import { dynamoClient, sqsClient, testCredentials, type TestEddy } from '../../helpers/eddy.js';
import { ROLE, pipesClient, queue, streamTable } from './pipes-fixtures.js';

const BATCH = 10;
const BEFORE = 1000;
const AFTER = 50;

/** Writes items `k-from` … `k-(to-1)`, 25 a request. */
async function write(endpoint: string, from: number, to: number): Promise<void> {
  const ddb = dynamoClient(endpoint);
  for (let i = from; i < to; i += 25) {
    const items = Array.from({ length: Math.min(25, to - i) }, (_, j) => ({ PutRequest: { Item: { id: { S: `k-${i + j}` } } } }));
    await ddb.send(new BatchWriteItemCommand({ RequestItems: { Killed: items } }));
  }
  ddb.destroy();
}

const visible = async (sqs: SQSClient, QueueUrl: string) =>
  Number((await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['ApproximateNumberOfMessages'] }))).Attributes!['ApproximateNumberOfMessages']);

describe('Pipes across kill -9', () => {
  it('a stream → queue pipe delivers every record after Eddy is killed mid-run and started again; only the batch in flight is sent twice', async (t) => {
    const data = mkdtempSync(join(tmpdir(), 'eddy-pipes-kill-'));
    const start = () => startEddyCli(['--port', '0', '--data', data]);
    let second;
    try {
      const first = await start();
      const clients = { ddb: dynamoClient(first.endpoint), sqs: sqsClient(first.endpoint) } as unknown as TestEddy;
      const stream = await streamTable(clients, 'Killed');
      const out = await queue(clients, 'killed-out');
      const pipes = pipesClient(first.endpoint);
      await pipes.send(
        new CreatePipeCommand({
          Name: 'killed',
          Source: stream,
          SourceParameters: { DynamoDBStreamParameters: { StartingPosition: 'TRIM_HORIZON', BatchSize: BATCH } },
          Target: out.arn,
          TargetParameters: { InputTemplate: '{"id": <$.dynamodb.Keys.id.S>, "seq": <$.dynamodb.SequenceNumber>}' },
          RoleArn: ROLE,
        }),
      );
      const streams = new DynamoDBStreamsClient({ endpoint: first.endpoint, region: 'us-east-1', credentials: testCredentials });
      const shards = (await streams.send(new DescribeStreamCommand({ StreamArn: stream }))).StreamDescription!.Shards!.length;
      streams.destroy();
      // Kill while the pipe is delivering: writes still going, a hundred records already on the queue.
      const writing = Promise.all([0, 1, 2, 3].map((w) => write(first.endpoint, (w * BEFORE) / 4, ((w + 1) * BEFORE) / 4)));
      const deadline = Date.now() + 20_000;
      while ((await visible(clients.sqs, out.url)) < 100 && Date.now() < deadline) await new Promise((resolve) => setImmediate(resolve));
      first.child.kill('SIGKILL');
      await writing.catch(() => undefined); // the requests after the kill fail: those items may not exist
      await first.exited;
      pipes.destroy();
      clients.ddb.destroy();
      clients.sqs.destroy();

      second = await start();
      // Which items the first run stored: every one of them must reach the queue.
      const ddb = dynamoClient(second.endpoint);
      const stored = new Set<string>();
      let from: Record<string, AttributeValue> | undefined;
      do {
        const page = await ddb.send(new ScanCommand({ TableName: 'Killed', ...(from && { ExclusiveStartKey: from }) }));
        for (const item of page.Items ?? []) stored.add(item['id']!.S!);
        from = page.LastEvaluatedKey;
      } while (from);
      ddb.destroy();
      assert.ok(stored.size > 0, 'the first run stored items');
      const storedBefore = stored.size;
      await write(second.endpoint, BEFORE, BEFORE + AFTER);
      for (let i = BEFORE; i < BEFORE + AFTER; i++) stored.add(`k-${i}`);

      const sqs = sqsClient(second.endpoint);
      const deliveries = new Map<string, number>();
      const receive = async (): Promise<number> => {
        const got = await sqs.send(new ReceiveMessageCommand({ QueueUrl: out.url, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
        const messages = got.Messages ?? [];
        for (const m of messages) {
          const { id } = JSON.parse(m.Body!) as { id: string };
          deliveries.set(id, (deliveries.get(id) ?? 0) + 1);
        }
        if (messages.length > 0) await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: out.url, Entries: messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle })) }));
        return messages.length;
      };
      const until = Date.now() + 30_000;
      while ([...stored].some((id) => !deliveries.has(id)) && Date.now() < until) await receive();
      // Then whatever else is on the queue (a duplicate sent after the last missing record arrived).
      while ((await receive()) > 0);
      sqs.destroy();
      t.diagnostic(`${storedBefore} items stored before the kill, ${shards} shard(s); ${[...deliveries.values()].filter((n) => n > 1).length} sent twice`);

      assert.deepEqual([...stored].filter((id) => !deliveries.has(id)), [], 'no record is lost');
      assert.deepEqual([...deliveries.keys()].filter((id) => !stored.has(id)), [], 'nothing but the records is delivered');
      // At least once: a batch sent before the kill and not yet checkpointed is sent again, once.
      const twice = [...deliveries].filter(([, n]) => n > 1);
      assert.ok(twice.every(([, n]) => n === 2), `sent more than twice: ${JSON.stringify(twice)}`);
      assert.ok(twice.length <= BATCH * shards, `${twice.length} records sent twice; at most one batch of ${BATCH} per shard (${shards}) was in flight`);
    } finally {
      if (second) {
        second.child.kill('SIGTERM');
        await second.exited;
      }
      rmSync(data, { recursive: true, force: true });
    }
  });
});
