import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { CreateQueueCommand, ReceiveMessageCommand, SendMessageCommand, type ReceiveMessageCommandOutput } from '@aws-sdk/client-sqs';
import { startTestEddy, type TestEddy } from '../../helpers/eddy.js';
import { untilReceiversWaiting } from '../../helpers/queue-receivers.js';

/** A long poll of 20 s on `QueueUrl`, with a flag saying whether it has answered. */
function longPoll(eddy: TestEddy, QueueUrl: string): { answer: Promise<ReceiveMessageCommandOutput>; settled: () => boolean } {
  let settled = false;
  const answer = eddy.sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 20 }));
  void answer.then(() => (settled = true), () => (settled = true));
  return { answer, settled: () => settled };
}

/** Resolves once a long poll on the queue named `name` has reached Eddy and parked (eddy_queue_receivers_waiting). */
const parked = (eddy: TestEddy, name: string) => untilReceiversWaiting(eddy.endpoint, name);

/**
 * A ReceiveMessage long poll under way when Eddy's time jumps (receive-message.ts): a jump past its end
 * ends it with what the jump made visible, even when the jump is replayed in steps whose first already
 * passes the poll's end; a small jump inside the wait does not end it; a jump that makes nothing visible
 * ends it empty at once.
 */
describe('time control: long polls across a jump', () => {
  it('a jump replayed in steps ends the poll with the message it made visible, not empty at the first step', async () => {
    const eddy = await startTestEddy();
    try {
      await eddy.admin('/_eddy/time/set', { to: '2030-06-01T12:00:00Z' });
      const { QueueUrl } = await eddy.sqs.send(new CreateQueueCommand({ QueueName: 'polled', Attributes: { VisibilityTimeout: '3600' } }));
      await eddy.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'later' }));
      assert.equal((await eddy.sqs.send(new ReceiveMessageCommand({ QueueUrl }))).Messages?.length, 1, 'taken, invisible for an hour');
      // A rule firing at +10 min: a step of the jump, past the poll's 20 s, with the message still invisible.
      await eddy.sqs.send(new CreateQueueCommand({ QueueName: 'ticks' }));
      await eddy.events.send(new PutRuleCommand({ Name: 'ten', ScheduleExpression: 'rate(10 minutes)' }));
      await eddy.events.send(new PutTargetsCommand({ Rule: 'ten', Targets: [{ Id: 'q', Arn: 'arn:aws:sqs:us-east-1:000000000000:ticks' }] }));
      const poll = longPoll(eddy, QueueUrl!);
      await parked(eddy, 'polled');
      assert.equal(poll.settled(), false);
      const jump = (await eddy.admin('/_eddy/time/advance', { by: '2h' })) as { steps: number };
      assert.ok(jump.steps >= 2, `${jump.steps} steps`);
      assert.equal((await poll.answer).Messages?.[0]?.Body, 'later');
    } finally {
      await eddy.stop();
    }
  });

  it('a small jump inside the wait does not end it; a jump past its end with nothing visible ends it empty at once', async () => {
    const eddy = await startTestEddy();
    try {
      const { QueueUrl } = await eddy.sqs.send(new CreateQueueCommand({ QueueName: 'waiting' }));
      const poll = longPoll(eddy, QueueUrl!);
      await parked(eddy, 'waiting');
      await eddy.admin('/_eddy/time/advance', { by: '5s' });
      await parked(eddy, 'waiting'); // woken by the jump or not, parked again
      assert.equal(poll.settled(), false, 'five of its twenty seconds jumped: still waiting');
      await eddy.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'now' }));
      assert.equal((await poll.answer).Messages?.[0]?.Body, 'now');

      const { QueueUrl: emptyUrl } = await eddy.sqs.send(new CreateQueueCommand({ QueueName: 'empty' }));
      const empty = longPoll(eddy, emptyUrl!);
      await parked(eddy, 'empty');
      const started = performance.now();
      await eddy.admin('/_eddy/time/advance', { by: '1h' });
      assert.equal((await empty.answer).Messages, undefined);
      assert.ok(performance.now() - started < 5_000, 'ended by the jump, not after its 20 s');
    } finally {
      await eddy.stop();
    }
  });
});
