import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CreateQueueCommand, GetQueueUrlCommand, ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { testEngines } from '../../helpers/postgres-cluster.js';
import { eddyNodes } from '../../helpers/eddy-nodes.js';
import type { TestEddy } from '../../helpers/eddy.js';

// Two Eddy nodes on one PostgreSQL database: a long poll on one is answered by a send on the other.
const skip = testEngines().includes('postgres') ? false : 'PostgreSQL is not among EDDY_TEST_ENGINES';

const WAIT_SECONDS = 10;

describe('storage: PostgreSQL, SQS long polling across nodes', { skip }, () => {
  const nodes = eddyNodes();

  it('a ReceiveMessage waiting on node B returns the message SendMessage put on node A, well before its wait ends', async () => {
    const [a, b] = (await nodes()) as [TestEddy, TestEddy];
    const urlOnA = (await a.sqs.send(new CreateQueueCommand({ QueueName: 'across' }))).QueueUrl;
    const urlOnB = (await b.sqs.send(new GetQueueUrlCommand({ QueueName: 'across' }))).QueueUrl;

    const started = Date.now();
    const waiting = b.sqs.send(new ReceiveMessageCommand({ QueueUrl: urlOnB, WaitTimeSeconds: WAIT_SECONDS }));
    // Whether the receive is already waiting or still looking when the send commits, it must see the message.
    await a.sqs.send(new SendMessageCommand({ QueueUrl: urlOnA, MessageBody: 'from node A' }));
    const received = await waiting;
    const took = Date.now() - started;

    assert.deepEqual(received.Messages?.map((m) => m.Body), ['from node A']);
    assert.ok(took < (WAIT_SECONDS * 1000) / 2, `answered after ${took} ms: woken by the send, not by the end of its ${WAIT_SECONDS} s wait`);
  });
});
