import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { TestEventPatternCommand } from '@aws-sdk/client-eventbridge';
import { startTestEddy, type TestEddy } from '../../helpers/eddy.js';
import { rawEvents, rejectsWith } from './events-fixtures.js';

const EVENT = {
  version: '0',
  id: '3f1c2b8e-6a0d-4c57-9e4b-1a2b3c4d5e6f',
  'detail-type': 'OrderShipped',
  source: 'com.example.orders',
  account: '111122223333',
  time: '2026-03-14T10:05:07Z',
  region: 'eu-west-1',
  resources: ['arn:aws:dynamodb:eu-west-1:111122223333:table/Orders'],
  detail: { orderId: 'ord-7781', carrier: 'DHL', items: 3, address: { country: 'DE' } },
};

describe('EventBridge TestEventPattern', () => {
  let eddy: TestEddy;
  before(async () => {
    eddy = await startTestEddy();
  });
  after(() => eddy.stop());

  const test = async (pattern: object | string, event: object | string = EVENT) =>
    (
      await eddy.events.send(
        new TestEventPatternCommand({ EventPattern: typeof pattern === 'string' ? pattern : JSON.stringify(pattern), Event: typeof event === 'string' ? event : JSON.stringify(event) }),
      )
    ).Result;

  it('says whether the event matches (SEMANTICS C.6.4)', async () => {
    const pattern = {
      source: ['com.example.orders'],
      'detail-type': ['OrderShipped', 'OrderDelivered'],
      detail: { items: [{ numeric: ['>=', 1, '<', 100] }], carrier: [{ 'anything-but': ['POSTAL'] }], address: { country: [{ 'equals-ignore-case': 'de' }] } },
    };
    assert.equal(await test(pattern), true);
    assert.equal(await test(pattern, { ...EVENT, detail: { ...EVENT.detail, carrier: null } }), true);
    const { carrier: _carrier, ...withoutCarrier } = EVENT.detail;
    assert.equal(await test(pattern, { ...EVENT, detail: withoutCarrier }), false);
    assert.equal(await test(pattern, { ...EVENT, detail: { ...EVENT.detail, items: '3' } }), false);
    assert.equal(await test({ region: ['us-east-1'] }), false);
    // An event without `resources` is accepted (observed).
    const { resources: _resources, ...noResources } = EVENT;
    assert.equal(await test({ source: ['com.example.orders'] }, noResources), true);
  });

  it('answers InvalidEventPatternException with the reason for an invalid pattern', async () => {
    await rejectsWith(eddy.events.send(new TestEventPatternCommand({ EventPattern: '{"source":"x"}', Event: JSON.stringify(EVENT) })), 'InvalidEventPatternException', 'Event pattern is not valid. Reason: "source" must be an object or an array');
    await rejectsWith(eddy.events.send(new TestEventPatternCommand({ EventPattern: '{"source":[]}', Event: JSON.stringify(EVENT) })), 'InvalidEventPatternException', 'Event pattern is not valid. Reason: Empty arrays are not allowed');
    await rejectsWith(eddy.events.send(new TestEventPatternCommand({ EventPattern: '{"a":[{"EXISTS":true}]}', Event: JSON.stringify(EVENT) })), 'InvalidEventPatternException', 'Event pattern is not valid. Reason: Unrecognized match type EXISTS');
    await rejectsWith(eddy.events.send(new TestEventPatternCommand({ EventPattern: '{not json', Event: '{}' })), 'InvalidEventPatternException', /^Event pattern is not valid\. Reason: /);
  });

  it('answers ValidationException: Parameter Event is not valid. for an event that is not one', async () => {
    const { id: _id, ...noId } = EVENT;
    for (const event of ['"just a string"', '[1,2]', '{not json', JSON.stringify(noId)]) {
      await rejectsWith(eddy.events.send(new TestEventPatternCommand({ EventPattern: '{"source":["x"]}', Event: event })), 'ValidationException', 'Parameter Event is not valid.');
    }
    const missing = await rawEvents(eddy, 'TestEventPattern', { EventPattern: '{}' });
    assert.deepEqual(missing.json, { __type: 'ValidationException', message: "1 validation error detected: Value null at 'event' failed to satisfy constraint: Member must not be null" });
  });
});
