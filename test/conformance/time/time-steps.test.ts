import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { DescribeTableCommand, PutItemCommand, UpdateTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { CreateQueueCommand, GetQueueUrlCommand, ReceiveMessageCommand, type Message } from '@aws-sdk/client-sqs';
import { CreateScheduleCommand } from '@aws-sdk/client-scheduler';
import { fileURLToPath } from 'node:url';
import { CreateEventSourceMappingCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { startTestEddy, testCredentials, type TestEddy } from '../../helpers/eddy.js';
import { untilPositioned } from '../../helpers/consumer-position.js';
import { createStreamTable, readOnlyShard } from '../streams/stream-fixtures.js';
import { ROLE, queueArnOf, schedulerClient } from '../scheduler/scheduler-fixtures.js';

const MINUTE = 60_000;
const triggersConfig = fileURLToPath(new URL('../triggers/fixtures/eddy.config.ts', import.meta.url));

/** Every message of a queue (none left in flight for this test's purposes), in the order received. */
async function drain(eddy: TestEddy, QueueUrl: string): Promise<Message[]> {
  const all: Message[] = [];
  for (;;) {
    const { Messages } = await eddy.sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, MessageSystemAttributeNames: ['SentTimestamp'] }));
    if (!Messages?.length) return all;
    all.push(...Messages);
  }
}

const sentAt = (message: Message) => Number(message.Attributes!['SentTimestamp']);

/**
 * Issue 18's "advancing fires, in due order, everything that fell due": a jump is replayed step by step
 * (src/time/time-control.ts), so it behaves like the time passing — each firing at its own time, kinds
 * interleaved by due time.
 */
describe('time control: a jump replayed step by step', () => {
  it('a rate(5 minutes) rule advanced an hour fires 12 times, in order, each at its time', async () => {
    const eddy = await startTestEddy();
    try {
      await eddy.admin('/_eddy/time/set', { to: '2030-06-01T12:00:00Z' });
      const { QueueUrl } = await eddy.sqs.send(new CreateQueueCommand({ QueueName: 'ticks' }));
      await eddy.events.send(new PutRuleCommand({ Name: 'tick', ScheduleExpression: 'rate(5 minutes)' }));
      await eddy.events.send(new PutTargetsCommand({ Rule: 'tick', Targets: [{ Id: 'q', Arn: queueArnOf('ticks') }] }));
      const started = performance.now();
      const jump = (await eddy.admin('/_eddy/time/advance', { by: '1h' })) as { steps: number; fired: Record<string, { firings?: number }> };
      const elapsed = performance.now() - started;
      const events = (await drain(eddy, QueueUrl!)).map((m) => ({ time: Date.parse((JSON.parse(m.Body!) as { time: string }).time), sent: sentAt(m) }));
      assert.equal(events.length, 12);
      assert.equal(jump.fired['ruleSchedules']?.firings, 12);
      assert.ok(jump.steps >= 12, `${jump.steps} steps`);
      for (let i = 1; i < events.length; i++) assert.equal(events[i]!.time - events[i - 1]!.time, 5 * MINUTE, 'one event per period, in order');
      for (const event of events) {
        // Each sent at its own time (the step's), not at the jump's end.
        assert.ok(event.sent >= event.time && event.sent - event.time < 5_000, `sent ${event.sent - event.time} ms after its time`);
      }
      console.log(`12 firings replayed in ${jump.steps} steps: ${elapsed.toFixed(0)} ms of wall time`);
    } finally {
      await eddy.stop();
    }
  });

  it('a TTL expiry at +1h inside a 2h jump is handled by a stream trigger at +1h, not at the jump\'s end', async () => {
    const eddy = await startTestEddy({ config: triggersConfig, ttl: { sweepPeriodMs: 0 } });
    const lambda = new LambdaClient({ endpoint: eddy.endpoint, region: 'us-east-1', credentials: testCredentials, maxAttempts: 1 });
    try {
      const start = Date.parse('2030-06-01T12:00:00Z');
      await eddy.admin('/_eddy/time/set', { to: new Date(start).toISOString() });
      await eddy.ddb.send(new UpdateTimeToLiveCommand({ TableName: 'Orders', TimeToLiveSpecification: { Enabled: true, AttributeName: 'expiresAt' } }));
      const { LatestStreamArn } = (await eddy.ddb.send(new DescribeTableCommand({ TableName: 'Orders' }))).Table!;
      // The recorder reports each batch it gets to the `seen` queue: the message's SentTimestamp is Eddy's time then.
      const { UUID } = await lambda.send(new CreateEventSourceMappingCommand({ FunctionName: 'recorder', EventSourceArn: LatestStreamArn, StartingPosition: 'LATEST', FilterCriteria: { Filters: [{ Pattern: '{"eventName":["REMOVE"]}' }] } }));
      // Its position is the shard's newest record when its consumer first reads it, in the background: one that
      // first read after the put would skip its REMOVE (the jump waits for a position too, but only once it starts).
      await untilPositioned(eddy.endpoint, UUID!);
      await eddy.ddb.send(new PutItemCommand({ TableName: 'Orders', Item: { pk: { S: 'cart' }, expiresAt: { N: String((start + 60 * MINUTE) / 1000) } } }));
      await eddy.admin('/_eddy/time/advance', { by: '2h' });
      const { QueueUrl } = await eddy.sqs.send(new GetQueueUrlCommand({ QueueName: 'seen' }));
      // (The config's own `configured` trigger reports the INSERT too.)
      const report = (await drain(eddy, QueueUrl!)).find((m) => (JSON.parse(m.Body!) as { records: { event: string }[] }).records.some((r) => r.event === 'REMOVE'));
      assert.ok(report, 'the trigger got the REMOVE');
      const minutes = (sentAt(report) - start) / MINUTE;
      assert.ok(minutes >= 60 && minutes < 61, `handled at +${minutes.toFixed(2)} min`);
    } finally {
      lambda.destroy();
      await eddy.stop();
    }
  });

  it('mixed kinds happen in global due order: a rule at +20 min, a TTL expiry at +30 min, an at() schedule at +40 min', async () => {
    const eddy = await startTestEddy({ ttl: { sweepPeriodMs: 0 } });
    try {
      const start = Date.parse('2030-06-01T12:00:00Z');
      await eddy.admin('/_eddy/time/set', { to: new Date(start).toISOString() });
      const { QueueUrl } = await eddy.sqs.send(new CreateQueueCommand({ QueueName: 'order' }));
      await eddy.events.send(new PutRuleCommand({ Name: 'twenty', ScheduleExpression: 'rate(20 minutes)' }));
      await eddy.events.send(new PutTargetsCommand({ Rule: 'twenty', Targets: [{ Id: 'q', Arn: queueArnOf('order'), Input: '"rule"' }] }));
      const streamArn = await createStreamTable(eddy.ddb, 'Carts');
      await eddy.ddb.send(new UpdateTimeToLiveCommand({ TableName: 'Carts', TimeToLiveSpecification: { Enabled: true, AttributeName: 'expiresAt' } }));
      await eddy.ddb.send(new PutItemCommand({ TableName: 'Carts', Item: { pk: { S: 'cart' }, expiresAt: { N: String((start + 30 * MINUTE) / 1000) } } }));
      const scheduler = schedulerClient(eddy);
      await scheduler.send(
        new CreateScheduleCommand({
          Name: 'once',
          ScheduleExpression: 'at(2030-06-01T12:40:00)',
          FlexibleTimeWindow: { Mode: 'OFF' },
          Target: { Arn: queueArnOf('order'), RoleArn: ROLE, Input: '"at"' },
        }),
      );
      await eddy.admin('/_eddy/time/advance', { by: '45m' });

      const happened: { what: string; at: number }[] = (await drain(eddy, QueueUrl!)).map((m) => ({ what: JSON.parse(m.Body!) as string, at: sentAt(m) }));
      const remove = (await readOnlyShard(eddy.streams, streamArn)).find((r) => r.eventName === 'REMOVE');
      assert.ok(remove, 'the item expired');
      happened.push({ what: 'ttl', at: remove.dynamodb!.ApproximateCreationDateTime!.getTime() });
      happened.sort((a, b) => a.at - b.at);
      const minutes = happened.map((h) => `${h.what}@${Math.floor((h.at - start) / MINUTE)}`);
      // The rule's second firing and the at() schedule share +40 (the rule's pass runs first, within the same ms or so).
      assert.deepEqual(minutes.slice(0, 2), ['rule@20', 'ttl@30'], 'each at its own time, in due order, not at the jump\'s end');
      assert.deepEqual(minutes.slice(2).sort(), ['at@40', 'rule@40']);
      scheduler.destroy();
    } finally {
      await eddy.stop();
    }
  });
});
