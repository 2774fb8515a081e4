import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateEventBusCommand,
  DisableRuleCommand,
  EnableRuleCommand,
  PutEventsCommand,
  PutRuleCommand,
  PutTargetsCommand,
  type PutEventsRequestEntry,
} from '@aws-sdk/client-eventbridge';
import { ManualClock } from '../../../src/shared/clock.js';
import { startTestEddy, type TestEddy } from '../../helpers/eddy.js';
import { drainMessages, newQueue, newRule, receiveMessages } from './delivery-fixtures.js';
import { busArnOf, rawEvents, rejectsWith, uniqueName } from './events-fixtures.js';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const ok = (entry: Partial<PutEventsRequestEntry> = {}): PutEventsRequestEntry => ({ Source: 'com.example.orders', DetailType: 'OrderPlaced', Detail: '{"orderId":"o-1"}', ...entry });

describe('EventBridge PutEvents: entries, results and the event targets receive', () => {
  let eddy: TestEddy;
  const clock = new ManualClock(Date.UTC(2026, 2, 14, 10, 5, 7, 654));
  before(async () => {
    eddy = await startTestEddy({ clock });
  });
  after(() => eddy.stop());

  it('answers each entry at its index: an EventId (UUID v4) or the per-entry error, with FailedEntryCount', async () => {
    const out = await eddy.events.send(
      new PutEventsCommand({
        Entries: [
          ok(),
          { DetailType: 'T', Detail: '{}' },
          { Source: 's', Detail: '{}' },
          { Source: 's', DetailType: 'T' },
          ok({ Detail: '"a string"' }),
          ok({ Detail: '[1, 2]' }),
          ok({ Detail: 'not json' }),
          ok({ Detail: JSON.stringify('{"a":1}') }),
          ok({ Source: 'aws.s3' }),
          ok({ EventBusName: 'no-such-bus' }),
        ],
      }),
    );
    assert.equal(out.FailedEntryCount, 8);
    const entries = out.Entries!;
    assert.equal(entries.length, 10);
    assert.match(entries[0]!.EventId!, UUID_V4);
    assert.deepEqual(Object.keys(entries[0]!), ['EventId']);
    const required = (member: string) => ({ ErrorCode: 'InvalidArgument', ErrorMessage: `Parameter ${member} is not valid. Reason: ${member} is a required argument.` });
    assert.deepEqual(entries[1], required('Source'));
    assert.deepEqual(entries[2], required('DetailType'));
    assert.deepEqual(entries[3], required('Detail'));
    for (const i of [4, 5, 6, 7]) assert.deepEqual(entries[i], { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' });
    assert.equal(entries[8]!.ErrorCode, 'NotAuthorizedForSourceException');
    assert.equal(entries[8]!.EventId, undefined);
    // An unknown bus drops the event silently: it still gets an EventId.
    assert.match(entries[9]!.EventId!, UUID_V4);
    assert.notEqual(entries[9]!.EventId, entries[0]!.EventId);
  });

  it('fails the whole request for 0 or more than 10 entries, or entries over the size limit', async () => {
    await rejectsWith(
      eddy.events.send(new PutEventsCommand({ Entries: Array.from({ length: 11 }, () => ok()) })),
      'ValidationException',
      /^1 validation error detected: Value '.*' at 'entries' failed to satisfy constraint: Member must have length less than or equal to 10$/s,
    );
    const empty = await rawEvents(eddy, 'PutEvents', { Entries: [] });
    assert.equal(empty.status, 400);
    assert.match(empty.json.__type, /ValidationException$/);
    // 1 MiB in all: Source + DetailType + Detail + resources (+ 14 bytes for a Time) may reach it, not pass it.
    const detail = (bytes: number) => `{"a":"${'x'.repeat(bytes - 8)}"}`;
    const base = Buffer.byteLength('s') + Buffer.byteLength('T');
    const atLimit = await eddy.events.send(new PutEventsCommand({ Entries: [{ Source: 's', DetailType: 'T', Detail: detail(1024 * 1024 - base - 14), Time: new Date() }] }));
    assert.equal(atLimit.FailedEntryCount, 0);
    await rejectsWith(
      eddy.events.send(new PutEventsCommand({ Entries: [{ Source: 's', DetailType: 'T', Detail: detail(1024 * 1024 - base - 14), Time: new Date(), Resources: ['r'] }] })),
      'ValidationException',
      'Total size of the entries in the request is over the limit.',
    );
    const wrongTime = await rawEvents(eddy, 'PutEvents', { Entries: [{ Source: 's', DetailType: 'T', Detail: '{}', Time: 'yesterday' }] });
    assert.equal(wrongTime.status, 400);
    assert.match(wrongTime.json.__type, /SerializationException$/);
  });

  it('delivers the envelope exactly as AWS writes it: field order, second-precision time, account, region, resources', async () => {
    const bus = uniqueName('orders');
    await eddy.events.send(new CreateEventBusCommand({ Name: bus }));
    const queue = await newQueue(eddy, 'envelope');
    await newRule(eddy, bus, { source: ['com.example.orders'] }, [{ Id: 'q', Arn: queue.arn }]);
    const detail = '{ "orderId": "ord-7781", "items": 3, "big": 12345678901234567890, "nested": {"ok": true} }';
    const out = await eddy.events.send(
      new PutEventsCommand({
        Entries: [
          ok({ EventBusName: bus, Detail: detail, Resources: ['arn:aws:dynamodb:us-east-1:000000000000:table/Orders'], Time: new Date(Date.UTC(2026, 2, 1, 8, 0, 0, 999)) }),
          ok({ EventBusName: busArnOf(bus), DetailType: 'NoTime' }),
        ],
      }),
    );
    assert.equal(out.FailedEntryCount, 0);
    const [withTime, noTime] = out.Entries!.map((entry) => entry.EventId!);
    const bodies = (await receiveMessages(eddy, queue, 2)).map((message) => message.Body!);
    const byId = new Map(bodies.map((body) => [JSON.parse(body).id, body]));
    assert.equal(
      byId.get(withTime),
      `{"version":"0","id":"${withTime}","detail-type":"OrderPlaced","source":"com.example.orders","account":"000000000000",` +
        `"time":"2026-03-01T08:00:00Z","region":"us-east-1","resources":["arn:aws:dynamodb:us-east-1:000000000000:table/Orders"],` +
        `"detail":{"orderId":"ord-7781","items":3,"big":12345678901234567890,"nested":{"ok":true}}}`,
    );
    // Without a Time, the time of the call (the clock's), to the second; no resources → [].
    assert.equal(
      byId.get(noTime),
      `{"version":"0","id":"${noTime}","detail-type":"NoTime","source":"com.example.orders","account":"000000000000",` +
        `"time":"2026-03-14T10:05:07Z","region":"us-east-1","resources":[],"detail":{"orderId":"o-1"}}`,
    );
  });

  it('honours a rule changed, disabled or made schedule-only just before the events are put', async () => {
    const bus = uniqueName('changing');
    await eddy.events.send(new CreateEventBusCommand({ Name: bus }));
    const queue = await newQueue(eddy, 'changing');
    const rule = await newRule(eddy, bus, { 'detail-type': ['first'] }, [{ Id: 'q', Arn: queue.arn, InputPath: '$.detail-type' }]);
    const put = (DetailType: string) => eddy.events.send(new PutEventsCommand({ Entries: [ok({ EventBusName: bus, DetailType })] }));
    const delivered = async () => {
      await eddy.admin('/_eddy/bus/deliver');
      return (await drainMessages(eddy, queue)).map((message) => JSON.parse(message.Body!)).sort();
    };
    await put('first');
    await put('second');
    assert.deepEqual(await delivered(), ['first']);
    // The pattern changes: the very next events are matched against the new one.
    await eddy.events.send(new PutRuleCommand({ Name: rule, EventBusName: bus, EventPattern: '{"detail-type":["second"]}' }));
    await put('first');
    await put('second');
    assert.deepEqual(await delivered(), ['second']);
    await eddy.events.send(new DisableRuleCommand({ Name: rule, EventBusName: bus }));
    await put('second');
    assert.deepEqual(await delivered(), []);
    await eddy.events.send(new EnableRuleCommand({ Name: rule, EventBusName: bus }));
    await put('second');
    assert.deepEqual(await delivered(), ['second']);
    // Schedule-only rules (the default bus's) never match events.
    const scheduled = uniqueName('scheduled');
    await eddy.events.send(new PutRuleCommand({ Name: scheduled, ScheduleExpression: 'rate(5 minutes)' }));
    await eddy.events.send(new PutTargetsCommand({ Rule: scheduled, Targets: [{ Id: 'q', Arn: queue.arn, Input: '"scheduled"' }] }));
    await eddy.events.send(new PutEventsCommand({ Entries: [ok()] }));
    assert.deepEqual(await delivered(), []);
  });
});
