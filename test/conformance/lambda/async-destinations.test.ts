import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { InvokeCommand, LambdaClient, PutFunctionEventInvokeConfigCommand, type DestinationConfig } from '@aws-sdk/client-lambda';
import { ManualClock } from '../../../src/shared/clock.js';
import { startTestEddy, testCredentials, type TestEddy } from '../../helpers/eddy.js';
import { newQueue, newRule, receiveMessages, type TestQueue } from '../events/delivery-fixtures.js';

const config = fileURLToPath(new URL('./fixtures/destinations.config.json', import.meta.url));
const FN = 'arn:aws:lambda:us-east-1:000000000000:function';
const ISO_MS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

interface Started {
  eddy: TestEddy;
  lambda: LambdaClient;
}

async function start(options: Parameters<typeof startTestEddy>[0] = {}): Promise<Started> {
  const eddy = await startTestEddy({ config, ...options });
  return { eddy, lambda: new LambdaClient({ endpoint: eddy.endpoint, region: 'us-east-1', credentials: testCredentials, maxAttempts: 1 }) };
}

/** Invokes asynchronously; resolves with the event's request id. */
async function invokeEvent(lambda: LambdaClient, FunctionName: string, payload: object): Promise<string> {
  const out = await lambda.send(new InvokeCommand({ FunctionName, InvocationType: 'Event', Payload: Buffer.from(JSON.stringify(payload)) }));
  assert.equal(out.StatusCode, 202);
  return out.$metadata.requestId!;
}

/** The one record that reaches the queue, parsed. */
async function oneRecord(eddy: TestEddy, queue: TestQueue): Promise<Record<string, any>> {
  const [message] = await receiveMessages(eddy, queue, 1);
  return JSON.parse(message!.Body!);
}

/** How many times a function started (its START lines). */
async function starts(eddy: TestEddy, name: string): Promise<number> {
  const { lines } = await eddy.admin('/_eddy/functions/logs', { function: name, limit: 1000 });
  return (lines as { message: string }[]).filter((line) => line.message.startsWith('START RequestId: ')).length;
}

describe('Lambda: asynchronous invocation records to OnSuccess / OnFailure destinations', () => {
  let s: Started;
  before(async () => {
    s = await start({ functions: { asyncRetryDelaysMs: [20, 20] } });
  });
  after(async () => {
    s.lambda.destroy();
    await s.eddy.stop();
  });
  const configure = (FunctionName: string, settings: { MaximumRetryAttempts?: number; MaximumEventAgeInSeconds?: number; DestinationConfig?: DestinationConfig }) =>
    s.lambda.send(new PutFunctionEventInvokeConfigCommand({ FunctionName, ...settings }));

  it('sends a failing function with MaximumRetryAttempts 0 to OnFailure after one attempt, with the exact record', async () => {
    const failures = await newQueue(s.eddy, 'failures');
    await configure('fails', { MaximumRetryAttempts: 0, DestinationConfig: { OnFailure: { Destination: failures.arn } } });
    const requestId = await invokeEvent(s.lambda, 'fails', { orderId: 'ord-7781' });
    const record = await oneRecord(s.eddy, failures);
    assert.deepEqual(Object.keys(record), ['version', 'timestamp', 'requestContext', 'requestPayload', 'responseContext', 'responsePayload']);
    assert.equal(record.version, '1.0');
    assert.match(record.timestamp, ISO_MS);
    assert.deepEqual(record.requestContext, { requestId, functionArn: `${FN}:fails:$LATEST`, condition: 'RetriesExhausted', approximateInvokeCount: 1 });
    assert.deepEqual(record.requestPayload, { orderId: 'ord-7781' });
    assert.deepEqual(record.responseContext, { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' });
    assert.deepEqual(Object.keys(record.responsePayload), ['errorType', 'errorMessage', 'trace']);
    assert.equal(record.responsePayload.errorType, 'Error');
    assert.equal(record.responsePayload.errorMessage, 'boom');
    assert.equal(await starts(s.eddy, 'fails'), 1);
  });

  it('retries as configured and names the last attempt in the record', async () => {
    const failures = await newQueue(s.eddy, 'failures');
    await configure('fails', { MaximumRetryAttempts: 2, DestinationConfig: { OnFailure: { Destination: failures.arn } } });
    const before = await starts(s.eddy, 'fails');
    const requestId = await invokeEvent(s.lambda, 'fails', { n: 2 });
    const record = await oneRecord(s.eddy, failures);
    assert.equal(record.requestContext.approximateInvokeCount, 3);
    assert.equal(record.requestContext.condition, 'RetriesExhausted');
    assert.notEqual(record.requestContext.requestId, requestId);
    assert.equal((await starts(s.eddy, 'fails')) - before, 3);
  });

  it('sends a success to OnSuccess on a queue, with what the function returned', async () => {
    const successes = await newQueue(s.eddy, 'successes');
    await configure('succeeds', { DestinationConfig: { OnSuccess: { Destination: successes.arn } } });
    const requestId = await invokeEvent(s.lambda, 'succeeds', { id: 's1' });
    const record = await oneRecord(s.eddy, successes);
    assert.deepEqual(record.requestContext, { requestId, functionArn: `${FN}:succeeds:$LATEST`, condition: 'Success', approximateInvokeCount: 1 });
    assert.deepEqual(record.requestPayload, { id: 's1' });
    assert.deepEqual(record.responseContext, { statusCode: 200, executedVersion: '$LATEST' });
    assert.deepEqual(record.responsePayload, { ok: true, got: { id: 's1' } });
  });

  it('invokes a destination function asynchronously with the record as its event', async () => {
    await configure('succeeds', { DestinationConfig: { OnSuccess: { Destination: `${FN}:collect` } } });
    const requestId = await invokeEvent(s.lambda, 'succeeds', { id: 'to-function' });
    const collected = { name: 'collected', url: `${s.eddy.endpoint}/000000000000/collected`, arn: '' };
    const record = await oneRecord(s.eddy, collected);
    assert.equal(record.requestContext.requestId, requestId);
    assert.equal(record.requestContext.condition, 'Success');
    assert.deepEqual(record.responsePayload, { ok: true, got: { id: 'to-function' } });
  });

  it("puts a failure's record on an event bus as source lambda, in the detail", async () => {
    const seen = await newQueue(s.eddy, 'bus-seen');
    await newRule(s.eddy, undefined, { source: ['lambda'], 'detail-type': ['Lambda Function Invocation Result - Failure'] }, [{ Id: 'q', Arn: seen.arn }]);
    const bus = 'arn:aws:events:us-east-1:000000000000:event-bus/default';
    await configure('fails', { MaximumRetryAttempts: 0, DestinationConfig: { OnFailure: { Destination: bus } } });
    const requestId = await invokeEvent(s.lambda, 'fails', { to: 'bus' });
    const event = await oneRecord(s.eddy, seen);
    assert.equal(event.source, 'lambda');
    assert.equal(event['detail-type'], 'Lambda Function Invocation Result - Failure');
    assert.deepEqual(event.resources, [`${FN}:fails:$LATEST`, bus]);
    assert.equal(event.detail.requestContext.requestId, requestId);
    assert.deepEqual(event.detail.requestPayload, { to: 'bus' });
  });
});

describe('Lambda: MaximumEventAgeInSeconds', () => {
  const clock = new ManualClock(Date.UTC(2026, 2, 14, 10, 0, 0));
  let s: Started;
  before(async () => {
    // Retries wait 30 s on the injected clock: only the test's clock moves bring them due.
    s = await start({ clock, functions: { asyncRetryDelaysMs: [30_000] } });
  });
  after(async () => {
    s.lambda.destroy();
    await s.eddy.stop();
  });

  it('gives up on an event older than its maximum age when its retry comes due: EventAgeExceeded, no second attempt', async () => {
    const failures = await newQueue(s.eddy, 'aged');
    await s.lambda.send(
      new PutFunctionEventInvokeConfigCommand({ FunctionName: 'fails', MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 60, DestinationConfig: { OnFailure: { Destination: failures.arn } } }),
    );
    const requestId = await invokeEvent(s.lambda, 'fails', { old: true });
    await s.eddy.admin('/_eddy/functions/async/run'); // the first attempt, which fails: its retry is due in 30 s
    assert.equal(await starts(s.eddy, 'fails'), 1);
    clock.advance(61_000);
    await s.eddy.admin('/_eddy/functions/async/run');
    const record = await oneRecord(s.eddy, failures);
    assert.deepEqual(record.requestContext, { requestId, functionArn: `${FN}:fails:$LATEST`, condition: 'EventAgeExceeded', approximateInvokeCount: 1 });
    assert.equal(record.timestamp, new Date(clock.now()).toISOString());
    // The first attempt's answer, kept for this record.
    assert.deepEqual(record.responseContext, { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' });
    assert.equal(record.responsePayload.errorMessage, 'boom');
    assert.equal(await starts(s.eddy, 'fails'), 1);
  });
});
