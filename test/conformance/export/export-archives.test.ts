import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateArchiveCommand,
  CreateEventBusCommand,
  DescribeArchiveCommand,
  DescribeReplayCommand,
  PutEventsCommand,
  PutRuleCommand,
  PutTargetsCommand,
  StartReplayCommand,
  type DescribeArchiveCommandOutput,
} from '@aws-sdk/client-eventbridge';
import { CreateQueueCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { startTestEddy, type TestEddy } from '../../helpers/eddy.js';
import { eventually } from '../../helpers/eventually.js';
import { runEddyCli } from '../../helpers/cli.js';

const HOUR = 3_600_000;

/** What DescribeArchive says that an import must give back (not its time or its events). */
const settings = (a: DescribeArchiveCommandOutput) => [a.ArchiveName, a.ArchiveArn, a.EventSourceArn, a.Description, a.EventPattern, a.RetentionDays, a.State];

describe('an export carries bus archives, with their events', () => {
  const dir = mkdtempSync(join(tmpdir(), 'eddy-export-archives-'));
  const file = join(dir, 'state.jsonl');
  let source: TestEddy;
  let copy: TestEddy;
  /** Event ids archived in `orders`, by the hour before now they happened. */
  const ids = new Map<number, string>();
  let exportedAt = 0;

  before(async () => {
    source = await startTestEddy();
    const { EventBusArn } = await source.events.send(new CreateEventBusCommand({ Name: 'shop' }));
    await source.events.send(new CreateArchiveCommand({ ArchiveName: 'orders', EventSourceArn: EventBusArn!, Description: 'every order', EventPattern: JSON.stringify({ source: ['shop'] }), RetentionDays: 7 }));
    await source.events.send(new CreateArchiveCommand({ ArchiveName: 'all', EventSourceArn: 'arn:aws:events:us-east-1:000000000000:event-bus/default' }));
    for (const hours of [3, 2, 1]) {
      // A number in the detail beyond a double's precision must come back as it was.
      const Entries = [{ EventBusName: 'shop', Source: 'shop', DetailType: 'Sold', Detail: `{"hours":${hours},"n":12345678901234567890}`, Time: new Date(Date.now() - hours * HOUR) }];
      ids.set(hours, (await source.events.send(new PutEventsCommand({ Entries }))).Entries![0]!.EventId!);
    }
    await source.events.send(new PutEventsCommand({ Entries: [{ EventBusName: 'shop', Source: 'other', DetailType: 'Sold', Detail: '{}' }] }));
    // Made after the events: the replay on the copy is the only way they reach the queue.
    await source.sqs.send(new CreateQueueCommand({ QueueName: 'replayed' }));
    await source.events.send(new PutRuleCommand({ Name: 'sold', EventBusName: 'shop', EventPattern: JSON.stringify({ source: ['shop'] }) }));
    await source.events.send(new PutTargetsCommand({ Rule: 'sold', EventBusName: 'shop', Targets: [{ Id: 'q', Arn: 'arn:aws:sqs:us-east-1:000000000000:replayed' }] }));
    await eventually('the three events of shop archived', async () => (await source.events.send(new DescribeArchiveCommand({ ArchiveName: 'orders' }))).EventCount, { accept: (n) => n === 3 });
    exportedAt = Date.now();
    const cli = runEddyCli(['export', file, '--endpoint', source.endpoint]);
    assert.equal((await cli.exited).code, 0, cli.stderr());
    assert.match(cli.stderr(), /, 2 archives, 3 archived events[ ,]/);
    copy = await startTestEddy({ import: file });
  });
  after(async () => {
    await source?.stop();
    await copy?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("writes each archive after the buses, followed by its events, and not the rule it manages", () => {
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n').map((text) => JSON.parse(text));
    const types = lines.map((l) => l.type);
    assert.ok(types.lastIndexOf('bus') < types.indexOf('archive'), types.join(' '));
    assert.deepEqual(lines.filter((l) => l.type === 'rule').map((l) => l.name), ['sold']);
    const orders = types.indexOf('archive', types.indexOf('archivedEvent') - 1);
    assert.equal(lines[orders].name, 'orders');
    assert.deepEqual(lines.filter((l) => l.type === 'archivedEvent' && l.archive === 'orders').map((l) => l.eventId), [3, 2, 1].map((h) => ids.get(h)));
  });

  it('re-creates them with their bus, pattern, description and retention, and their events', async () => {
    for (const ArchiveName of ['orders', 'all']) {
      const [was, now] = await Promise.all([source, copy].map((e) => e.events.send(new DescribeArchiveCommand({ ArchiveName }))));
      assert.deepEqual(settings(now!), settings(was!));
      assert.deepEqual([now!.EventCount, now!.SizeBytes], [was!.EventCount, was!.SizeBytes]);
    }
  });

  it('replays the imported events by their original times', async () => {
    // The window holds the events of 2 h and 1 h ago, not that of 3 h ago.
    await copy.events.send(
      new StartReplayCommand({
        ReplayName: 'again',
        EventSourceArn: 'arn:aws:events:us-east-1:000000000000:archive/orders',
        EventStartTime: new Date(exportedAt - 2.5 * HOUR),
        EventEndTime: new Date(exportedAt),
        Destination: { Arn: 'arn:aws:events:us-east-1:000000000000:event-bus/shop' },
      }),
    );
    await eventually('the replay completed', async () => (await copy.events.send(new DescribeReplayCommand({ ReplayName: 'again' }))).State, { accept: (s) => s === 'COMPLETED' });
    const bodies: string[] = [];
    await eventually('two replayed events', async () => {
      const { Messages } = await copy.sqs.send(new ReceiveMessageCommand({ QueueUrl: `${copy.endpoint}/000000000000/replayed`, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
      bodies.push(...(Messages ?? []).map((m) => m.Body!));
      return bodies.length;
    }, { accept: (n) => n >= 2 });
    const events = bodies.map((body) => JSON.parse(body)).sort((x, y) => x.detail.hours - y.detail.hours);
    assert.deepEqual(events.map((e) => [e.id, e['replay-name']]), [[ids.get(1), 'again'], [ids.get(2), 'again']]);
    assert.ok(bodies.every((body) => body.includes('"n":12345678901234567890')), bodies.join('\n'));
  });
});
