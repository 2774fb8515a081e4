import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import {
  DeleteFunctionEventInvokeConfigCommand,
  GetFunctionEventInvokeConfigCommand,
  LambdaClient,
  ListFunctionEventInvokeConfigsCommand,
  PutFunctionEventInvokeConfigCommand,
  UpdateFunctionEventInvokeConfigCommand,
} from '@aws-sdk/client-lambda';
import { startTestEddy, testCredentials, type TestEddy } from '../../helpers/eddy.js';

const config = fileURLToPath(new URL('./fixtures/destinations.config.json', import.meta.url));
const FN = 'arn:aws:lambda:us-east-1:000000000000:function';
const QUEUE = 'arn:aws:sqs:us-east-1:000000000000:collected';
const BUS = 'arn:aws:events:us-east-1:000000000000:event-bus/default';

/** Rejects with this error name, HTTP status and message (exact, or matching). */
async function rejects(promise: Promise<unknown>, name: string, status: number, message: string | RegExp): Promise<void> {
  await assert.rejects(promise, (error: { name: string; message: string; $metadata: { httpStatusCode?: number } }) => {
    assert.equal(error.name, name, error.message);
    assert.equal(error.$metadata.httpStatusCode, status);
    if (typeof message === 'string') assert.equal(error.message, message);
    else assert.match(error.message, message);
    return true;
  });
}

describe('Lambda: event invoke configs (PutFunctionEventInvokeConfig and the rest)', () => {
  let eddy: TestEddy;
  let lambda: LambdaClient;
  before(async () => {
    eddy = await startTestEddy({ config });
    lambda = new LambdaClient({ endpoint: eddy.endpoint, region: 'us-east-1', credentials: testCredentials, maxAttempts: 1 });
  });
  after(async () => {
    lambda.destroy();
    await eddy.stop();
  });

  const shown = ({ $metadata: _, ...rest }: { $metadata: unknown; LastModified?: Date }) => rest;

  it('puts, gets, replaces, updates, lists and deletes a config', async () => {
    const before = Date.now();
    const put = await lambda.send(
      new PutFunctionEventInvokeConfigCommand({
        FunctionName: 'fails',
        MaximumRetryAttempts: 1,
        MaximumEventAgeInSeconds: 600,
        DestinationConfig: { OnSuccess: { Destination: `${FN}:collect` }, OnFailure: { Destination: QUEUE } },
      }),
    );
    assert.ok(put.LastModified instanceof Date && put.LastModified.getTime() >= before - 1000 && put.LastModified.getTime() <= Date.now() + 1000);
    const { LastModified: _, ...rest } = shown(put);
    assert.deepEqual(rest, {
      FunctionArn: `${FN}:fails:$LATEST`,
      MaximumRetryAttempts: 1,
      MaximumEventAgeInSeconds: 600,
      DestinationConfig: { OnSuccess: { Destination: `${FN}:collect` }, OnFailure: { Destination: QUEUE } },
    });
    assert.deepEqual(shown(await lambda.send(new GetFunctionEventInvokeConfigCommand({ FunctionName: 'fails' }))), shown(put));
    // The other spellings of the same function and qualifier.
    assert.deepEqual(shown(await lambda.send(new GetFunctionEventInvokeConfigCommand({ FunctionName: `${FN}:fails`, Qualifier: '$LATEST' }))), shown(put));
    assert.deepEqual(shown(await lambda.send(new GetFunctionEventInvokeConfigCommand({ FunctionName: 'fails:$LATEST' }))), shown(put));

    // Put replaces: what it leaves out is gone.
    const replaced = await lambda.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: 'fails', MaximumRetryAttempts: 0 }));
    assert.equal(replaced.MaximumEventAgeInSeconds, undefined);
    assert.deepEqual(replaced.DestinationConfig, { OnSuccess: {}, OnFailure: {} });

    // Update merges: what it leaves out stays.
    const updated = await lambda.send(new UpdateFunctionEventInvokeConfigCommand({ FunctionName: 'fails', MaximumEventAgeInSeconds: 60, DestinationConfig: { OnFailure: { Destination: BUS } } }));
    assert.equal(updated.MaximumRetryAttempts, 0);
    assert.equal(updated.MaximumEventAgeInSeconds, 60);
    assert.deepEqual(updated.DestinationConfig, { OnSuccess: {}, OnFailure: { Destination: BUS } });
    const again = await lambda.send(new UpdateFunctionEventInvokeConfigCommand({ FunctionName: 'fails', MaximumRetryAttempts: 2 }));
    assert.deepEqual([again.MaximumRetryAttempts, again.MaximumEventAgeInSeconds, again.DestinationConfig], [2, 60, { OnSuccess: {}, OnFailure: { Destination: BUS } }]);

    const list = await lambda.send(new ListFunctionEventInvokeConfigsCommand({ FunctionName: 'fails', MaxItems: 1 }));
    assert.deepEqual(list.FunctionEventInvokeConfigs?.map((c) => [c.FunctionArn, c.MaximumRetryAttempts]), [[`${FN}:fails:$LATEST`, 2]]);
    assert.equal(list.NextMarker, undefined);
    assert.deepEqual((await lambda.send(new ListFunctionEventInvokeConfigsCommand({ FunctionName: 'succeeds' }))).FunctionEventInvokeConfigs, []);

    const deleted = await lambda.send(new DeleteFunctionEventInvokeConfigCommand({ FunctionName: 'fails' }));
    assert.equal(deleted.$metadata.httpStatusCode, 204);
    const none = `The function ${FN}:fails:$LATEST doesn't have an EventInvokeConfig`;
    await rejects(lambda.send(new GetFunctionEventInvokeConfigCommand({ FunctionName: 'fails' })), 'ResourceNotFoundException', 404, none);
    await rejects(lambda.send(new DeleteFunctionEventInvokeConfigCommand({ FunctionName: 'fails' })), 'ResourceNotFoundException', 404, none);
    await rejects(lambda.send(new UpdateFunctionEventInvokeConfigCommand({ FunctionName: 'fails', MaximumRetryAttempts: 0 })), 'ResourceNotFoundException', 404, none);
    assert.deepEqual((await lambda.send(new ListFunctionEventInvokeConfigsCommand({ FunctionName: 'fails' }))).FunctionEventInvokeConfigs, []);
  });

  it("answers a missing function as AWS does, operation by operation", async () => {
    const missing = "The function doesn't exist.";
    await rejects(lambda.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: 'nope', MaximumRetryAttempts: 1 })), 'ResourceNotFoundException', 404, missing);
    await rejects(lambda.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: `${FN.replace('us-east-1', 'eu-west-1')}:fails`, MaximumRetryAttempts: 1 })), 'ResourceNotFoundException', 404, missing);
    await rejects(lambda.send(new UpdateFunctionEventInvokeConfigCommand({ FunctionName: 'nope', MaximumRetryAttempts: 1 })), 'ResourceNotFoundException', 404, missing);
    await rejects(lambda.send(new ListFunctionEventInvokeConfigsCommand({ FunctionName: 'nope' })), 'ResourceNotFoundException', 404, missing);
    const none = `The function ${FN}:nope:$LATEST doesn't have an EventInvokeConfig`;
    await rejects(lambda.send(new GetFunctionEventInvokeConfigCommand({ FunctionName: 'nope' })), 'ResourceNotFoundException', 404, none);
    await rejects(lambda.send(new DeleteFunctionEventInvokeConfigCommand({ FunctionName: 'nope' })), 'ResourceNotFoundException', 404, none);
    // Eddy has no versions or aliases: a config for one cannot exist.
    await rejects(lambda.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: 'fails', Qualifier: '1', MaximumRetryAttempts: 1 })), 'ResourceNotFoundException', 404, missing);
    await rejects(
      lambda.send(new GetFunctionEventInvokeConfigCommand({ FunctionName: 'fails', Qualifier: 'live' })),
      'ResourceNotFoundException',
      404,
      `The function ${FN}:fails:live doesn't have an EventInvokeConfig`,
    );
    await rejects(
      lambda.send(new GetFunctionEventInvokeConfigCommand({ FunctionName: 'fails:$LATEST', Qualifier: 'live' })),
      'InvalidParameterValueException',
      400,
      'The derived qualifier from the function name does not match the specified qualifier.',
    );
  });

  it("refuses settings outside the model, all of them in one ValidationException, and a request without any", async () => {
    await rejects(
      lambda.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: 'fails', MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 59 })),
      'ValidationException',
      400,
      "2 validation errors detected: Value '3' at 'maximumRetryAttempts' failed to satisfy constraint: Member must have value less than or equal to 2; " +
        "Value '59' at 'maximumEventAgeInSeconds' failed to satisfy constraint: Member must have value greater than or equal to 60",
    );
    await rejects(
      lambda.send(new UpdateFunctionEventInvokeConfigCommand({ FunctionName: 'fails', MaximumRetryAttempts: -1 })),
      'ValidationException',
      400,
      "1 validation error detected: Value '-1' at 'maximumRetryAttempts' failed to satisfy constraint: Member must have value greater than or equal to 0",
    );
    await rejects(
      lambda.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: 'fails', MaximumEventAgeInSeconds: 21_601 })),
      'ValidationException',
      400,
      /Value '21601' at 'maximumEventAgeInSeconds' failed to satisfy constraint: Member must have value less than or equal to 21600$/,
    );
    await rejects(
      lambda.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: 'fails', DestinationConfig: { OnFailure: { Destination: 'arn:aws:_-/!lambda:us-east-1:000000000000:function:x' } } })),
      'ValidationException',
      400,
      /^1 validation error detected: Value 'arn:aws:_-\/!lambda:us-east-1:000000000000:function:x' at 'destinationConfig.onFailure.destination' failed to satisfy constraint: Member must satisfy regular expression pattern: /,
    );
    // Checked before the function is looked for.
    await rejects(lambda.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: 'nope' })), 'InvalidParameterValueException', 400, 'You must specify at least one of error handling or destination setting.');
    await rejects(lambda.send(new ListFunctionEventInvokeConfigsCommand({ FunctionName: 'fails', MaxItems: 51 })), 'ValidationException', 400, /Member must have value less than or equal to 50$/);
  });

  it('refuses destinations Lambda refuses, and those Eddy cannot serve, saying why', async () => {
    const put = (DestinationConfig: object) => lambda.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: 'fails', DestinationConfig }));
    await rejects(put({ OnSuccess: { Destination: `${FN}:fails` } }), 'InvalidParameterValueException', 400, "You can't specify the function as a destination for itself.");
    await rejects(put({ OnSuccess: { Destination: `${FN}:nope` } }), 'InvalidParameterValueException', 400, `The destination ARN ${FN}:nope is invalid.`);
    await rejects(
      put({ OnSuccess: { Destination: 'arn:aws:iam:us-east-1:000000000000:function:fails' } }),
      'InvalidParameterValueException',
      400,
      'The provided destination config DestinationConfig(onSuccess=OnSuccess(destination=arn:aws:iam:us-east-1:000000000000:function:fails), onFailure=null) is invalid.',
    );
    await rejects(
      put({ OnFailure: { Destination: 'arn:aws:sns:us-east-1:000000000000:alerts.fifo' } }),
      'InvalidParameterValueException',
      400,
      'The destination ARN arn:aws:sns:us-east-1:000000000000:alerts.fifo is invalid. A FIFO topic cannot be a destination: Lambda publishes records to standard topics only.',
    );
    await rejects(put({ OnFailure: { Destination: `${QUEUE}.fifo` } }), 'InvalidParameterValueException', 400, /is invalid\. A FIFO queue cannot be a destination/);
    await rejects(put({ OnFailure: { Destination: QUEUE.replace('us-east-1', 'eu-west-1') } }), 'InvalidParameterValueException', 400, /is invalid\. Eddy serves account 000000000000 in region us-east-1 only\.$/);
    // Nothing was stored by the refused requests.
    await rejects(lambda.send(new GetFunctionEventInvokeConfigCommand({ FunctionName: 'fails' })), 'ResourceNotFoundException', 404, /doesn't have an EventInvokeConfig/);
    // Empty destinations are none.
    const empty = await put({ OnSuccess: {}, OnFailure: { Destination: '' } });
    assert.deepEqual(empty.DestinationConfig, { OnSuccess: {}, OnFailure: {} });
    await lambda.send(new DeleteFunctionEventInvokeConfigCommand({ FunctionName: 'fails' }));
  });
});
