import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateEventBusCommand,
  DeleteEventBusCommand,
  DescribeEventBusCommand,
  ListEventBusesCommand,
  UpdateEventBusCommand,
} from '@aws-sdk/client-eventbridge';
import { ManualClock } from '../../../src/shared/clock.js';
import { startTestEddy, type TestEddy } from '../../helpers/eddy.js';
import { busArnOf, rawEvents, rejectsWith, uniqueName } from './events-fixtures.js';

describe('EventBridge buses: create, describe, list, update, delete', () => {
  let eddy: TestEddy;
  const clock = new ManualClock(Date.UTC(2026, 6, 1, 12));
  before(async () => {
    eddy = await startTestEddy({ clock });
  });
  after(() => eddy.stop());

  it('creates a bus with its settings and describes it by name or ARN, times as dates', async () => {
    const name = uniqueName('orders');
    const created = await eddy.events.send(
      new CreateEventBusCommand({
        Name: name,
        Description: 'order events',
        KmsKeyIdentifier: 'alias/orders',
        DeadLetterConfig: { Arn: 'arn:aws:sqs:us-east-1:000000000000:bus-dlq' },
        LogConfig: { IncludeDetail: 'FULL', Level: 'INFO' },
      }),
    );
    assert.equal(created.EventBusArn, busArnOf(name));
    assert.equal(created.Description, 'order events');
    assert.deepEqual(created.DeadLetterConfig, { Arn: 'arn:aws:sqs:us-east-1:000000000000:bus-dlq' });
    for (const Name of [name, busArnOf(name)]) {
      const bus = await eddy.events.send(new DescribeEventBusCommand({ Name }));
      assert.equal(bus.Name, name);
      assert.equal(bus.Arn, busArnOf(name));
      assert.equal(bus.Description, 'order events');
      assert.equal(bus.KmsKeyIdentifier, 'alias/orders');
      assert.deepEqual(bus.LogConfig, { IncludeDetail: 'FULL', Level: 'INFO' });
      assert.deepEqual(bus.CreationTime, new Date(clock.now()));
      assert.deepEqual(bus.LastModifiedTime, new Date(clock.now()));
      assert.equal(bus.Policy, undefined);
    }
  });

  it('the default bus always exists: described without a name, listed, and not creatable', async () => {
    const bus = await eddy.events.send(new DescribeEventBusCommand({}));
    assert.equal(bus.Name, 'default');
    assert.equal(bus.Arn, busArnOf('default'));
    assert.ok(bus.CreationTime instanceof Date);
    const { EventBuses } = await eddy.events.send(new ListEventBusesCommand({ NamePrefix: 'default' }));
    assert.deepEqual(EventBuses?.map((b) => b.Name), ['default']);
    await rejectsWith(eddy.events.send(new CreateEventBusCommand({ Name: 'default' })), 'ResourceAlreadyExistsException', 'Event bus default already exists.');
  });

  it('refuses a second bus of the same name, an unknown bus, and names AWS refuses', async () => {
    const name = uniqueName('dup');
    await eddy.events.send(new CreateEventBusCommand({ Name: name }));
    await rejectsWith(eddy.events.send(new CreateEventBusCommand({ Name: name })), 'ResourceAlreadyExistsException', `Event bus ${name} already exists.`);
    await rejectsWith(eddy.events.send(new DescribeEventBusCommand({ Name: 'no-such-bus' })), 'ResourceNotFoundException', 'Event bus no-such-bus does not exist.');
    await rejectsWith(
      eddy.events.send(new DescribeEventBusCommand({ Name: busArnOf('no-such-bus') })),
      'ResourceNotFoundException',
      'Event bus no-such-bus does not exist.',
    );
    await rejectsWith(eddy.events.send(new CreateEventBusCommand({ Name: 'a/b' })), 'ValidationException', "Event bus name must not contain '/'.");
    await rejectsWith(
      eddy.events.send(new CreateEventBusCommand({ Name: 'bad name' })),
      'ValidationException',
      "1 validation error detected: Value 'bad name' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: [/\\.\\-_A-Za-z0-9]+",
    );
    await rejectsWith(
      eddy.events.send(new CreateEventBusCommand({ Name: 'x'.repeat(257), Description: 'd'.repeat(513) })),
      'ValidationException',
      `2 validation errors detected: Value '${'x'.repeat(257)}' at 'name' failed to satisfy constraint: Member must have length less than or equal to 256; ` +
        `Value '${'d'.repeat(513)}' at 'description' failed to satisfy constraint: Member must have length less than or equal to 512`,
    );
    await rejectsWith(
      eddy.events.send(new CreateEventBusCommand({ Name: 'p', EventSourceName: 'aws.partner/example.com/123/orders' })),
      'ResourceNotFoundException',
      'Event source aws.partner/example.com/123/orders does not exist.',
    );
  });

  it('lists buses by name with NamePrefix, Limit and NextToken', async () => {
    const prefix = uniqueName('page');
    const names = ['c', 'a', 'e', 'b', 'd'].map((n) => `${prefix}-${n}`);
    for (const Name of names) await eddy.events.send(new CreateEventBusCommand({ Name }));
    const seen: string[] = [];
    let NextToken: string | undefined;
    let pages = 0;
    do {
      const page = await eddy.events.send(new ListEventBusesCommand({ NamePrefix: prefix, Limit: 2, NextToken }));
      assert.ok((page.EventBuses?.length ?? 0) <= 2);
      for (const bus of page.EventBuses ?? []) {
        assert.equal(bus.Arn, busArnOf(bus.Name!));
        assert.ok(bus.CreationTime instanceof Date && bus.LastModifiedTime instanceof Date);
      }
      seen.push(...(page.EventBuses ?? []).map((b) => b.Name!));
      NextToken = page.NextToken;
      pages++;
    } while (NextToken);
    assert.deepEqual(seen, [...names].sort());
    assert.equal(pages, 3);
    await rejectsWith(eddy.events.send(new ListEventBusesCommand({ NextToken: 'not-a-token' })), 'ValidationException', 'The NextToken provided is not valid.');
    await rejectsWith(
      eddy.events.send(new ListEventBusesCommand({ Limit: 101 })),
      'ValidationException',
      "1 validation error detected: Value '101' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 100",
    );
  });

  it('updates the settings given and keeps the others', async () => {
    const name = uniqueName('upd');
    await eddy.events.send(new CreateEventBusCommand({ Name: name, Description: 'before', KmsKeyIdentifier: 'alias/a' }));
    clock.advance(5_000);
    const updated = await eddy.events.send(new UpdateEventBusCommand({ Name: name, Description: 'after', DeadLetterConfig: { Arn: 'arn:aws:sqs:us-east-1:000000000000:d' } }));
    assert.equal(updated.Arn, busArnOf(name));
    assert.equal(updated.Name, name);
    assert.equal(updated.Description, 'after');
    assert.equal(updated.KmsKeyIdentifier, 'alias/a');
    const bus = await eddy.events.send(new DescribeEventBusCommand({ Name: name }));
    assert.equal(bus.Description, 'after');
    assert.deepEqual(bus.DeadLetterConfig, { Arn: 'arn:aws:sqs:us-east-1:000000000000:d' });
    assert.deepEqual(bus.LastModifiedTime, new Date(clock.now()));
    assert.equal((await eddy.events.send(new UpdateEventBusCommand({ Description: 'the default bus' }))).Name, 'default');
    await rejectsWith(eddy.events.send(new UpdateEventBusCommand({ Name: 'no-such-bus' })), 'ResourceNotFoundException', 'Event bus no-such-bus does not exist.');
  });

  it('deletes a custom bus; deleting an unknown bus succeeds, the default bus cannot be deleted', async () => {
    const name = uniqueName('gone');
    await eddy.events.send(new CreateEventBusCommand({ Name: name }));
    await eddy.events.send(new DeleteEventBusCommand({ Name: name }));
    await rejectsWith(eddy.events.send(new DescribeEventBusCommand({ Name: name })), 'ResourceNotFoundException', `Event bus ${name} does not exist.`);
    await eddy.events.send(new DeleteEventBusCommand({ Name: name }));
    await rejectsWith(eddy.events.send(new DeleteEventBusCommand({ Name: 'default' })), 'ValidationException', 'Cannot delete event bus default.');
    // Created again, it starts empty.
    await eddy.events.send(new CreateEventBusCommand({ Name: name }));
    assert.equal((await eddy.events.send(new DescribeEventBusCommand({ Name: name }))).Description, undefined);
  });

  it('answers in JSON 1.1; wrong member types are a SerializationException, missing names a ValidationException', async () => {
    const ok = await rawEvents(eddy, 'DescribeEventBus', {});
    assert.equal(ok.status, 200);
    assert.equal(ok.headers.get('content-type'), 'application/x-amz-json-1.1');
    assert.equal(typeof ok.json.CreationTime, 'number');
    const wrongType = await rawEvents(eddy, 'CreateEventBus', { Name: 12 });
    assert.equal(wrongType.status, 400);
    assert.match(wrongType.json.__type, /SerializationException$/);
    const missing = await rawEvents(eddy, 'CreateEventBus', {});
    assert.deepEqual(missing.json, {
      __type: 'ValidationException',
      message: "1 validation error detected: Value null at 'name' failed to satisfy constraint: Member must not be null",
    });
  });
});
