import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CreateQueueCommand, ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { startTestEddy, type TestEddy } from '../helpers/eddy.js';

async function peek(eddy: TestEddy, body: unknown): Promise<{ status: number; json: any }> {
  const answer = await fetch(`${eddy.endpoint}/_eddy/sqs/PeekMessages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: answer.status, json: await answer.json() };
}

describe('the console peeking at a queue (POST /_eddy/sqs/PeekMessages)', () => {
  let eddy: TestEddy;
  before(async () => {
    eddy = await startTestEddy();
  });
  after(() => eddy.stop());

  it('shows messages with their attributes and state, paged, without receiving them', async () => {
    const { QueueUrl } = await eddy.sqs.send(new CreateQueueCommand({ QueueName: 'peek-jobs' }));
    await eddy.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'first', MessageAttributes: { kind: { DataType: 'String', StringValue: 'order' } } }));
    await eddy.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'second' }));
    await eddy.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'later', DelaySeconds: 600 }));

    const one = await peek(eddy, { QueueUrl, MaxNumberOfMessages: 2 });
    assert.equal(one.status, 200);
    assert.deepEqual(one.json.Messages.map((m: any) => [m.Body, m.State, m.ApproximateReceiveCount]), [['first', 'visible', 0], ['second', 'visible', 0]]);
    assert.deepEqual(one.json.Messages[0].MessageAttributes, { kind: { DataType: 'String', StringValue: 'order' } });
    assert.ok(!Number.isNaN(Date.parse(one.json.Messages[0].SentTimestamp)));
    assert.equal(typeof one.json.NextToken, 'string');
    const two = await peek(eddy, { QueueUrl, MaxNumberOfMessages: 2, After: one.json.NextToken });
    assert.deepEqual(two.json.Messages.map((m: any) => [m.Body, m.State]), [['later', 'delayed']]);
    assert.equal(two.json.NextToken, undefined);

    // Peeking counted no receive: the first receive still sees ApproximateReceiveCount 1.
    const received = await eddy.sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 1, MessageSystemAttributeNames: ['ApproximateReceiveCount'] }));
    assert.equal(received.Messages?.[0]?.Body, 'first');
    assert.equal(received.Messages[0].Attributes?.ApproximateReceiveCount, '1');
    const after = await peek(eddy, { QueueUrl });
    assert.deepEqual(after.json.Messages.map((m: any) => [m.Body, m.State, m.ApproximateReceiveCount]), [['first', 'in flight', 1], ['second', 'visible', 0], ['later', 'delayed', 0]]);
  });

  it('answers an unknown queue and a bad page token with the errors SQS gives', async () => {
    const missing = await peek(eddy, { QueueUrl: `${eddy.endpoint}/000000000000/no-such-queue` });
    assert.equal(missing.status, 400);
    assert.match(missing.json.type, /QueueDoesNotExist$/);
    const { QueueUrl } = await eddy.sqs.send(new CreateQueueCommand({ QueueName: 'peek-bad' }));
    for (const body of [{ QueueUrl, After: 'x' }, { QueueUrl, MaxNumberOfMessages: 0 }, { QueueUrl, MaxNumberOfMessages: 101 }]) {
      const bad = await peek(eddy, body);
      assert.equal(bad.status, 400, JSON.stringify(body));
      assert.match(bad.json.type, /InvalidParameterValue$/);
    }
    assert.match((await peek(eddy, {})).json.type, /MissingParameter$/);
  });
});
