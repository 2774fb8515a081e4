import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateFunctionCommand,
  GetFunctionConfigurationCommand,
  InvokeCommand,
  LambdaClient,
  PutFunctionEventInvokeConfigCommand,
  UpdateFunctionConfigurationCommand,
  waitUntilFunctionUpdatedV2,
  type CreateFunctionCommandInput,
} from '@aws-sdk/client-lambda';
import { CreateQueueCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { eventually } from '../../helpers/eventually.js';
import { startTestEddy, testCredentials, type TestEddy } from '../../helpers/eddy.js';
import { makeZip } from '../../helpers/zip.js';

const ROLE = 'arn:aws:iam::000000000000:role/lambda-role';
const DLQ_ARN = 'arn:aws:sqs:us-east-1:000000000000:charge-dlq';

/** Lambda's DeadLetterConfig through the API (API reference, DeadLetterConfig; SEMANTICS D.3). */
describe('Lambda DeadLetterConfig: CreateFunction, GetFunctionConfiguration, UpdateFunctionConfiguration, and the dead letter', () => {
  let eddy: TestEddy;
  let lambda: LambdaClient;
  let queueUrl: string;

  before(async () => {
    eddy = await startTestEddy();
    lambda = new LambdaClient({ endpoint: eddy.endpoint, region: 'us-east-1', credentials: testCredentials, maxAttempts: 1 });
    queueUrl = (await eddy.sqs.send(new CreateQueueCommand({ QueueName: 'charge-dlq' }))).QueueUrl!;
  });
  after(async () => {
    lambda?.destroy();
    await eddy?.stop();
  });

  const create = (name: string, extra: Partial<CreateFunctionCommandInput> = {}) =>
    lambda.send(
      new CreateFunctionCommand({
        FunctionName: name,
        Role: ROLE,
        Runtime: 'nodejs20.x',
        Handler: 'index.handler',
        Code: { ZipFile: makeZip({ 'index.mjs': 'export const handler = async () => { throw new Error("card declined"); };' }) },
        ...extra,
      }),
    );

  it('is shown as created, and an event given up on goes to the queue as it was sent', async () => {
    const created = await create('charge', { DeadLetterConfig: { TargetArn: DLQ_ARN } });
    assert.deepEqual(created.DeadLetterConfig, { TargetArn: DLQ_ARN });
    await waitUntilFunctionUpdatedV2({ client: lambda, maxWaitTime: 30 }, { FunctionName: 'charge' });
    assert.deepEqual((await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'charge' }))).DeadLetterConfig, { TargetArn: DLQ_ARN });
    await lambda.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: 'charge', MaximumRetryAttempts: 0 }));
    const answer = await lambda.send(new InvokeCommand({ FunctionName: 'charge', InvocationType: 'Event', Payload: JSON.stringify({ orderId: 9 }) }));
    assert.equal(answer.StatusCode, 202);
    const messages = await eventually('the dead letter', async () => (await eddy.sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl }))).Messages, {
      accept: (received) => received !== undefined && received.length > 0,
    });
    assert.equal(messages![0]!.Body, JSON.stringify({ orderId: 9 }));
  });

  it('is removed by an update with an empty TargetArn, and kept by an update that does not name it', async () => {
    await create('refund', { DeadLetterConfig: { TargetArn: DLQ_ARN } });
    await waitUntilFunctionUpdatedV2({ client: lambda, maxWaitTime: 30 }, { FunctionName: 'refund' });
    const kept = await lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'refund', Timeout: 5 }));
    assert.deepEqual(kept.DeadLetterConfig, { TargetArn: DLQ_ARN });
    await waitUntilFunctionUpdatedV2({ client: lambda, maxWaitTime: 30 }, { FunctionName: 'refund' });
    const removed = await lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'refund', DeadLetterConfig: { TargetArn: '' } }));
    assert.equal(removed.DeadLetterConfig, undefined);
  });

  it('refuses a target that is not an ARN, or neither a queue nor a topic', async () => {
    await assert.rejects(create('bad1', { DeadLetterConfig: { TargetArn: 'charge-dlq' } }), {
      name: 'ValidationException',
      message: "1 validation error detected: Value 'charge-dlq' at 'deadLetterConfig.targetArn' failed to satisfy constraint: Member must satisfy regular expression pattern: (arn:(aws[a-zA-Z-]*)?:[a-z0-9-.]+:.*)|()",
    });
    await assert.rejects(create('bad2', { DeadLetterConfig: { TargetArn: 'arn:aws:lambda:us-east-1:000000000000:function:other' } }), {
      name: 'InvalidParameterValueException',
      message: "The DeadLetterConfig target arn:aws:lambda:us-east-1:000000000000:function:other is invalid: it must be an SQS queue's or SNS topic's ARN",
    });
  });
});
