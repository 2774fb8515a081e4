import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { CreatePipeCommand, type PipesClient } from '@aws-sdk/client-pipes';
import { DescribeTableCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { DeleteMessageCommand, GetQueueUrlCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { startTestEddy, type TestEddy } from '../../helpers/eddy.js';
import { ROLE, pipesClient, queue } from './pipes-fixtures.js';

const config = fileURLToPath(new URL('./fixtures/eddy.config.ts', import.meta.url));
const fn = (name: string) => `arn:aws:lambda:us-east-1:000000000000:function:${name}`;

describe('Pipes runtime: function targets and enrichment', () => {
  let eddy: TestEddy;
  let pipes: PipesClient;
  let stream: string;
  let seen: string;
  before(async () => {
    eddy = await startTestEddy({ config });
    pipes = pipesClient(eddy.endpoint);
    stream = (await eddy.ddb.send(new DescribeTableCommand({ TableName: 'PipeSource' }))).Table!.LatestStreamArn!;
    seen = (await eddy.sqs.send(new GetQueueUrlCommand({ QueueName: 'pipe-seen' }))).QueueUrl!;
  });
  after(async () => {
    pipes.destroy();
    await eddy.stop();
  });

  const receive = async (url: string, seconds = 10) => {
    const out = await eddy.sqs.send(new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: seconds, MaxNumberOfMessages: 1 }));
    const message = out.Messages?.[0];
    if (message) await eddy.sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: message.ReceiptHandle! }));
    return message && JSON.parse(message.Body!);
  };
  const put = (pk: string) => eddy.ddb.send(new PutItemCommand({ TableName: 'PipeSource', Item: { pk: { S: pk } } }));

  it('invokes a function with the batch as a JSON array, and retries from the record a batchItemFailures names by eventID', async () => {
    await pipes.send(
      new CreatePipeCommand({
        Name: 'to-function',
        Source: stream,
        SourceParameters: { DynamoDBStreamParameters: { StartingPosition: 'TRIM_HORIZON', BatchSize: 10, MaximumBatchingWindowInSeconds: 1 } },
        Target: fn('target'),
        RoleArn: ROLE,
      }),
    );
    await put('a-1');
    await put('flaky-2');
    await put('a-3');
    const pks = (body: { event: { dynamodb: { Keys: { pk: { S: string } } } }[] }) => body.event.map((r) => r.dynamodb.Keys.pk.S);
    const delivered: string[] = [];
    let first;
    while (delivered.length < 5) {
      const body = await receive(seen);
      assert.ok(body, `delivered so far: ${delivered.join(',')}`);
      assert.equal(body.isArray, true);
      first ??= body;
      delivered.push(...pks(body));
    }
    assert.equal(first.event[0].eventSourceARN, stream);
    assert.equal(first.event[0].eventName, 'INSERT');
    // The flaky record fails once: the retry starts at it; the record before it is not delivered again.
    assert.deepEqual(delivered.slice(-2), ['flaky-2', 'a-3'].slice(-2));
    assert.equal(delivered.filter((pk) => pk === 'a-1').length, 1);
    assert.equal(delivered.filter((pk) => pk === 'flaky-2').length, 2);
    assert.equal(await receive(seen, 0), undefined);
  });

  it('enriches each batch with a function before the target; an empty enrichment answer ends the batch', async () => {
    const out = await queue(eddy, 'enriched-out');
    await pipes.send(
      new CreatePipeCommand({
        Name: 'enriched',
        Source: stream,
        SourceParameters: {
          // From the stream's start: LATEST is the shard's end when the pipe first reads it, which a loaded machine
          // may reach after the puts below. The earlier test's records are all outside the filter.
          DynamoDBStreamParameters: { StartingPosition: 'TRIM_HORIZON', BatchSize: 1 },
          FilterCriteria: { Filters: [{ Pattern: JSON.stringify({ dynamodb: { Keys: { pk: { S: [{ prefix: 'e-' }, { prefix: 'skip' }] } } } }) }] },
        },
        Enrichment: fn('enrich'),
        EnrichmentParameters: { InputTemplate: '{"pk": <$.dynamodb.Keys.pk.S>}' },
        Target: out.arn,
        TargetParameters: { InputTemplate: '{"who": <$.customer>, "pk": <$.pk>, "via": <aws.pipes.enrichment-arn>}' },
        RoleArn: ROLE,
      }),
    );
    await put('skip-1');
    await put('e-2');
    assert.deepEqual(await receive(out.url), { who: 'c-e-2', pk: 'e-2', via: fn('enrich') });
    assert.equal(await receive(out.url, 0), undefined, 'skip-1 was ended by the enrichment');
  });
});
