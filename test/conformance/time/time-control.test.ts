import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { GetItemCommand, ListTablesCommand, PutItemCommand, UpdateTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { startTestEddy, testCredentials, type TestEddy } from '../../helpers/eddy.js';
import { untilReceiversWaiting } from '../../helpers/queue-receivers.js';
import { createStreamTable, readOnlyShard } from '../streams/stream-fixtures.js';
import { durableStorages } from './durable-storage.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

interface TimeView {
  now: string;
  wallClock: string;
  offsetMs: number;
  offset: string;
}

const durableStorage = durableStorages();

async function timeOf(eddy: TestEddy): Promise<TimeView> {
  const response = await fetch(`${eddy.endpoint}/_eddy/time`);
  assert.equal(response.status, 200);
  return (await response.json()) as TimeView;
}

/**
 * Issue 18's "a day later": on durable storage, with the wall clock under Eddy (no ManualClock), one
 * advance of Eddy's time expires an item (and its REMOVE record appears on the stream), fires a nightly
 * rule into a queue and makes an unacknowledged message visible again — at once, not after a real wait.
 */
describe('time control', () => {
  it('advancing a day expires an item, fires a nightly rule and redelivers an unacknowledged message, in one advance (its time is measured by bench/time-advance.mjs)', async () => {
    const eddy = await startTestEddy({ ...(await durableStorage()).options, ttl: { sweepPeriodMs: 0 } });
    try {
      // Noon, so that no 03:00 passes while the test sets up (time runs on at the wall clock's pace).
      await eddy.admin('/_eddy/time/set', { to: '2030-06-01T12:00:00Z' });
      const streamArn = await createStreamTable(eddy.ddb, 'Carts');
      await eddy.ddb.send(new UpdateTimeToLiveCommand({ TableName: 'Carts', TimeToLiveSpecification: { Enabled: true, AttributeName: 'expiresAt' } }));
      const eddyNow = Date.parse((await timeOf(eddy)).now);
      const expiresAt = Math.floor((eddyNow + HOUR) / 1000);
      await eddy.ddb.send(new PutItemCommand({ TableName: 'Carts', Item: { pk: { S: 'cart-1' }, expiresAt: { N: String(expiresAt) } } }));

      const { QueueUrl: nightlyUrl } = await eddy.sqs.send(new CreateQueueCommand({ QueueName: 'nightly-jobs' }));
      await eddy.events.send(new PutRuleCommand({ Name: 'nightly', ScheduleExpression: 'cron(0 3 * * ? *)' }));
      await eddy.events.send(new PutTargetsCommand({ Rule: 'nightly', Targets: [{ Id: 'jobs', Arn: 'arn:aws:sqs:us-east-1:000000000000:nightly-jobs' }] }));

      const { QueueUrl: workUrl } = await eddy.sqs.send(new CreateQueueCommand({ QueueName: 'work', Attributes: { VisibilityTimeout: '600' } }));
      await eddy.sqs.send(new SendMessageCommand({ QueueUrl: workUrl, MessageBody: 'job-1' }));
      const first = await eddy.sqs.send(new ReceiveMessageCommand({ QueueUrl: workUrl, MessageSystemAttributeNames: ['ApproximateReceiveCount'] }));
      assert.equal(first.Messages?.[0]?.Body, 'job-1');
      // Not acknowledged: invisible for ten minutes, and nothing is due yet.
      assert.equal((await eddy.sqs.send(new ReceiveMessageCommand({ QueueUrl: workUrl }))).Messages, undefined);
      assert.equal((await eddy.sqs.send(new ReceiveMessageCommand({ QueueUrl: nightlyUrl }))).Messages, undefined);
      assert.deepEqual((await readOnlyShard(eddy.streams, streamArn)).map((r) => r.eventName), ['INSERT']);

      const jump = (await eddy.admin('/_eddy/time/advance', { by: '1d' })) as TimeView & { from: string; fired: Record<string, unknown> };
      const gone = await eddy.ddb.send(new GetItemCommand({ TableName: 'Carts', Key: { pk: { S: 'cart-1' } }, ConsistentRead: true }));
      const records = await readOnlyShard(eddy.streams, streamArn);
      const nightly = await eddy.sqs.send(new ReceiveMessageCommand({ QueueUrl: nightlyUrl, MaxNumberOfMessages: 10 }));
      const again = await eddy.sqs.send(new ReceiveMessageCommand({ QueueUrl: workUrl, MessageSystemAttributeNames: ['ApproximateReceiveCount'] }));

      assert.ok(jump.offsetMs >= DAY, `offset ${jump.offsetMs}`);
      assert.ok(Date.parse(jump.now) - Date.parse(jump.from) >= DAY);
      assert.deepEqual(jump.fired['ttl'], { deleted: 1 });
      assert.equal(gone.Item, undefined, 'the expired item is deleted');
      // The INSERT, a day old now, is past the stream's 24 h retention, which the jump also applied.
      assert.deepEqual(records.map((r) => r.eventName), ['REMOVE']);
      assert.deepEqual(records[0]!.userIdentity, { Type: 'Service', PrincipalId: 'dynamodb.amazonaws.com' });
      assert.equal(nightly.Messages?.length, 1, 'the nightly rule fired once into its queue');
      const event = JSON.parse(nightly.Messages![0]!.Body!) as { source: string; 'detail-type': string; time: string; resources: string[] };
      assert.equal(event.source, 'aws.events');
      assert.equal(event['detail-type'], 'Scheduled Event');
      assert.equal(event.time, '2030-06-02T03:00:00Z');
      assert.ok(eddyNow < Date.UTC(2030, 5, 1, 13));
      assert.equal(again.Messages?.[0]?.Body, 'job-1', 'redelivered after its visibility timeout');
      assert.equal(again.Messages![0]!.Attributes?.ApproximateReceiveCount, '2');
    } finally {
      await eddy.stop();
    }
  });

  it('wakes a long poll waiting on a message whose visibility timeout a jump ends', async () => {
    const eddy = await startTestEddy({ ttl: { sweepPeriodMs: 0 } });
    try {
      const { QueueUrl } = await eddy.sqs.send(new CreateQueueCommand({ QueueName: 'polled', Attributes: { VisibilityTimeout: '3600' } }));
      await eddy.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'later' }));
      assert.equal((await eddy.sqs.send(new ReceiveMessageCommand({ QueueUrl }))).Messages?.length, 1);
      const started = performance.now();
      const poll = eddy.sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 20 }));
      let settled = false;
      void poll.then(() => (settled = true));
      // Waits for the poll to reach Eddy and park (it cannot end by itself: its message is invisible for an hour).
      await untilReceiversWaiting(eddy.endpoint, 'polled');
      assert.equal(settled, false, 'the long poll waits');
      await eddy.admin('/_eddy/time/advance', { by: '2h' });
      const woken = await poll;
      assert.equal(woken.Messages?.[0]?.Body, 'later');
      assert.ok(performance.now() - started < 10_000, 'the long poll ended with the jump, not after its 20 s');
    } finally {
      await eddy.stop();
    }
  });

  it("delivers a delayed message once a jump passes its delay", async () => {
    const eddy = await startTestEddy();
    try {
      const { QueueUrl } = await eddy.sqs.send(new CreateQueueCommand({ QueueName: 'delayed' }));
      await eddy.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'in 15 minutes', DelaySeconds: 900 }));
      assert.equal((await eddy.sqs.send(new ReceiveMessageCommand({ QueueUrl }))).Messages, undefined);
      await eddy.admin('/_eddy/time/advance', { by: '14m' });
      assert.equal((await eddy.sqs.send(new ReceiveMessageCommand({ QueueUrl }))).Messages, undefined);
      await eddy.admin('/_eddy/time/advance', { by: '1m' });
      assert.equal((await eddy.sqs.send(new ReceiveMessageCommand({ QueueUrl }))).Messages?.[0]?.Body, 'in 15 minutes');
    } finally {
      await eddy.stop();
    }
  });

  it("runs an async invocation's retries when their due times fall in jumps (Lambda's one and two minutes, not waited for)", async () => {
    const config = fileURLToPath(new URL('../lambda/fixtures/async.config.json', import.meta.url));
    const eddy = await startTestEddy({ config });
    const lambda = new LambdaClient({ endpoint: eddy.endpoint, region: 'us-east-1', credentials: testCredentials, maxAttempts: 1 });
    try {
      const attempts = async () => Number((await eddy.ddb.send(new GetItemCommand({ TableName: 'Attempts', Key: { id: { S: 'x' } }, ConsistentRead: true }))).Item?.['attempts']?.N ?? 0);
      await lambda.send(new InvokeCommand({ FunctionName: 'flaky', InvocationType: 'Event', Payload: Buffer.from('{"id":"x"}') }));
      const deadline = performance.now() + 10_000;
      while ((await attempts()) < 1 && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
      assert.equal(await attempts(), 1, 'the first attempt runs at once and fails');
      // Waits for that attempt to be settled (its retry stored a minute after its failure) before moving time.
      await eddy.admin('/_eddy/functions/async/run');
      const started = performance.now();
      await eddy.admin('/_eddy/time/advance', { by: '30s' });
      assert.equal(await attempts(), 1, 'the first retry is a minute after');
      await eddy.admin('/_eddy/time/advance', { by: '31s' });
      assert.equal(await attempts(), 2, 'the first retry ran in the jump past its due time');
      await eddy.admin('/_eddy/time/advance', { by: '2m' });
      assert.equal(await attempts(), 3, 'the second retry, two minutes later, too');
      console.log(`two async retries by advancing: ${(performance.now() - started).toFixed(0)} ms of wall time`);
    } finally {
      lambda.destroy();
      await eddy.stop();
    }
  });

  it('refuses to move time back: 400 TimeMovesForwardOnlyException, nothing changed', async () => {
    const eddy = await startTestEddy();
    try {
      await eddy.admin('/_eddy/time/advance', { by: '2h' });
      const before = await timeOf(eddy);
      for (const [path, body] of [
        ['/_eddy/time/set', { to: '2020-01-01T00:00:00Z' }],
        ['/_eddy/time/advance', { by: '0s' }],
      ] as const) {
        const response = await fetch(`${eddy.endpoint}${path}`, { method: 'POST', body: JSON.stringify(body) });
        assert.equal(response.status, 400);
        const answer = (await response.json()) as { type: string; message: string };
        assert.equal(answer.type, 'TimeMovesForwardOnlyException');
        assert.match(answer.message, /^Time only moves forward/);
      }
      const malformed = await fetch(`${eddy.endpoint}/_eddy/time/advance`, { method: 'POST', body: JSON.stringify({ by: 'tomorrow' }) });
      assert.equal(malformed.status, 400);
      assert.equal(((await malformed.json()) as { type: string }).type, 'ValidationException');
      assert.equal((await timeOf(eddy)).offsetMs, before.offsetMs);
      // resume drops the offset: back to the wall clock.
      const resumed = (await eddy.admin('/_eddy/time/resume')) as TimeView;
      assert.equal(resumed.offsetMs, 0);
      assert.equal(resumed.offset, '+0s');
    } finally {
      await eddy.stop();
    }
  });

  it('checks signatures against the wall clock: clients signing with the real time still verify a day later', async () => {
    const eddy = await startTestEddy({ auth: { credentials: [testCredentials] } });
    try {
      await eddy.admin('/_eddy/time/advance', { by: '1d' });
      assert.deepEqual((await eddy.ddb.send(new ListTablesCommand({}))).TableNames, []);
    } finally {
      await eddy.stop();
    }
  });

  it('keeps the offset across a restart on the same storage', async () => {
    const { options } = await durableStorage();
    const first = await startTestEddy(options);
    const target = Date.parse((await timeOf(first)).now) + 30 * DAY;
    await first.admin('/_eddy/time/advance', { by: '2h' });
    await first.admin('/_eddy/time/set', { to: new Date(target).toISOString() });
    const offset = (await timeOf(first)).offsetMs;
    await first.stop();

    const second = await startTestEddy(options);
    try {
      const view = await timeOf(second);
      assert.equal(view.offsetMs, offset);
      assert.ok(Date.parse(view.now) >= target, `${view.now} is not after ${new Date(target).toISOString()}`);
      assert.ok(Date.parse(view.now) - Date.parse(view.wallClock) === offset);
      const attributes = await second.sqs.send(new CreateQueueCommand({ QueueName: 'after-restart' }));
      const created = await second.sqs.send(new GetQueueAttributesCommand({ QueueUrl: attributes.QueueUrl, AttributeNames: ['CreatedTimestamp'] }));
      assert.ok(Number(created.Attributes!.CreatedTimestamp) * 1000 >= target - 1000, 'what is stored after the restart carries Eddy\'s time');
    } finally {
      await second.stop();
    }
  });
});
