import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { ManualClock } from '../../../src/shared/clock.js';
import { startTestEddy, type TestEddy } from '../../helpers/eddy.js';
import { createQueue, receive, uniqueQueue } from './queue-fixtures.js';

/** The SQS wire as raw JSON: error envelopes and headers, bad input, retention. */
describe('SQS on the wire', () => {
  let eddy: TestEddy;
  const clock = new ManualClock(Date.UTC(2026, 6, 1, 12));
  before(async () => {
    eddy = await startTestEddy({ clock });
  });
  after(() => eddy.stop());

  it('answers errors with the JSON __type and the x-amzn-query-error header', async () => {
    const res = await eddy.raw('AmazonSQS.GetQueueUrl', { QueueName: 'nope' });
    assert.equal(res.status, 400);
    assert.deepEqual(res.json, { __type: 'com.amazonaws.sqs#QueueDoesNotExist', message: 'The specified queue does not exist.' });
    assert.equal(res.headers.get('x-amzn-query-error'), 'AWS.SimpleQueueService.NonExistentQueue;Sender');
  });

  it('refuses members of the wrong type, missing members and unknown operations without a 500', async () => {
    const url = await createQueue(eddy.sqs, uniqueQueue('wire'));
    const wrongType = await eddy.raw('AmazonSQS.ReceiveMessage', { QueueUrl: url, MaxNumberOfMessages: 'ten' });
    assert.equal(wrongType.status, 400);
    assert.equal(wrongType.headers.get('x-amzn-query-error'), 'InvalidParameterValue;Sender');
    const missing = await eddy.raw('AmazonSQS.SendMessage', { QueueUrl: url });
    assert.equal(missing.status, 400);
    assert.equal(missing.headers.get('x-amzn-query-error'), 'MissingParameter;Sender');
    const noUrl = await eddy.raw('AmazonSQS.SendMessage', { MessageBody: 'x' });
    assert.equal(noUrl.json.message, 'The request must contain the parameter QueueUrl.');
    const badBody = await eddy.raw('AmazonSQS.SendMessage', '{"QueueUrl":');
    assert.equal(badBody.status, 400);
    const unknown = await eddy.raw('AmazonSQS.FlyAway', {});
    assert.equal(unknown.status, 400);
    assert.match(unknown.json.__type, /UnknownOperationException/);
    const badEntries = await eddy.raw('AmazonSQS.SendMessageBatch', { QueueUrl: url, Entries: 'x' });
    assert.equal(badEntries.status, 400);
    const badAttributes = await eddy.raw('AmazonSQS.CreateQueue', { QueueName: uniqueQueue('attrs'), Attributes: { DelaySeconds: 5 } });
    assert.equal(badAttributes.status, 400);
  });

  it('drops messages older than MessageRetentionPeriod: never received, and trimmed', async () => {
    const url = await createQueue(eddy.sqs, uniqueQueue('retention'), { MessageRetentionPeriod: '60' });
    await eddy.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'old' }));
    clock.advance(30_000);
    await eddy.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'new' }));
    clock.advance(30_001);
    assert.deepEqual((await receive(eddy.sqs, url)).map((m) => m.Body), ['new']);
    const trimmed = await eddy.admin('/_eddy/queues/trim');
    assert.deepEqual(trimmed, { trimmedMessages: 1 });
  });
});
