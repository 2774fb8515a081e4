import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ChangeMessageVisibilityCommand, DeleteQueueCommand, ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { startTestEddy, type TestEddy } from '../../helpers/eddy.js';
import { createQueue, receive, uniqueQueue } from './queue-fixtures.js';

/** Long polling on the real clock: waits end when a message arrives, not at the next poll. */
describe('SQS long polling', () => {
  let eddy: TestEddy;
  before(async () => {
    eddy = await startTestEddy();
  });
  after(() => eddy.stop());

  it('answers a waiting receive with a message sent after it started', async () => {
    const url = await createQueue(eddy.sqs, uniqueQueue('wake'));
    const waiting = eddy.sqs.send(new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 20 }));
    // The receive is in flight and found nothing; the send wakes it.
    await new Promise((resolve) => setTimeout(resolve, 50));
    await eddy.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'arrived' }));
    const out = await waiting;
    assert.deepEqual(out.Messages!.map((m) => m.Body), ['arrived']);
  });

  it("uses the queue's ReceiveMessageWaitTimeSeconds when the request gives none", async () => {
    const url = await createQueue(eddy.sqs, uniqueQueue('queue-wait'), { ReceiveMessageWaitTimeSeconds: '20' });
    const waiting = eddy.sqs.send(new ReceiveMessageCommand({ QueueUrl: url }));
    await new Promise((resolve) => setTimeout(resolve, 50));
    await eddy.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'late' }));
    assert.deepEqual((await waiting).Messages!.map((m) => m.Body), ['late']);
  });

  it('answers empty once the wait is over', async () => {
    const url = await createQueue(eddy.sqs, uniqueQueue('empty'));
    const started = Date.now();
    const out = await eddy.sqs.send(new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 1 }));
    assert.equal(out.Messages, undefined);
    assert.ok(Date.now() - started >= 950, 'the receive waited for its wait time');
  });

  it('wakes when a message in flight is made visible again', async () => {
    const url = await createQueue(eddy.sqs, uniqueQueue('revisible'));
    await eddy.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'back' }));
    const [message] = await receive(eddy.sqs, url);
    const waiting = eddy.sqs.send(new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 20 }));
    await new Promise((resolve) => setTimeout(resolve, 50));
    await eddy.sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: url, ReceiptHandle: message!.ReceiptHandle, VisibilityTimeout: 0 }));
    assert.deepEqual((await waiting).Messages!.map((m) => m.Body), ['back']);
  });

  it('gives each of several waiting consumers a different message', async () => {
    const url = await createQueue(eddy.sqs, uniqueQueue('many'));
    const waiting = [1, 2, 3].map(() => eddy.sqs.send(new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 20 })));
    await new Promise((resolve) => setTimeout(resolve, 50));
    for (const body of ['a', 'b', 'c']) await eddy.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: body }));
    const got = (await Promise.all(waiting)).flatMap((out) => out.Messages ?? []).map((m) => m.Body);
    const rest = (await receive(eddy.sqs, url)).map((m) => m.Body);
    assert.deepEqual([...got, ...rest].sort(), ['a', 'b', 'c']);
    assert.equal(new Set(got).size, got.length);
  });

  it('ends a waiting receive with QueueDoesNotExist when its queue is deleted', async () => {
    const url = await createQueue(eddy.sqs, uniqueQueue('gone'));
    const waiting = eddy.sqs.send(new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 20 }));
    await new Promise((resolve) => setTimeout(resolve, 50));
    await eddy.sqs.send(new DeleteQueueCommand({ QueueUrl: url }));
    await assert.rejects(waiting, { name: 'QueueDoesNotExist' });
  });
});

describe('SQS long polling when Eddy stops', () => {
  it('answers waiting receives at once so stop() does not wait for them', async () => {
    const eddy = await startTestEddy();
    const url = await createQueue(eddy.sqs, uniqueQueue('stopping'));
    // Its end (an empty answer, or the connection closed by the stop) is awaited below; handled from the start, so an
    // end that comes while stop() is still running is not an unhandled rejection.
    const waiting = eddy.sqs.send(new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 20 })).catch(() => ({ Messages: undefined }));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    await eddy.stop();
    assert.ok(Date.now() - started < 5000, 'stop did not wait out the long poll');
    assert.equal((await waiting).Messages, undefined);
  });
});
