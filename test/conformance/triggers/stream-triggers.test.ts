import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { DeleteItemCommand, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import {
  CreateEventSourceMappingCommand,
  DeleteEventSourceMappingCommand,
  GetEventSourceMappingCommand,
  LambdaClient,
  ListEventSourceMappingsCommand,
  UpdateEventSourceMappingCommand,
} from '@aws-sdk/client-lambda';
import { DeleteMessageCommand, GetQueueUrlCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { createStreamTable } from '../streams/stream-fixtures.js';
import { startTestEddy, testCredentials, type TestEddy } from '../../helpers/eddy.js';
import { untilPositioned } from '../../helpers/consumer-position.js';
import { eventually } from '../../helpers/eventually.js';

const config = fileURLToPath(new URL('./fixtures/eddy.config.ts', import.meta.url));

interface Seen {
  fn: string;
  arn: string;
  records: { event: string; pk: string; seq: string }[];
}

describe('stream triggers: DynamoDB stream → function', () => {
  let eddy: TestEddy;
  let lambda: LambdaClient;
  let seenUrl: string;
  let failuresUrl: string;
  let tableCounter = 0;
  /** Batches reported so far, by function, consumed by `until`. */
  const seen: Seen[] = [];

  before(async () => {
    eddy = await startTestEddy({ config, triggers: { retryBaseMs: 5, retryMaxMs: 20 } });
    lambda = new LambdaClient({ endpoint: eddy.endpoint, region: 'us-east-1', credentials: testCredentials, maxAttempts: 1 });
    seenUrl = (await eddy.sqs.send(new GetQueueUrlCommand({ QueueName: 'seen' }))).QueueUrl!;
    failuresUrl = (await eddy.sqs.send(new GetQueueUrlCommand({ QueueName: 'failures' }))).QueueUrl!;
  });
  after(async () => {
    lambda.destroy();
    await eddy.stop();
  });

  /** Reads the `seen` queue until `done(batches)` holds (or 10 s pass); returns the batches. */
  async function until(done: (batches: Seen[]) => boolean, once = false): Promise<Seen[]> {
    const deadline = Date.now() + 10_000;
    while ((once || !done(seen)) && Date.now() < deadline) {
      once = false;
      const out = await eddy.sqs.send(new ReceiveMessageCommand({ QueueUrl: seenUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
      for (const m of out.Messages ?? []) {
        seen.push(JSON.parse(m.Body!) as Seen);
        await eddy.sqs.send(new DeleteMessageCommand({ QueueUrl: seenUrl, ReceiptHandle: m.ReceiptHandle }));
      }
    }
    return seen;
  }
  const pksOf = (fn: string, prefix: string) =>
    seen.filter((b) => b.fn === fn).flatMap((b) => b.records.filter((r) => r.pk.startsWith(prefix)).map((r) => `${r.event} ${r.pk}`));

  async function streamTable(): Promise<{ name: string; arn: string }> {
    const name = `Trig${++tableCounter}`;
    return { name, arn: await createStreamTable(eddy.ddb, name, 'NEW_AND_OLD_IMAGES') };
  }
  const put = (TableName: string, pk: string, n = 1) =>
    eddy.ddb.send(new PutItemCommand({ TableName, Item: { pk: { S: pk }, n: { N: String(n) } } }));

  it('delivers INSERT, MODIFY and REMOVE records in order, as AWS shapes them, through a mapping made with the Lambda SDK', async () => {
    const table = await streamTable();
    const created = await lambda.send(
      new CreateEventSourceMappingCommand({ FunctionName: 'recorder', EventSourceArn: table.arn, StartingPosition: 'TRIM_HORIZON', BatchSize: 10 }),
    );
    assert.equal(created.State, 'Creating');
    assert.equal(created.BatchSize, 10);
    assert.equal(created.FunctionArn, 'arn:aws:lambda:us-east-1:000000000000:function:recorder');
    assert.deepEqual(created.DestinationConfig, { OnFailure: {} });
    await put(table.name, 'a-1');
    await eddy.ddb.send(new UpdateItemCommand({ TableName: table.name, Key: { pk: { S: 'a-1' } }, UpdateExpression: 'SET n = :two', ExpressionAttributeValues: { ':two': { N: '2' } } }));
    await eddy.ddb.send(new DeleteItemCommand({ TableName: table.name, Key: { pk: { S: 'a-1' } } }));
    await until(() => pksOf('recorder', 'a-').length >= 3);
    assert.deepEqual(pksOf('recorder', 'a-'), ['INSERT a-1', 'MODIFY a-1', 'REMOVE a-1']);
    const batches = seen.filter((b) => b.fn === 'recorder' && b.records.some((r) => r.pk === 'a-1'));
    assert.ok(batches.every((b) => b.arn === table.arn));
    const got = await lambda.send(new GetEventSourceMappingCommand({ UUID: created.UUID }));
    assert.equal(got.State, 'Enabled');
    assert.equal(got.LastProcessingResult, 'OK');
    await assert.rejects(
      lambda.send(new CreateEventSourceMappingCommand({ FunctionName: 'recorder', EventSourceArn: table.arn, StartingPosition: 'LATEST' })),
      { name: 'ResourceConflictException' },
    );
    const listed = await lambda.send(new ListEventSourceMappingsCommand({ EventSourceArn: table.arn }));
    assert.deepEqual(listed.EventSourceMappings!.map((m) => m.UUID), [created.UUID]);
    const deleted = await lambda.send(new DeleteEventSourceMappingCommand({ UUID: created.UUID }));
    assert.equal(deleted.State, 'Deleting');
    await assert.rejects(lambda.send(new GetEventSourceMappingCommand({ UUID: created.UUID })), { name: 'ResourceNotFoundException' });
  });

  it('runs mappings declared in eddy.config.ts, with their filters: records that match no filter are skipped', async () => {
    await put('Orders', 'c-1');
    await eddy.ddb.send(new UpdateItemCommand({ TableName: 'Orders', Key: { pk: { S: 'c-1' } }, UpdateExpression: 'SET n = :two', ExpressionAttributeValues: { ':two': { N: '2' } } }));
    await put('Orders', 'c-2');
    await until(() => pksOf('recorder', 'c-').length >= 2);
    assert.deepEqual(pksOf('recorder', 'c-'), ['INSERT c-1', 'INSERT c-2']);
    const listed = await lambda.send(new ListEventSourceMappingsCommand({ FunctionName: 'configured' }));
    assert.equal(listed.EventSourceMappings!.length, 1);
    assert.deepEqual(listed.EventSourceMappings![0]!.FilterCriteria, { Filters: [{ Pattern: '{"eventName":["INSERT"]}' }] });
  });

  it('starts at LATEST when asked: earlier records are not delivered', async () => {
    const table = await streamTable();
    await put(table.name, 'l-old');
    const { UUID } = await lambda.send(new CreateEventSourceMappingCommand({ FunctionName: 'recorder', EventSourceArn: table.arn, StartingPosition: 'LATEST' }));
    // The mapping's consumer takes its position in the background (the shard's newest record when it first reads
    // it): a record put before then may be skipped too. Once it has stored one, l-new is after it.
    await untilPositioned(eddy.endpoint, UUID!);
    await put(table.name, 'l-new');
    await until(() => pksOf('recorder', 'l-').length >= 1);
    assert.deepEqual(pksOf('recorder', 'l-'), ['INSERT l-new']);
  });

  it('bisects a failing batch, isolates the poison record and sends its failure record to the on-failure queue', async () => {
    const table = await streamTable();
    for (const pk of ['b-1', 'b-2', 'poison-b', 'b-3']) await put(table.name, pk);
    await lambda.send(
      new CreateEventSourceMappingCommand({
        FunctionName: 'picky',
        EventSourceArn: table.arn,
        StartingPosition: 'TRIM_HORIZON',
        BatchSize: 4,
        BisectBatchOnFunctionError: true,
        MaximumRetryAttempts: 1,
        DestinationConfig: { OnFailure: { Destination: 'arn:aws:sqs:us-east-1:000000000000:failures' } },
      }),
    );
    await until(() => pksOf('picky', 'b-').length >= 3);
    assert.deepEqual(pksOf('picky', 'b-'), ['INSERT b-1', 'INSERT b-2', 'INSERT b-3']);
    const out = await eddy.sqs.send(new ReceiveMessageCommand({ QueueUrl: failuresUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 5 }));
    assert.equal(out.Messages?.length, 1);
    const failure = JSON.parse(out.Messages![0]!.Body!);
    assert.deepEqual(Object.keys(failure), ['requestContext', 'responseContext', 'version', 'timestamp', 'DDBStreamBatchInfo']);
    assert.equal(failure.requestContext.condition, 'RetryAttemptsExhausted');
    assert.equal(failure.requestContext.approximateInvokeCount, 2);
    assert.equal(failure.requestContext.functionArn, 'arn:aws:lambda:us-east-1:000000000000:function:picky');
    assert.deepEqual(failure.responseContext, { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' });
    assert.equal(failure.DDBStreamBatchInfo.batchSize, 1);
    assert.equal(failure.DDBStreamBatchInfo.streamArn, table.arn);
    assert.equal(failure.DDBStreamBatchInfo.startSequenceNumber, failure.DDBStreamBatchInfo.endSequenceNumber);
    await eddy.sqs.send(new DeleteMessageCommand({ QueueUrl: failuresUrl, ReceiptHandle: out.Messages![0]!.ReceiptHandle }));
  });

  it('without bisect, a failing batch is retried up to MaximumRetryAttempts and then discarded as a whole', async () => {
    const table = await streamTable();
    for (const pk of ['r-1', 'poison-r', 'r-2']) await put(table.name, pk);
    await lambda.send(
      new CreateEventSourceMappingCommand({
        FunctionName: 'picky',
        EventSourceArn: table.arn,
        StartingPosition: 'TRIM_HORIZON',
        BatchSize: 3,
        MaximumRetryAttempts: 2,
        DestinationConfig: { OnFailure: { Destination: 'arn:aws:sqs:us-east-1:000000000000:failures' } },
      }),
    );
    const out = await eddy.sqs.send(new ReceiveMessageCommand({ QueueUrl: failuresUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 10 }));
    const failure = JSON.parse(out.Messages![0]!.Body!);
    assert.equal(failure.requestContext.approximateInvokeCount, 3);
    assert.equal(failure.DDBStreamBatchInfo.batchSize, 3);
    await eddy.sqs.send(new DeleteMessageCommand({ QueueUrl: failuresUrl, ReceiptHandle: out.Messages![0]!.ReceiptHandle }));
    // The shard moved on: later records are delivered.
    await put(table.name, 'r-after');
    await until(() => pksOf('picky', 'r-').length >= 1);
    assert.deepEqual(pksOf('picky', 'r-'), ['INSERT r-after']);
  });

  it('with ReportBatchItemFailures, resumes from the failed record: the records before it are not delivered again', async () => {
    const table = await streamTable();
    for (const pk of ['p-1', 'p-2', 'flaky-p', 'p-3']) await put(table.name, pk);
    await lambda.send(
      new CreateEventSourceMappingCommand({
        FunctionName: 'partial',
        EventSourceArn: table.arn,
        StartingPosition: 'TRIM_HORIZON',
        BatchSize: 4,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
      }),
    );
    await until(() => pksOf('partial', 'p-').length + pksOf('partial', 'flaky-').length >= 4);
    assert.deepEqual([...pksOf('partial', 'p-'), ...pksOf('partial', 'flaky-')].sort(), ['INSERT flaky-p', 'INSERT p-1', 'INSERT p-2', 'INSERT p-3']);
    const batches = seen.filter((b) => b.fn === 'partial').map((b) => b.records.map((r) => r.pk));
    assert.deepEqual(batches, [['p-1', 'p-2'], ['flaky-p', 'p-3']]);
  });

  it('pauses a disabled mapping and resumes from its checkpoint when enabled again', async () => {
    const table = await streamTable();
    const { UUID } = await lambda.send(
      new CreateEventSourceMappingCommand({ FunctionName: 'recorder', EventSourceArn: table.arn, StartingPosition: 'TRIM_HORIZON' }),
    );
    await put(table.name, 'e-1');
    await until(() => pksOf('recorder', 'e-').length >= 1);
    const disabled = await lambda.send(new UpdateEventSourceMappingCommand({ UUID, Enabled: false }));
    assert.equal(disabled.State, 'Disabling');
    // Its consumer stops in the background: Disabling until it has let its shard go (it could still deliver e-2), then Disabled.
    await eventually('the mapping to be Disabled', async () => (await lambda.send(new GetEventSourceMappingCommand({ UUID }))).State, { accept: (s) => s === 'Disabled' });
    await put(table.name, 'e-2');
    await new Promise((resolve) => setTimeout(resolve, 300));
    await until(() => true, true); // one more read of the queue: nothing new may be there
    assert.deepEqual(pksOf('recorder', 'e-'), ['INSERT e-1']);
    await lambda.send(new UpdateEventSourceMappingCommand({ UUID, Enabled: true }));
    await until(() => pksOf('recorder', 'e-').length >= 2);
    assert.deepEqual(pksOf('recorder', 'e-'), ['INSERT e-1', 'INSERT e-2']);
  });

  it('refuses mappings of unknown streams or functions, and invalid settings', async () => {
    const table = await streamTable();
    await assert.rejects(
      lambda.send(new CreateEventSourceMappingCommand({ FunctionName: 'recorder', EventSourceArn: `${table.arn}x`, StartingPosition: 'LATEST' })),
      (error: { name: string; message: string }) => error.name === 'InvalidParameterValueException' && error.message === `Stream not found: ${table.arn}x`,
    );
    await assert.rejects(
      lambda.send(new CreateEventSourceMappingCommand({ FunctionName: 'nope', EventSourceArn: table.arn, StartingPosition: 'LATEST' })),
      { name: 'ResourceNotFoundException' },
    );
    await assert.rejects(
      lambda.send(new CreateEventSourceMappingCommand({ FunctionName: 'recorder', EventSourceArn: table.arn, StartingPosition: 'LATEST', BatchSize: 10_001 })),
      { name: 'ValidationException' },
    );
    await assert.rejects(
      lambda.send(new CreateEventSourceMappingCommand({ FunctionName: 'recorder', EventSourceArn: table.arn, StartingPosition: 'LATEST', MaximumRecordAgeInSeconds: 30 })),
      { name: 'ValidationException' },
    );
    await assert.rejects(
      lambda.send(
        new CreateEventSourceMappingCommand({
          FunctionName: 'recorder',
          EventSourceArn: table.arn,
          StartingPosition: 'LATEST',
          FilterCriteria: { Filters: [{ Pattern: '{"eventName": "INSERT"}' }] },
        }),
      ),
      (error: { name: string; message: string }) => error.name === 'InvalidParameterValueException' && error.message === 'Invalid filter pattern definition.',
    );
  });
});
