import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { ConditionalCheckFailedException, DescribeTableCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { CreateEventSourceMappingCommand, InvokeCommand, LambdaClient, ListEventSourceMappingsCommand } from '@aws-sdk/client-lambda';
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { PutEventsCommand, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import type { MappingStatus } from '../../../src/triggers/mapping-status.js';
import { startTestEddy, testCredentials, type TestEddy } from '../../helpers/eddy.js';
import { eventually } from '../../helpers/eventually.js';
import { parseExposition, type Exposition } from './prometheus-text.js';

const config = fileURLToPath(new URL('./fixtures/eddy.config.ts', import.meta.url));

describe('GET /_eddy/metrics', () => {
  let eddy: TestEddy;
  let lambda: LambdaClient;

  before(async () => {
    eddy = await startTestEddy({ config, triggers: { retryBaseMs: 5, retryMaxMs: 20 } });
    lambda = new LambdaClient({ endpoint: eddy.endpoint, region: 'us-east-1', credentials: testCredentials, maxAttempts: 1 });
  });
  after(async () => {
    lambda.destroy();
    await eddy.stop();
  });

  async function scrape(): Promise<Exposition> {
    const response = await fetch(`${eddy.endpoint}/_eddy/metrics`);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'text/plain; version=0.0.4; charset=utf-8');
    return parseExposition(await response.text());
  }

  async function mappingStatus(uuid: string): Promise<MappingStatus | undefined> {
    const { mappings } = (await (await fetch(`${eddy.endpoint}/_eddy/mappings`)).json()) as { mappings: MappingStatus[] };
    return mappings.find((m) => m.uuid === uuid);
  }

  it('announces every family with HELP and TYPE, counters ending in _total', async () => {
    const metrics = await scrape();
    for (const [name, type] of metrics.types) {
      assert.ok(metrics.help.has(name), `HELP of ${name}`);
      assert.ok(name.startsWith('eddy_'), name);
      if (type === 'counter') assert.ok(name.endsWith('_total'), name);
    }
    for (const name of ['eddy_requests_total', 'eddy_request_duration_seconds', 'eddy_stream_records_appended_total', 'eddy_mapping_iterator_age_seconds', 'eddy_mapping_batches_total',
      'eddy_function_invocations_total', 'eddy_function_duration_seconds', 'eddy_queue_messages', 'eddy_queue_dead_letter_messages', 'eddy_queue_receivers_waiting', 'eddy_bus_events_put_total', 'eddy_bus_deliveries_total']) {
      assert.ok(metrics.types.has(name), name);
    }
    assert.equal(metrics.types.get('eddy_request_duration_seconds'), 'histogram');
  });

  it('counts DynamoDB requests by operation and status, a failed condition under 400, with a latency histogram; stream records by table', async () => {
    for (const pk of ['a', 'b', 'c']) await eddy.ddb.send(new PutItemCommand({ TableName: 'Orders', Item: { pk: { S: pk } } }));
    await assert.rejects(
      eddy.ddb.send(new PutItemCommand({ TableName: 'Orders', Item: { pk: { S: 'a' } }, ConditionExpression: 'attribute_not_exists(pk)' })),
      ConditionalCheckFailedException,
    );
    const metrics = await scrape();
    const putItem = { service: 'dynamodb', operation: 'PutItem' };
    assert.equal(metrics.value('eddy_requests_total', { ...putItem, status: '200' }), 3);
    assert.equal(metrics.value('eddy_requests_total', { ...putItem, status: '400' }), 1);
    assert.equal(metrics.value('eddy_request_duration_seconds_count', putItem), 4);
    const buckets = metrics.all('eddy_request_duration_seconds_bucket', putItem);
    assert.ok(buckets.length >= 2);
    assert.equal(buckets.at(-1)!.labels['le'], '+Inf');
    assert.equal(buckets.at(-1)!.value, 4);
    for (let i = 1; i < buckets.length; i++) assert.ok(buckets[i]!.value >= buckets[i - 1]!.value, 'buckets are cumulative');
    assert.ok(metrics.value('eddy_request_duration_seconds_sum', putItem)! > 0);
    // The failed condition appended nothing.
    assert.equal(metrics.value('eddy_stream_records_appended_total', { table: 'Orders' }), 3);
    // Admin requests (this scrape, /_eddy/mappings) are not counted.
    assert.ok(!metrics.samples.some((s) => s.name === 'eddy_requests_total' && /_eddy/.test(s.labels['operation']!)));
  });

  it('counts a mapping\'s batches (and its function\'s invocations) once its records are handled, iterator age 0', async () => {
    const { EventSourceMappings = [] } = await lambda.send(new ListEventSourceMappingsCommand({ FunctionName: 'quiet' }));
    const uuid = EventSourceMappings[0]!.UUID!;
    await eventually('Orders\' three records handled', () => mappingStatus(uuid), {
      accept: (status) => status !== undefined && status.shards.length > 0 && status.shards.every((s) => s.iteratorAgeMs === 0 && s.inFlight === 0 && s.checkpoint !== undefined),
    });
    const metrics = await eventually('the batches counted', scrape, { accept: (m) => (m.value('eddy_mapping_batches_total', { mapping: uuid }) ?? 0) > 0 });
    const batches = metrics.value('eddy_mapping_batches_total', { mapping: uuid })!;
    assert.ok(batches >= 1 && batches <= 3, `${batches} batches for 3 records`);
    assert.equal(metrics.value('eddy_function_invocations_total', { function: 'quiet' }), batches);
    assert.equal(metrics.value('eddy_function_errors_total', { function: 'quiet' }), 0);
    assert.equal(metrics.value('eddy_function_duration_seconds_count', { function: 'quiet' }), batches);
    assert.equal(metrics.value('eddy_mapping_errors_total', { mapping: uuid }), 0);
    assert.equal(metrics.value('eddy_mapping_retries_total', { mapping: uuid }), 0);
    assert.equal(metrics.value('eddy_mapping_iterator_age_seconds', { mapping: uuid }), 0);
  });

  it('counts a failing mapping\'s errors and retries, and a function\'s errors, Invoke under Lambda\'s route', async () => {
    await eddy.ddb.send(new PutItemCommand({ TableName: 'Poison', Item: { pk: { S: 'p' } } }));
    const { UUID } = await lambda.send(
      new CreateEventSourceMappingCommand({
        FunctionName: 'failing',
        EventSourceArn: (await eddy.ddb.send(new DescribeTableCommand({ TableName: 'Poison' }))).Table!.LatestStreamArn!,
        StartingPosition: 'TRIM_HORIZON',
        MaximumRetryAttempts: 1,
      }),
    );
    // One record: its first delivery and one retry both fail, then the batch is given up and the checkpoint passes it.
    await eventually('the poisoned batch given up', () => mappingStatus(UUID!), { accept: (s) => s !== undefined && s.shards.some((shard) => shard.checkpoint !== undefined) });
    const invoked = await lambda.send(new InvokeCommand({ FunctionName: 'failing', Payload: Buffer.from('{}') }));
    assert.equal(invoked.FunctionError, 'Unhandled');
    const metrics = await scrape();
    assert.equal(metrics.value('eddy_mapping_batches_total', { mapping: UUID! }), 2);
    assert.equal(metrics.value('eddy_mapping_errors_total', { mapping: UUID! }), 2);
    assert.equal(metrics.value('eddy_mapping_retries_total', { mapping: UUID! }), 1);
    assert.equal(metrics.value('eddy_function_invocations_total', { function: 'failing' }), 3);
    assert.equal(metrics.value('eddy_function_errors_total', { function: 'failing' }), 3);
    assert.equal(metrics.value('eddy_requests_total', { service: 'lambda', operation: 'POST /2015-03-31/functions/{}/invocations', status: '200' }), 1);
    assert.equal(metrics.value('eddy_requests_total', { service: 'lambda', operation: 'POST /2015-03-31/event-source-mappings', status: '202' }), 1);
  });

  it('reads queue depths from storage at scrape time: visible, in flight, delayed, and a dead-letter queue\'s', async () => {
    const { QueueUrl: dlqUrl } = await eddy.sqs.send(new CreateQueueCommand({ QueueName: 'work-dlq' }));
    const dlqArn = (await eddy.sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ['QueueArn'] }))).Attributes!['QueueArn']!;
    const { QueueUrl } = await eddy.sqs.send(
      new CreateQueueCommand({ QueueName: 'work', Attributes: { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: 3 }) } }),
    );
    for (const body of ['one', 'two']) await eddy.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: body }));
    await eddy.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'later', DelaySeconds: 900 }));
    await eddy.sqs.send(new SendMessageCommand({ QueueUrl: dlqUrl, MessageBody: 'dead' }));
    let metrics = await scrape();
    assert.equal(metrics.value('eddy_queue_messages', { queue: 'work' }), 2);
    assert.equal(metrics.value('eddy_queue_messages_delayed', { queue: 'work' }), 1);
    assert.equal(metrics.value('eddy_queue_messages_in_flight', { queue: 'work' }), 0);
    assert.equal(metrics.value('eddy_queue_dead_letter_messages', { queue: 'work', dead_letter_queue: 'work-dlq' }), 1);
    const { Messages = [] } = await eddy.sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 1, VisibilityTimeout: 300 }));
    assert.equal(Messages.length, 1);
    metrics = await scrape();
    assert.equal(metrics.value('eddy_queue_messages', { queue: 'work' }), 1);
    assert.equal(metrics.value('eddy_queue_messages_in_flight', { queue: 'work' }), 1);
    assert.equal(metrics.value('eddy_requests_total', { service: 'sqs', operation: 'SendMessage', status: '200' }), 4);
  });

  it('counts bus events put, the rules they matched and their deliveries', async () => {
    const { QueueUrl } = await eddy.sqs.send(new CreateQueueCommand({ QueueName: 'bus-target' }));
    const queueArn = (await eddy.sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }))).Attributes!['QueueArn']!;
    await eddy.events.send(new PutRuleCommand({ Name: 'to-queue', EventPattern: JSON.stringify({ source: ['metrics.test'] }) }));
    await eddy.events.send(new PutTargetsCommand({ Rule: 'to-queue', Targets: [{ Id: 'q', Arn: queueArn }] }));
    const entry = (source: string) => ({ Source: source, DetailType: 'tick', Detail: '{}' });
    const put = await eddy.events.send(new PutEventsCommand({ Entries: [entry('metrics.test'), entry('metrics.test'), entry('elsewhere')] }));
    assert.equal(put.FailedEntryCount, 0);
    const metrics = await eventually('both deliveries counted', scrape, {
      accept: (m) => m.value('eddy_bus_deliveries_total', { bus: 'default', rule: 'to-queue', outcome: 'delivered' }) === 2,
    });
    assert.equal(metrics.value('eddy_bus_events_put_total', { bus: 'default' }), 3);
    assert.equal(metrics.value('eddy_bus_events_matched_total', { bus: 'default', rule: 'to-queue' }), 2);
    assert.equal(metrics.all('eddy_bus_deliveries_total', { rule: 'to-queue' }).length, 1, 'no retries, nothing dead-lettered');
    assert.equal(metrics.value('eddy_queue_messages', { queue: 'bus-target' }), 2);
    assert.equal(metrics.value('eddy_requests_total', { service: 'events', operation: 'PutEvents', status: '200' }), 1);
  });

  it('counts requests without an operation (the health line, a 404) as other, and a HEAD scrape answers no body', async () => {
    assert.equal((await fetch(`${eddy.endpoint}/`)).status, 200);
    assert.equal((await fetch(`${eddy.endpoint}/nowhere`)).status, 404);
    const head = await fetch(`${eddy.endpoint}/_eddy/metrics`, { method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.equal(await head.text(), '');
    const metrics = await scrape();
    assert.equal(metrics.value('eddy_requests_total', { service: 'other', operation: 'other', status: '200' }), 1);
    assert.equal(metrics.value('eddy_requests_total', { service: 'other', operation: 'other', status: '404' }), 1);
  });

  it('counts the long polls parked on each queue, on this node, until a message wakes them', async () => {
    const { QueueUrl } = await eddy.sqs.send(new CreateQueueCommand({ QueueName: 'long-polled' }));
    assert.equal((await scrape()).value('eddy_queue_receivers_waiting', { queue: 'long-polled' }), 0);
    const polls = [1, 2].map(() => eddy.sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 20 }), { abortSignal: AbortSignal.timeout(10_000) }));
    await eventually('two long polls parked', scrape, { accept: (m) => m.value('eddy_queue_receivers_waiting', { queue: 'long-polled' }) === 2 });
    await eddy.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'wake' }));
    await eddy.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'up' }));
    const bodies = (await Promise.all(polls)).flatMap((out) => (out.Messages ?? []).map((m) => m.Body)).sort();
    assert.deepEqual(bodies, ['up', 'wake']);
    assert.equal((await scrape()).value('eddy_queue_receivers_waiting', { queue: 'long-polled' }), 0);
  });
});
