import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateArchiveCommand,
  CreateEventBusCommand,
  DeleteArchiveCommand,
  DescribeArchiveCommand,
  ListArchivesCommand,
  PutEventsCommand,
  UpdateArchiveCommand,
} from '@aws-sdk/client-eventbridge';
import { ManualClock } from '../../../src/shared/clock.js';
import { startTestEddy, type TestEddy } from '../../helpers/eddy.js';
import { newQueue, newRule, receiveMessages } from './delivery-fixtures.js';
import { ACCOUNT, busArnOf, rawEvents, rejectsWith, uniqueName } from './events-fixtures.js';

const archiveArnOf = (name: string): string => `arn:aws:events:us-east-1:${ACCOUNT}:archive/${name}`;
const DAY = 86_400_000;

describe('EventBridge archives: create, describe, list, update, delete', () => {
  let eddy: TestEddy;
  const clock = new ManualClock(Date.UTC(2026, 6, 1, 12));
  before(async () => {
    eddy = await startTestEddy({ clock });
  });
  after(() => eddy.stop());

  const newBus = async (): Promise<string> => {
    const Name = uniqueName('archived');
    await eddy.events.send(new CreateEventBusCommand({ Name }));
    return Name;
  };
  const describeArchive = (ArchiveName: string) => eddy.events.send(new DescribeArchiveCommand({ ArchiveName }));

  it('creates an archive ENABLED, describes it with its counts, updates it, deletes it', async () => {
    const bus = await newBus();
    const name = uniqueName('everything');
    const pattern = '{"source":["orders"]}';
    const created = await eddy.events.send(
      new CreateArchiveCommand({ ArchiveName: name, EventSourceArn: busArnOf(bus), Description: 'all of it', EventPattern: pattern, RetentionDays: 7 }),
    );
    assert.deepEqual({ ...created, $metadata: undefined }, { ArchiveArn: archiveArnOf(name), State: 'ENABLED', CreationTime: new Date(clock.now()), $metadata: undefined });
    const described = await describeArchive(name);
    assert.deepEqual({ ...described, $metadata: undefined }, {
      ArchiveArn: archiveArnOf(name),
      ArchiveName: name,
      EventSourceArn: busArnOf(bus),
      Description: 'all of it',
      EventPattern: pattern,
      State: 'ENABLED',
      RetentionDays: 7,
      SizeBytes: 0,
      EventCount: 0,
      CreationTime: new Date(clock.now()),
      $metadata: undefined,
    });

    clock.advance(1000);
    const updated = await eddy.events.send(new UpdateArchiveCommand({ ArchiveName: name, Description: 'changed', RetentionDays: 0 }));
    assert.deepEqual([updated.ArchiveArn, updated.State, updated.CreationTime], [archiveArnOf(name), 'ENABLED', new Date(clock.now() - 1000)]);
    const after = await describeArchive(name);
    assert.deepEqual([after.Description, after.EventPattern, after.RetentionDays, after.EventSourceArn], ['changed', pattern, 0, busArnOf(bus)]);
    // An empty pattern removes it: the archive keeps every event of its bus.
    await eddy.events.send(new UpdateArchiveCommand({ ArchiveName: name, EventPattern: '' }));
    assert.equal((await describeArchive(name)).EventPattern, undefined);

    await eddy.events.send(new DeleteArchiveCommand({ ArchiveName: name }));
    await rejectsWith(describeArchive(name), 'ResourceNotFoundException', `Archive ${name} does not exist.`);
    await rejectsWith(eddy.events.send(new DeleteArchiveCommand({ ArchiveName: name })), 'ResourceNotFoundException', `Archive ${name} does not exist.`);
  });

  it('archives the default bus too, by its ARN', async () => {
    const name = uniqueName('default');
    await eddy.events.send(new CreateArchiveCommand({ ArchiveName: name, EventSourceArn: busArnOf('default') }));
    const described = await describeArchive(name);
    assert.deepEqual([described.EventSourceArn, described.RetentionDays, described.EventPattern], [busArnOf('default'), 0, undefined]);
  });

  it('lists archives by name, filtered by NamePrefix, EventSourceArn or State, a page at a time', async () => {
    const bus = await newBus();
    const prefix = uniqueName('listed');
    for (const suffix of ['a', 'b', 'c']) await eddy.events.send(new CreateArchiveCommand({ ArchiveName: `${prefix}-${suffix}`, EventSourceArn: busArnOf(bus), RetentionDays: 1 }));
    const first = await eddy.events.send(new ListArchivesCommand({ NamePrefix: prefix, Limit: 2 }));
    assert.deepEqual(first.Archives?.map((a) => a.ArchiveName), [`${prefix}-a`, `${prefix}-b`]);
    assert.deepEqual(first.Archives?.[0], {
      ArchiveName: `${prefix}-a`,
      EventSourceArn: busArnOf(bus),
      State: 'ENABLED',
      RetentionDays: 1,
      SizeBytes: 0,
      EventCount: 0,
      CreationTime: new Date(clock.now()),
    });
    const second = await eddy.events.send(new ListArchivesCommand({ NamePrefix: prefix, Limit: 2, NextToken: first.NextToken }));
    assert.deepEqual(second.Archives?.map((a) => a.ArchiveName), [`${prefix}-c`]);
    assert.equal(second.NextToken, undefined);
    const bySource = await eddy.events.send(new ListArchivesCommand({ EventSourceArn: busArnOf(bus) }));
    assert.deepEqual(bySource.Archives?.map((a) => a.ArchiveName), [`${prefix}-a`, `${prefix}-b`, `${prefix}-c`]);
    const enabled = await eddy.events.send(new ListArchivesCommand({ State: 'ENABLED' }));
    assert.ok(enabled.Archives!.some((a) => a.ArchiveName === `${prefix}-b`));
    assert.deepEqual((await eddy.events.send(new ListArchivesCommand({ State: 'DISABLED' }))).Archives, []);
    assert.deepEqual((await eddy.events.send(new ListArchivesCommand({ NamePrefix: 'no-such-archive' }))).Archives, []);
  });

  it('refuses unknown buses and archives, duplicates, bad patterns and what the model forbids, in AWS words', async () => {
    const bus = await newBus();
    const name = uniqueName('dup');
    await rejectsWith(
      eddy.events.send(new CreateArchiveCommand({ ArchiveName: name, EventSourceArn: busArnOf('no-such-bus') })),
      'ResourceNotFoundException',
      'Event bus no-such-bus does not exist.',
    );
    await rejectsWith(
      eddy.events.send(new CreateArchiveCommand({ ArchiveName: name, EventSourceArn: 'arn:aws:sqs:us-east-1:000000000000:q' })),
      'ValidationException',
      'Parameter EventSourceArn is not valid. Reason: Must contain an event bus ARN.',
    );
    await eddy.events.send(new CreateArchiveCommand({ ArchiveName: name, EventSourceArn: busArnOf(bus) }));
    await rejectsWith(eddy.events.send(new CreateArchiveCommand({ ArchiveName: name, EventSourceArn: busArnOf(bus) })), 'ResourceAlreadyExistsException', `Archive ${name} already exists.`);
    await rejectsWith(describeArchive('no-such-archive'), 'ResourceNotFoundException', 'Archive no-such-archive does not exist.');
    await rejectsWith(eddy.events.send(new UpdateArchiveCommand({ ArchiveName: 'no-such-archive' })), 'ResourceNotFoundException', 'Archive no-such-archive does not exist.');
    await rejectsWith(
      eddy.events.send(new CreateArchiveCommand({ ArchiveName: uniqueName('bad'), EventSourceArn: busArnOf(bus), EventPattern: '{"source":"x"}' })),
      'InvalidEventPatternException',
      /^Event pattern is not valid\. Reason: /,
    );
    await rejectsWith(eddy.events.send(new UpdateArchiveCommand({ ArchiveName: name, EventPattern: '[1]' })), 'InvalidEventPatternException', /^Event pattern is not valid\. Reason: /);
    await rejectsWith(
      eddy.events.send(new CreateArchiveCommand({ ArchiveName: 'a b'.repeat(20), EventSourceArn: busArnOf(bus), RetentionDays: -1 })),
      'ValidationException',
      `3 validation errors detected: Value '${'a b'.repeat(20)}' at 'archiveName' failed to satisfy constraint: Member must have length less than or equal to 48; ` +
        `Value '${'a b'.repeat(20)}' at 'archiveName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+; ` +
        `Value '-1' at 'retentionDays' failed to satisfy constraint: Member must have value greater than or equal to 0`,
    );
    await rejectsWith(
      eddy.events.send(new ListArchivesCommand({ NamePrefix: 'a', State: 'ENABLED' })),
      'ValidationException',
      'At most one filter is allowed for ListArchives. Use either : State, EventSourceArn, or NamePrefix.',
    );
    await rejectsWith(eddy.events.send(new ListArchivesCommand({ EventSourceArn: busArnOf('no-such-bus') })), 'ResourceNotFoundException', 'Event bus no-such-bus does not exist.');
    const raw = await rawEvents(eddy, 'CreateArchive', { ArchiveName: uniqueName('raw'), EventSourceArn: busArnOf(bus), RetentionDays: '7' });
    assert.equal(raw.status, 400);
    assert.match(raw.text, /SerializationException/);
  });
});

describe('EventBridge archives: what they keep, their counts and retention', () => {
  let eddy: TestEddy;
  const clock = new ManualClock(Date.UTC(2026, 6, 1, 12));
  before(async () => {
    eddy = await startTestEddy({ clock });
  });
  after(() => eddy.stop());

  it('keeps every event of its bus, or those its pattern matches, counted and sized as the UTF-8 bytes of the event', async () => {
    const bus = uniqueName('kept');
    const other = uniqueName('other');
    for (const Name of [bus, other]) await eddy.events.send(new CreateEventBusCommand({ Name }));
    const all = uniqueName('all');
    const some = uniqueName('some');
    await eddy.events.send(new CreateArchiveCommand({ ArchiveName: all, EventSourceArn: busArnOf(bus) }));
    await eddy.events.send(new CreateArchiveCommand({ ArchiveName: some, EventSourceArn: busArnOf(bus), EventPattern: '{"detail":{"keep":[true]}}' }));
    // The envelope a target without input options receives is the archived text: its bytes are SizeBytes.
    const queue = await newQueue(eddy, 'archived-events');
    await newRule(eddy, bus, { source: ['shop'] }, [{ Id: 'q', Arn: queue.arn }]);
    const Entries = [
      { EventBusName: bus, Source: 'shop', DetailType: 'Sold', Detail: '{"keep":true,"name":"Crème brûlée ☕"}' },
      { EventBusName: bus, Source: 'shop', DetailType: 'Sold', Detail: '{"keep":false}' },
      { EventBusName: bus, Source: 'shop', DetailType: 'Sold', Detail: '{"keep":true,"n":12345678901234567890}' },
      { EventBusName: other, Source: 'shop', DetailType: 'Sold', Detail: '{"keep":true}' },
    ];
    await eddy.events.send(new PutEventsCommand({ Entries }));
    const bodies = (await receiveMessages(eddy, queue, 3)).map((m) => m.Body!);
    const size = (texts: readonly string[]) => texts.reduce((sum, text) => sum + Buffer.byteLength(text), 0);
    const keep = bodies.filter((body) => JSON.parse(body).detail.keep === true);
    const [everything, matching] = await Promise.all([all, some].map((ArchiveName) => eddy.events.send(new DescribeArchiveCommand({ ArchiveName }))));
    assert.deepEqual([everything!.EventCount, everything!.SizeBytes], [3, size(bodies)]);
    assert.deepEqual([matching!.EventCount, matching!.SizeBytes], [2, size(keep)]);
    const listed = await eddy.events.send(new ListArchivesCommand({ NamePrefix: all }));
    assert.deepEqual([listed.Archives?.[0]?.EventCount, listed.Archives?.[0]?.SizeBytes], [3, size(bodies)]);

    // A changed pattern applies from the next event; what the archive holds stays.
    await eddy.events.send(new UpdateArchiveCommand({ ArchiveName: some, EventPattern: '{"detail":{"keep":[false]}}' }));
    await eddy.events.send(new PutEventsCommand({ Entries: Entries.slice(0, 2) }));
    assert.equal((await eddy.events.send(new DescribeArchiveCommand({ ArchiveName: some }))).EventCount, 3);

    // Deleting an archive takes its events: one created again under the name starts empty.
    await eddy.events.send(new DeleteArchiveCommand({ ArchiveName: all }));
    await eddy.events.send(new CreateArchiveCommand({ ArchiveName: all, EventSourceArn: busArnOf(other) }));
    const again = await eddy.events.send(new DescribeArchiveCommand({ ArchiveName: all }));
    assert.deepEqual([again.EventCount, again.SizeBytes, again.EventSourceArn], [0, 0, busArnOf(other)]);
  });

  it('trims events older than RetentionDays by their event time (POST /_eddy/bus/archives/trim); 0 keeps them forever', async () => {
    const bus = uniqueName('retained');
    await eddy.events.send(new CreateEventBusCommand({ Name: bus }));
    const week = uniqueName('week');
    const forever = uniqueName('forever');
    await eddy.events.send(new CreateArchiveCommand({ ArchiveName: week, EventSourceArn: busArnOf(bus), RetentionDays: 7 }));
    await eddy.events.send(new CreateArchiveCommand({ ArchiveName: forever, EventSourceArn: busArnOf(bus), RetentionDays: 0 }));
    const entry = (ageDays: number) => ({ EventBusName: bus, Source: 'old', DetailType: 'T', Detail: '{}', Time: new Date(clock.now() - ageDays * DAY) });
    await eddy.events.send(new PutEventsCommand({ Entries: [entry(10), entry(8), entry(6), entry(0)] }));
    const counts = async () =>
      Promise.all([week, forever].map(async (ArchiveName) => (await eddy.events.send(new DescribeArchiveCommand({ ArchiveName }))).EventCount));
    assert.deepEqual(await counts(), [4, 4]);
    assert.deepEqual(await eddy.admin('/_eddy/bus/archives/trim'), { trimmedEvents: 2 });
    assert.deepEqual(await counts(), [2, 4]);
    const sizeBefore = (await eddy.events.send(new DescribeArchiveCommand({ ArchiveName: week }))).SizeBytes!;
    clock.advance(2 * DAY);
    await eddy.admin('/_eddy/bus/archives/trim');
    const trimmed = await eddy.events.send(new DescribeArchiveCommand({ ArchiveName: week }));
    assert.deepEqual([trimmed.EventCount, trimmed.SizeBytes], [1, sizeBefore / 2]);
    assert.deepEqual(await counts(), [1, 4]);
  });
});
