import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { CreateEventBusCommand } from '@aws-sdk/client-eventbridge';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { GetQueueUrlCommand } from '@aws-sdk/client-sqs';
import { startTestEddy, testCredentials, type TestEddy } from '../../helpers/eddy.js';
import { newRule, queueArnOf, receiveMessages, type TestQueue } from './delivery-fixtures.js';
import { ACCOUNT, busArnOf, uniqueName } from './events-fixtures.js';

const config = fileURLToPath(new URL('./fixtures/own-events.config.json', import.meta.url));

/** `time` of an envelope: ISO 8601 to the second (cut, not rounded), UTC. */
const envelopeTime = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

describe("EventBridge: events a function's own code puts (EventBridgeClient({}), no endpoint, no region) reach Eddy's bus", () => {
  let eddy: TestEddy;
  let lambda: LambdaClient;
  let queue: TestQueue;
  before(async () => {
    eddy = await startTestEddy({ config });
    lambda = new LambdaClient({ endpoint: eddy.endpoint, region: 'us-east-1', credentials: testCredentials, maxAttempts: 1 });
    queue = { name: 'own-events', url: (await eddy.sqs.send(new GetQueueUrlCommand({ QueueName: 'own-events' }))).QueueUrl!, arn: queueArnOf('own-events') };
  });
  after(async () => {
    lambda.destroy();
    await eddy.stop();
  });

  it('a rule of the custom bus the handler names (by name or ARN) sends each event to a queue, in the exact envelope', async () => {
    const bus = uniqueName('checkout');
    await eddy.events.send(new CreateEventBusCommand({ Name: bus }));
    await newRule(eddy, bus, { source: ['com.example.checkout'] }, [{ Id: 'q', Arn: queue.arn }]);

    const invokedAt = Date.now();
    const out = await lambda.send(
      new InvokeCommand({
        FunctionName: 'busPublisher',
        Payload: Buffer.from(JSON.stringify({
          entries: [
            {
              EventBusName: bus,
              Source: 'com.example.checkout',
              DetailType: 'OrderPlaced',
              Detail: '{"orderId":"o-1","total":42.5,"lines":[{"sku":"A-1","quantity":2}],"gift":false,"note":null}',
              Resources: ['arn:aws:dynamodb:us-east-1:000000000000:table/orders', 'order/o-1'],
              Time: '2026-03-01T10:15:30.000Z',
            },
            { EventBusName: busArnOf(bus), Source: 'com.example.checkout', DetailType: 'OrderPaid', Detail: '{"orderId":"o-1"}' },
          ],
        })),
      }),
    );
    const answeredAt = Date.now();
    assert.equal(out.FunctionError, undefined, Buffer.from(out.Payload ?? []).toString());
    const answer = JSON.parse(Buffer.from(out.Payload!).toString()) as { FailedEntryCount: number; Entries: { EventId?: string; ErrorCode?: string }[] };
    assert.equal(answer.FailedEntryCount, 0);
    assert.equal(answer.Entries.length, 2);
    const [placedId, paidId] = answer.Entries.map((entry) => entry.EventId!);
    assert.match(placedId!, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    assert.notEqual(placedId, paidId);

    const events = (await receiveMessages(eddy, queue, 2)).map((message) => JSON.parse(message.Body!) as Record<string, unknown>);
    const byType = new Map(events.map((event) => [event['detail-type'], event]));
    assert.equal(byType.size, 2);
    for (const event of events) {
      assert.deepEqual(Object.keys(event), ['version', 'id', 'detail-type', 'source', 'account', 'time', 'region', 'resources', 'detail']);
    }
    assert.deepEqual(byType.get('OrderPlaced'), {
      version: '0',
      id: placedId,
      'detail-type': 'OrderPlaced',
      source: 'com.example.checkout',
      account: ACCOUNT,
      time: '2026-03-01T10:15:30Z',
      // The region the handler's client took from Lambda's environment: Eddy's.
      region: 'us-east-1',
      resources: ['arn:aws:dynamodb:us-east-1:000000000000:table/orders', 'order/o-1'],
      detail: { orderId: 'o-1', total: 42.5, lines: [{ sku: 'A-1', quantity: 2 }], gift: false, note: null },
    });
    const paid = byType.get('OrderPaid')!;
    // Without Time, the time PutEvents was called.
    assert.ok(paid.time as string >= envelopeTime(invokedAt) && paid.time as string <= envelopeTime(answeredAt), `${paid.time}`);
    assert.deepEqual(paid, {
      version: '0',
      id: paidId,
      'detail-type': 'OrderPaid',
      source: 'com.example.checkout',
      account: ACCOUNT,
      time: paid.time,
      region: 'us-east-1',
      resources: [],
      detail: { orderId: 'o-1' },
    });
    assert.match(paid.time as string, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
  });
});
