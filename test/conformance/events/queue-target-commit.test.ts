import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CreateEventBusCommand, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { GetQueueAttributesCommand, ReceiveMessageCommand, SetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { startTestEddy, type TestEddy } from '../../helpers/eddy.js';
import { eventually } from '../../helpers/eventually.js';
import { untilReceiversWaiting } from '../../helpers/queue-receivers.js';
import { drainMessages, newQueue, newRule } from './delivery-fixtures.js';
import { uniqueName } from './events-fixtures.js';

/**
 * A queue target of the same deployment is delivered in the transaction that accepts the event
 * (InlineQueueTargets): the message is on the queue when PutEvents answers.
 */
describe('EventBridge queue targets: the message is committed with the event', () => {
  let eddy: TestEddy;
  before(async () => {
    eddy = await startTestEddy({});
  });
  after(async () => {
    await eddy.stop();
  });

  const newBus = async () => {
    const name = uniqueName('inline');
    await eddy.events.send(new CreateEventBusCommand({ Name: name }));
    return name;
  };
  const putTen = async (bus: string, source: string) => {
    const Entries = Array.from({ length: 10 }, (_, n) => ({ EventBusName: bus, Source: source, DetailType: 'OrderPlaced', Detail: JSON.stringify({ n }) }));
    const out = await eddy.events.send(new PutEventsCommand({ Entries }));
    assert.equal(out.FailedEntryCount, 0);
    return out.Entries!.map((entry) => entry.EventId!);
  };

  it('every matched event of a PutEvents is on the queue, once, as soon as PutEvents has answered', async () => {
    const bus = await newBus();
    const queue = await newQueue(eddy, 'committed');
    await newRule(eddy, bus, { source: ['com.example.orders'] }, [{ Id: 'q', Arn: queue.arn }]);
    const ids = await putTen(bus, 'com.example.orders');
    const messages = await drainMessages(eddy, queue); // nothing waited for
    assert.deepEqual(messages.map((m) => JSON.parse(m.Body!).id).sort(), [...ids].sort());
    assert.deepEqual(await drainMessages(eddy, queue), []);
  });

  it('a FIFO queue target keeps the order of the events in its message group', async () => {
    const bus = await newBus();
    const queue = await newQueue(eddy, 'committed.fifo');
    await newRule(eddy, bus, { source: ['com.example.fifo'] }, [{ Id: 'q', Arn: queue.arn, SqsParameters: { MessageGroupId: 'g' }, InputPath: '$.detail' }]);
    await putTen(bus, 'com.example.fifo');
    const bodies: unknown[] = [];
    for (let round = 0; round < 10 && bodies.length < 10; round++) {
      for (const message of await drainMessages(eddy, queue)) bodies.push(JSON.parse(message.Body!));
    }
    assert.deepEqual(bodies, Array.from({ length: 10 }, (_, n) => ({ n })));
  });

  it('a queue changed since its last message is read again: SetQueueAttributes applies to the next event', async () => {
    const bus = await newBus();
    const queue = await newQueue(eddy, 'changing');
    await newRule(eddy, bus, { source: ['com.example.changing'] }, [{ Id: 'q', Arn: queue.arn }]);
    await putTen(bus, 'com.example.changing');
    assert.equal((await drainMessages(eddy, queue)).length, 10);
    await eddy.sqs.send(new SetQueueAttributesCommand({ QueueUrl: queue.url, Attributes: { DelaySeconds: '900' } }));
    await putTen(bus, 'com.example.changing');
    assert.deepEqual(await drainMessages(eddy, queue), []); // delayed 15 minutes, as the queue now says
    // The call that finds its cached queue changed leaves the deliveries to the runner (InlineQueueTargets), so they
    // arrive a moment after PutEvents answers: at once on SQLite, within the 250 ms polling of shared storage.
    const delayed = async () => (await eddy.sqs.send(new GetQueueAttributesCommand({ QueueUrl: queue.url, AttributeNames: ['ApproximateNumberOfMessagesDelayed'] }))).Attributes?.ApproximateNumberOfMessagesDelayed;
    await eventually('10 messages delayed', delayed, { accept: (count) => count === '10' });
    assert.deepEqual(await drainMessages(eddy, queue), []);
  });

  it('wakes a long poll waiting on the queue', async () => {
    const bus = await newBus();
    const queue = await newQueue(eddy, 'woken');
    await newRule(eddy, bus, { source: ['com.example.woken'] }, [{ Id: 'q', Arn: queue.arn }]);
    // Waits up to 20 s unless woken; abandoned at 10 s, so a poll nobody wakes fails the test.
    const polled = eddy.sqs.send(new ReceiveMessageCommand({ QueueUrl: queue.url, WaitTimeSeconds: 20, MaxNumberOfMessages: 10 }), { abortSignal: AbortSignal.timeout(10_000) });
    await untilReceiversWaiting(eddy.endpoint, queue.name); // the poll is parked (a message sent first would be found without a wake)
    const ids = await putTen(bus, 'com.example.woken');
    const out = await polled;
    assert.ok((out.Messages ?? []).length > 0);
    for (const message of out.Messages!) assert.ok(ids.includes(JSON.parse(message.Body!).id));
  });
});
