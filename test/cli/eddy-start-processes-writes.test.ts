import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ConditionalCheckFailedException, CreateTableCommand, DescribeTableCommand, DynamoDBClient, GetItemCommand, PutItemCommand, TransactWriteItemsCommand, TransactionCanceledException, UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { CreatePipeCommand, PipesClient } from '@aws-sdk/client-pipes';
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { testCredentials } from '../helpers/eddy.js';
import { untilPositioned } from '../helpers/consumer-position.js';
import { eventually } from '../helpers/eventually.js';
import { sharedPostgresCluster, testEngines } from '../helpers/postgres-cluster.js';
import { startEddyCli, type CliProcess } from '../helpers/cli.js';

const region = 'us-east-1';
const cluster = sharedPostgresCluster();

/**
 * `--processes 2`: the writes a request process relays to the main process (operation-relay.ts), on each
 * engine, through the SDKs: results, typed errors with their fields, large bodies, streams, SQS, and what a
 * client sees when the main process goes away under a relayed request.
 */
for (const engine of testEngines()) {
  describe(`eddy start --processes 2 relays writes to the main process (${engine})`, { skip: process.platform !== 'linux' && 'request processes are tested on Linux' }, () => {
    let dir: string;
    let eddy: CliProcess & { endpoint: string };
    let dynamo: DynamoDBClient;
    let sqs: SQSClient;
    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'eddy-relay-'));
      const storage = engine === 'postgres' ? ['--storage', await (await cluster()).createDatabase({ migrated: true })] : ['--durability', 'process'];
      eddy = await startEddyCli(['--port', '0', '--http-port', '0', ...storage, '--data', join(dir, 'data'), '--processes', '2']);
      dynamo = new DynamoDBClient({ endpoint: eddy.endpoint, region, credentials: testCredentials, maxAttempts: 1 });
      sqs = new SQSClient({ endpoint: eddy.endpoint, region, credentials: testCredentials, maxAttempts: 1 });
      await dynamo.send(new CreateTableCommand({
        TableName: 'Orders',
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        BillingMode: 'PAY_PER_REQUEST',
        StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' },
      }));
    });
    after(async () => {
      dynamo.destroy();
      sqs.destroy();
      if (eddy.child.exitCode === null && eddy.child.signalCode === null) {
        eddy.child.kill('SIGTERM');
        await eddy.exited;
      }
      rmSync(dir, { recursive: true, force: true });
    });

    it('runs PutItem and UpdateItem, and a failed condition arrives typed, with the item it failed on', async () => {
      await dynamo.send(new PutItemCommand({ TableName: 'Orders', Item: { pk: { S: 'a' }, n: { N: '1' }, name: { S: 'zoë ✓' } } }));
      const updated = await dynamo.send(new UpdateItemCommand({ TableName: 'Orders', Key: { pk: { S: 'a' } }, UpdateExpression: 'ADD n :one', ExpressionAttributeValues: { ':one': { N: '1' } }, ReturnValues: 'ALL_NEW' }));
      assert.deepEqual(updated.Attributes, { pk: { S: 'a' }, n: { N: '2' }, name: { S: 'zoë ✓' } });
      const failed = await dynamo
        .send(new PutItemCommand({ TableName: 'Orders', Item: { pk: { S: 'a' } }, ConditionExpression: 'attribute_not_exists(pk)', ReturnValuesOnConditionCheckFailure: 'ALL_OLD' }))
        .then(() => assert.fail('the condition held'), (error: unknown) => error);
      assert.ok(failed instanceof ConditionalCheckFailedException);
      assert.equal(failed.message, 'The conditional request failed');
      assert.equal(failed.$metadata.httpStatusCode, 400);
      assert.deepEqual(failed.Item, { pk: { S: 'a' }, n: { N: '2' }, name: { S: 'zoë ✓' } });
      await assert.rejects(dynamo.send(new UpdateItemCommand({ TableName: 'Orders', Key: { pk: { S: 'a' }, sk: { N: '1' } }, UpdateExpression: 'SET x = :x', ExpressionAttributeValues: { ':x': { S: 'x' } } })), {
        name: 'ValidationException',
        message: 'The provided key element does not match the schema',
      });
      await assert.rejects(dynamo.send(new PutItemCommand({ TableName: 'Nothing', Item: { pk: { S: 'a' } } })), { name: 'ResourceNotFoundException' });
      assert.deepEqual((await dynamo.send(new GetItemCommand({ TableName: 'Orders', Key: { pk: { S: 'a' } }, ConsistentRead: true }))).Item?.['n'], { N: '2' });
    });

    it('runs 300 writes sent at once, each answered with its own result (frames batched both ways)', async () => {
      const sizes = [1, 10, 1_000, 60_000];
      const writes = Array.from({ length: 300 }, (_, n) =>
        dynamo.send(new UpdateItemCommand({
          TableName: 'Orders',
          Key: { pk: { S: `many-${n}` } },
          UpdateExpression: 'SET body = :body, n = :n',
          ExpressionAttributeValues: { ':body': { S: `${n}:`.padEnd(sizes[n % sizes.length]!, 'x') }, ':n': { N: String(n) } },
          ReturnValues: 'ALL_NEW',
        })),
      );
      const answers = await Promise.all(writes);
      answers.forEach((answer, n) => {
        assert.equal(answer.Attributes?.['n']?.N, String(n));
        assert.equal(answer.Attributes?.['body']?.S, `${n}:`.padEnd(sizes[n % sizes.length]!, 'x'));
      });
      assert.equal((await dynamo.send(new GetItemCommand({ TableName: 'Orders', Key: { pk: { S: 'many-299' } } }))).Item?.['n']?.N, '299');
    });

    it('answers a body that is not JSON with the SerializationException the main process would', async () => {
      // Signatures are not verified here (no --auth-file), but must have their form.
      const stamp = new Date().toISOString().replace(/[-:]|\.\d+/g, '');
      const authorization = `AWS4-HMAC-SHA256 Credential=${testCredentials.accessKeyId}/${stamp.slice(0, 8)}/${region}/dynamodb/aws4_request, SignedHeaders=host;x-amz-date, Signature=${'0'.repeat(64)}`;
      const answer = await fetch(eddy.endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'DynamoDB_20120810.PutItem', 'x-amz-date': stamp, authorization },
        body: '{"TableName":',
      });
      assert.equal(answer.status, 400);
      assert.deepEqual(await answer.json(), { __type: 'com.amazon.coral.service#SerializationException' });
    });

    it('runs TransactWriteItems, its cancellation reasons intact', async () => {
      await dynamo.send(new TransactWriteItemsCommand({ TransactItems: [{ Put: { TableName: 'Orders', Item: { pk: { S: 't1' } } } }, { Put: { TableName: 'Orders', Item: { pk: { S: 't2' } } } }] }));
      const cancelled = await dynamo
        .send(new TransactWriteItemsCommand({ TransactItems: [
          { Put: { TableName: 'Orders', Item: { pk: { S: 't3' } } } },
          { ConditionCheck: { TableName: 'Orders', Key: { pk: { S: 't1' } }, ConditionExpression: 'attribute_not_exists(pk)', ReturnValuesOnConditionCheckFailure: 'ALL_OLD' } },
        ] }))
        .then(() => assert.fail('the transaction went through'), (error: unknown) => error);
      assert.ok(cancelled instanceof TransactionCanceledException);
      assert.deepEqual(cancelled.CancellationReasons, [{ Code: 'None' }, { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed', Item: { pk: { S: 't1' } } }]);
      assert.equal((await dynamo.send(new GetItemCommand({ TableName: 'Orders', Key: { pk: { S: 't3' } } }))).Item, undefined);
      assert.ok((await dynamo.send(new GetItemCommand({ TableName: 'Orders', Key: { pk: { S: 't2' } } }))).Item);
    });

    it('writes an item near 400 KB, and refuses one over it', async () => {
      const big = 'é'.repeat(195_000); // 390,000 bytes of UTF-8
      await dynamo.send(new PutItemCommand({ TableName: 'Orders', Item: { pk: { S: 'big' }, body: { S: big } } }));
      assert.equal((await dynamo.send(new GetItemCommand({ TableName: 'Orders', Key: { pk: { S: 'big' } } }))).Item?.['body']?.S, big);
      await assert.rejects(dynamo.send(new PutItemCommand({ TableName: 'Orders', Item: { pk: { S: 'bigger' }, body: { S: big + 'é'.repeat(10_000) } } })), {
        name: 'ValidationException',
        message: 'Item size has exceeded the maximum allowed size',
      });
    });

    it('sends and receives SQS messages, a missing queue typed', async () => {
      const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'relayed' }));
      await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'hello ✓' }));
      assert.deepEqual((await sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 5 }))).Messages?.map((m) => m.Body), ['hello ✓']);
      await assert.rejects(sqs.send(new SendMessageCommand({ QueueUrl: `${QueueUrl}-missing`, MessageBody: 'x' })), { name: 'QueueDoesNotExist' });
    });

    it('feeds a stream consumer (a pipe to a queue) from the writes it relays', async () => {
      const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'changes' }));
      const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }));
      const pipes = new PipesClient({ endpoint: eddy.endpoint, region, credentials: testCredentials, maxAttempts: 1 });
      try {
        const { Table } = await dynamo.send(new DescribeTableCommand({ TableName: 'Orders' }));
        const { Arn } = await pipes.send(new CreatePipeCommand({
          Name: 'orders-to-queue',
          Source: Table!.LatestStreamArn,
          Target: Attributes!['QueueArn'],
          RoleArn: 'arn:aws:iam::000000000000:role/pipes',
          SourceParameters: { DynamoDBStreamParameters: { StartingPosition: 'LATEST', BatchSize: 1 } },
        }));
        // LATEST: the records after the position the pipe's consumer takes in the background. A write before then
        // may be missed, and writing the same item again would not help (an identical put makes no stream record).
        await untilPositioned(eddy.endpoint, Arn!);
        await dynamo.send(new PutItemCommand({ TableName: 'Orders', Item: { pk: { S: 'piped' } } }));
        const bodies = await eventually('a stream record through the pipe', async () => {
          const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 1 }));
          return Messages?.length ? Messages.map((m) => m.Body ?? '') : undefined;
        }, { timeoutMs: 20_000 });
        assert.match(bodies![0]!, /"piped"/);
      } finally {
        pipes.destroy();
      }
    });

    it('goes on serving after a client leaves under a relayed long poll', async () => {
      const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'abandoned' }));
      const leaving = new AbortController();
      const poll = sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 20 }), { abortSignal: leaving.signal });
      leaving.abort();
      await assert.rejects(poll, { name: 'AbortError' });
      await dynamo.send(new PutItemCommand({ TableName: 'Orders', Item: { pk: { S: 'after-abort' } } }));
      assert.ok((await dynamo.send(new GetItemCommand({ TableName: 'Orders', Key: { pk: { S: 'after-abort' } } }))).Item);
    });

    it("answers a relayed request with the service's typed 5xx when the main process is killed under it", async () => {
      const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'orphaned' }));
      const poll = sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 20 })).then(() => assert.fail('answered'), (error: unknown) => error as { name: string; $metadata: { httpStatusCode?: number } });
      // The poll is waiting in the main process once a message sent after it is what it receives; here none is sent: give it a moment by a round trip.
      await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['All'] }));
      eddy.child.kill('SIGKILL');
      const failed = await poll;
      assert.equal(failed.name, 'InternalError');
      assert.equal(failed.$metadata.httpStatusCode, 500);
    });
  });
}
