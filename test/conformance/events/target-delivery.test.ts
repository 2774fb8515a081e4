import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { CreateEventBusCommand, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { GetQueueUrlCommand } from '@aws-sdk/client-sqs';
import { startTestEddy, testCredentials, type TestEddy } from '../../helpers/eddy.js';
import { functionArnOf, newQueue, newRule, queueArnOf, receiveMessages, type TestQueue } from './delivery-fixtures.js';
import { busArnOf, ruleArnOf, uniqueName } from './events-fixtures.js';

const config = fileURLToPath(new URL('./fixtures/bus.config.json', import.meta.url));

describe('EventBridge targets: each kind receives what a rule matched', () => {
  let eddy: TestEddy;
  let lambda: LambdaClient;
  let seen: TestQueue;
  before(async () => {
    eddy = await startTestEddy({ config });
    lambda = new LambdaClient({ endpoint: eddy.endpoint, region: 'us-east-1', credentials: testCredentials, maxAttempts: 1 });
    const url = async (name: string) => (await eddy.sqs.send(new GetQueueUrlCommand({ QueueName: name }))).QueueUrl!;
    seen = { name: 'bus-seen', url: await url('bus-seen'), arn: queueArnOf('bus-seen') };
  });
  after(async () => {
    lambda.destroy();
    await eddy.stop();
  });

  const newBus = async (prefix: string) => {
    const name = uniqueName(prefix);
    await eddy.events.send(new CreateEventBusCommand({ Name: name }));
    return name;
  };
  const put = async (entry: PutEventsRequestEntry) => {
    const out = await eddy.events.send(new PutEventsCommand({ Entries: [{ Source: 'com.example.orders', DetailType: 'OrderPlaced', Detail: '{"orderId":"o-1"}', ...entry }] }));
    assert.equal(out.FailedEntryCount, 0);
    return out.Entries![0]!.EventId!;
  };

  it('a function target is invoked asynchronously with the event as its event', async () => {
    const bus = await newBus('to-function');
    await newRule(eddy, bus, { source: ['com.example.orders'] }, [{ Id: 'recorder', Arn: functionArnOf('recorder') }]);
    const id = await put({ EventBusName: bus, Detail: '{"orderId":"o-fn","items":[1,2]}' });
    const [message] = await receiveMessages(eddy, seen, 1);
    const event = JSON.parse(message!.Body!);
    assert.equal(event.id, id);
    assert.deepEqual(Object.keys(event), ['version', 'id', 'detail-type', 'source', 'account', 'time', 'region', 'resources', 'detail']);
    assert.deepEqual(event.detail, { orderId: 'o-fn', items: [1, 2] });
  });

  it('a function target with InputPath gets the selected value; a queue target with an InputTransformer gets the rendered template', async () => {
    const bus = await newBus('inputs');
    const queue = await newQueue(eddy, 'transformed');
    const rule = await newRule(eddy, bus, { 'detail-type': ['Shipped'] }, [
      { Id: 'fn', Arn: functionArnOf('recorder'), InputPath: '$.detail.order' },
      {
        Id: 'q',
        Arn: queue.arn,
        InputTransformer: {
          InputPathsMap: { order: '$.detail.order.id', carrier: '$.detail.carrier', first: '$.resources[0]' },
          InputTemplate: '{"orderId": <order>, "text": "Order <order> shipped via <carrier>", "table": <first>, "rule": <aws.events.rule-name>, "arn": <aws.events.rule-arn>}',
        },
      },
    ]);
    await put({ EventBusName: bus, DetailType: 'Shipped', Detail: '{"order":{"id":"ord-7781","lines":2},"carrier":"DHL"}', Resources: ['arn:aws:dynamodb:us-east-1:000000000000:table/Orders'] });
    const [fromFunction] = await receiveMessages(eddy, seen, 1);
    assert.deepEqual(JSON.parse(fromFunction!.Body!), { id: 'ord-7781', lines: 2 });
    const [fromQueue] = await receiveMessages(eddy, queue, 1);
    assert.equal(
      fromQueue!.Body,
      `{"orderId":"ord-7781","text":"Order ord-7781 shipped via DHL","table":"arn:aws:dynamodb:us-east-1:000000000000:table/Orders","rule":"${rule}","arn":"${ruleArnOf(bus, rule)}"}`,
    );
  });

  it('a FIFO queue target gets the message in the target\'s MessageGroupId (content-based deduplication)', async () => {
    const bus = await newBus('to-fifo');
    const queue = await newQueue(eddy, 'counts.fifo');
    await newRule(eddy, bus, { source: ['com.example.orders'] }, [{ Id: 'fifo', Arn: queue.arn, SqsParameters: { MessageGroupId: 'customers' }, InputPath: '$.detail' }]);
    await put({ EventBusName: bus, Detail: '{"n":1}' });
    await put({ EventBusName: bus, Detail: '{"n":2}' });
    const messages = await receiveMessages(eddy, queue, 2);
    assert.deepEqual(messages.map((m) => m.Attributes?.MessageGroupId), ['customers', 'customers']);
    assert.deepEqual(messages.map((m) => JSON.parse(m.Body!).n).sort(), [1, 2]);
  });

  it('a bus target puts the event on the other bus, whose rules route it on, with its id kept', async () => {
    const first = await newBus('first');
    const second = await newBus('second');
    const queue = await newQueue(eddy, 'second-hop');
    await newRule(eddy, first, { source: ['com.example.orders'] }, [{ Id: 'next', Arn: busArnOf(second) }]);
    await newRule(eddy, second, { 'detail-type': ['OrderPlaced'] }, [{ Id: 'q', Arn: queue.arn }]);
    const id = await put({ EventBusName: first, Detail: '{"hop":1}', Resources: ['r-1'], Time: new Date(Date.UTC(2026, 4, 1, 9, 30, 15)) });
    const [message] = await receiveMessages(eddy, queue, 1);
    const event = JSON.parse(message!.Body!);
    assert.deepEqual(event, {
      version: '0',
      id,
      'detail-type': 'OrderPlaced',
      source: 'com.example.orders',
      account: '000000000000',
      time: '2026-05-01T09:30:15Z',
      region: 'us-east-1',
      resources: ['r-1'],
      detail: { hop: 1 },
    });
  });

  it("events a function's own code puts (an EventBridgeClient with no endpoint) reach Eddy's bus and its rules", async () => {
    const published = { name: 'bus-published', url: (await eddy.sqs.send(new GetQueueUrlCommand({ QueueName: 'bus-published' }))).QueueUrl!, arn: queueArnOf('bus-published') };
    const source = uniqueName('com.example.handler');
    await newRule(eddy, undefined, { source: [source] }, [{ Id: 'q', Arn: published.arn }]);
    const out = await lambda.send(new InvokeCommand({ FunctionName: 'publisher', Payload: Buffer.from(JSON.stringify({ source, detailType: 'FromHandler', detail: { ok: true } })) }));
    assert.equal(out.FunctionError, undefined, Buffer.from(out.Payload ?? []).toString());
    const answer = JSON.parse(Buffer.from(out.Payload!).toString());
    assert.equal(answer.failed, 0);
    const [message] = await receiveMessages(eddy, published, 1);
    const event = JSON.parse(message!.Body!);
    assert.equal(event.id, answer.eventId);
    assert.equal(event.source, source);
    assert.deepEqual(event.detail, { ok: true });
  });
});
