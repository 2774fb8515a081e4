import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { CreateEventBusCommand, PutEventsCommand, type Target } from '@aws-sdk/client-eventbridge';
import type { Message } from '@aws-sdk/client-sqs';
import { startTestEddy, type TestEddy } from '../../helpers/eddy.js';
import { functionArnOf, newQueue, newRule, queueArnOf, receiveMessages } from './delivery-fixtures.js';
import { busArnOf, ruleArnOf, uniqueName } from './events-fixtures.js';

/** A DLQ message's attributes as plain strings. */
const attributesOf = (message: Message) =>
  Object.fromEntries(Object.entries(message.MessageAttributes ?? {}).map(([name, value]) => [name, `${value.DataType}:${value.StringValue}`]));

describe('EventBridge targets that cannot take an event: dead-letter queues', () => {
  let eddy: TestEddy;
  let bus: string;
  before(async () => {
    eddy = await startTestEddy({ config: fileURLToPath(new URL('./fixtures/bus.config.json', import.meta.url)) });
    bus = uniqueName('failing');
    await eddy.events.send(new CreateEventBusCommand({ Name: bus }));
  });
  after(() => eddy.stop());

  /** Routes one event to `target` (with a new DLQ) and returns the DLQ's message and the event's id. */
  const deadLettered = async (target: Omit<Target, 'Id' | 'DeadLetterConfig'>) => {
    const dlq = await newQueue(eddy, 'dlq');
    const detailType = uniqueName('type');
    const rule = await newRule(eddy, bus, { 'detail-type': [detailType] }, [{ Id: 't', ...target, DeadLetterConfig: { Arn: dlq.arn } } as Target]);
    const out = await eddy.events.send(new PutEventsCommand({ Entries: [{ EventBusName: bus, Source: 'com.example', DetailType: detailType, Detail: '{"k":"v"}' }] }));
    const [message] = await receiveMessages(eddy, dlq, 1);
    return { message: message!, id: out.Entries![0]!.EventId!, rule };
  };

  it('a function that does not exist: straight to the DLQ, NO_RESOURCE, no retries, the event as the body', async () => {
    const arn = functionArnOf('no-such-function');
    const { message, id, rule } = await deadLettered({ Arn: arn });
    const attributes = attributesOf(message);
    assert.deepEqual(Object.keys(attributes).sort(), ['ERROR_CODE', 'ERROR_MESSAGE', 'RETRY_ATTEMPTS', 'RULE_ARN', 'TARGET_ARN']);
    assert.equal(attributes['RULE_ARN'], `String:${ruleArnOf(bus, rule)}`);
    assert.equal(attributes['TARGET_ARN'], `String:${arn}`);
    assert.equal(attributes['ERROR_CODE'], 'String:NO_RESOURCE');
    assert.match(attributes['ERROR_MESSAGE']!, /^String:.*no-such-function/);
    assert.equal(attributes['RETRY_ATTEMPTS'], 'Number:0');
    const event = JSON.parse(message.Body!);
    assert.equal(event.id, id);
    assert.deepEqual(event.detail, { k: 'v' });
  });

  it('a queue or bus that does not exist: NO_RESOURCE', async () => {
    for (const Arn of [queueArnOf(uniqueName('gone')), busArnOf(uniqueName('gone')), 'arn:aws:sqs:eu-west-1:000000000000:elsewhere']) {
      const { message } = await deadLettered({ Arn });
      assert.equal(attributesOf(message)['ERROR_CODE'], 'String:NO_RESOURCE', Arn);
      assert.equal(attributesOf(message)['TARGET_ARN'], `String:${Arn}`);
    }
  });

  it('a FIFO queue without content-based deduplication refuses the message: INVALID_PARAMETER', async () => {
    const fifo = await newQueue(eddy, 'strict.fifo', { ContentBasedDeduplication: 'false' });
    const { message } = await deadLettered({ Arn: fifo.arn, SqsParameters: { MessageGroupId: 'g' } });
    assert.equal(attributesOf(message)['ERROR_CODE'], 'String:INVALID_PARAMETER');
    assert.equal(attributesOf(message)['RETRY_ATTEMPTS'], 'Number:0');
  });

  it('a text input template for a function target is not an event: INVALID_JSON, the rendered text as the body', async () => {
    const { message } = await deadLettered({
      Arn: functionArnOf('recorder'),
      InputTransformer: { InputPathsMap: { k: '$.detail.k' }, InputTemplate: 'Value is <k>' },
    });
    assert.equal(attributesOf(message)['ERROR_CODE'], 'String:INVALID_JSON');
    assert.equal(message.Body, 'Value is v');
  });
});
