import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CancelReplayCommand,
  CreateArchiveCommand,
  CreateEventBusCommand,
  DescribeArchiveCommand,
  DescribeReplayCommand,
  ListReplaysCommand,
  PutEventsCommand,
  StartReplayCommand,
  type StartReplayCommandInput,
} from '@aws-sdk/client-eventbridge';
import { ManualClock } from '../../../src/shared/clock.js';
import { startTestEddy, type TestEddy } from '../../helpers/eddy.js';
import { eventually } from '../../helpers/eventually.js';
import { drainMessages, newQueue, newRule, receiveMessages, type TestQueue } from './delivery-fixtures.js';
import { ACCOUNT, busArnOf, rawEvents, rejectsWith, ruleArnOf, uniqueName } from './events-fixtures.js';

const archiveArnOf = (name: string): string => `arn:aws:events:us-east-1:${ACCOUNT}:archive/${name}`;
const replayArnOf = (name: string): string => `arn:aws:events:us-east-1:${ACCOUNT}:replay/${name}`;
const MINUTE = 60_000;
const ENVELOPE_KEYS = ['version', 'id', 'detail-type', 'source', 'account', 'time', 'region', 'replay-name', 'resources', 'detail'];

/** A bus with an archive of everything, two rules (each to its own queue), and events put at the given offsets from `t0`. */
interface Scene {
  readonly bus: string;
  readonly archive: string;
  readonly rules: readonly [string, string];
  readonly queues: readonly [TestQueue, TestQueue];
  readonly t0: number;
  /** Event ids by offset. */
  readonly ids: ReadonlyMap<number, string>;
}

describe('EventBridge replays: archived events put on their bus again, step by step', () => {
  let eddy: TestEddy;
  const clock = new ManualClock(Date.UTC(2026, 6, 1, 12));
  before(async () => {
    // Replays advance only when the test runs them (POST /_eddy/bus/replays/run), so it can look between steps.
    eddy = await startTestEddy({ clock, bus: { replay: { manual: true } } });
  });
  after(() => eddy.stop());

  const run = (steps?: number) => eddy.admin('/_eddy/bus/replays/run', steps === undefined ? {} : { steps });
  const describeReplay = (ReplayName: string) => eddy.events.send(new DescribeReplayCommand({ ReplayName }));

  async function scene(offsets: readonly number[]): Promise<Scene> {
    const bus = uniqueName('replayed');
    await eddy.events.send(new CreateEventBusCommand({ Name: bus }));
    const archive = uniqueName('archive');
    await eddy.events.send(new CreateArchiveCommand({ ArchiveName: archive, EventSourceArn: busArnOf(bus) }));
    const queues = [await newQueue(eddy, 'replay-one'), await newQueue(eddy, 'replay-two')] as const;
    const rules = [
      await newRule(eddy, bus, { source: ['shop'] }, [{ Id: 'q', Arn: queues[0].arn }]),
      await newRule(eddy, bus, { source: ['shop'] }, [{ Id: 'q', Arn: queues[1].arn }]),
    ] as const;
    const t0 = clock.now() - 60 * MINUTE;
    const ids = new Map<number, string>();
    for (const offset of offsets) {
      const Entries = [{ EventBusName: bus, Source: 'shop', DetailType: 'Sold', Detail: `{"offset":${offset},"n":12345678901234567890}`, Time: new Date(t0 + offset) }];
      ids.set(offset, (await eddy.events.send(new PutEventsCommand({ Entries }))).Entries![0]!.EventId!);
    }
    // The originals, delivered and gone: what reaches the queues from now on is replayed.
    for (const queue of queues) await receiveMessages(eddy, queue, offsets.length);
    return { bus, archive, rules, queues, t0, ids };
  }

  const replayOf = (s: Scene, more: Partial<StartReplayCommandInput> = {}): StartReplayCommandInput => ({
    ReplayName: uniqueName('replay'),
    EventSourceArn: archiveArnOf(s.archive),
    EventStartTime: new Date(s.t0),
    EventEndTime: new Date(s.t0 + 10 * MINUTE),
    Destination: { Arn: busArnOf(s.bus) },
    ...more,
  });
  const bodiesOf = async (queue: TestQueue) => (await drainMessages(eddy, queue)).map((m) => m.Body!);
  const offsetsOf = (bodies: readonly string[]) => bodies.map((body) => JSON.parse(body).detail.offset as number).sort((a, b) => a - b);

  it('replays the window [EventStartTime, EventEndTime) to every rule: the same events with replay-name after region, never archived again', async () => {
    const s = await scene([0, 30_000, 70_000, 10 * MINUTE - 1000, 10 * MINUTE]);
    const input = replayOf(s, { Description: 'again' });
    const started = await eddy.events.send(new StartReplayCommand(input));
    assert.deepEqual({ ...started, $metadata: undefined }, {
      ReplayArn: replayArnOf(input.ReplayName!),
      State: 'STARTING',
      ReplayStartTime: new Date(clock.now()),
      $metadata: undefined,
    });
    assert.equal((await describeReplay(input.ReplayName!)).State, 'STARTING');
    await run();
    const done = await describeReplay(input.ReplayName!);
    assert.deepEqual({ ...done, $metadata: undefined }, {
      ReplayName: input.ReplayName,
      ReplayArn: replayArnOf(input.ReplayName!),
      Description: 'again',
      State: 'COMPLETED',
      EventSourceArn: archiveArnOf(s.archive),
      Destination: { Arn: busArnOf(s.bus) },
      EventStartTime: new Date(s.t0),
      EventEndTime: new Date(s.t0 + 10 * MINUTE),
      EventLastReplayedTime: new Date(s.t0 + 10 * MINUTE - 1000),
      ReplayStartTime: new Date(clock.now()),
      ReplayEndTime: new Date(clock.now()),
      $metadata: undefined,
    });
    await eddy.admin('/_eddy/bus/deliver');
    for (const queue of s.queues) {
      const bodies = await bodiesOf(queue);
      assert.deepEqual(offsetsOf(bodies), [0, 30_000, 70_000, 10 * MINUTE - 1000]);
      for (const body of bodies) {
        const event = JSON.parse(body);
        assert.deepEqual(Object.keys(event), ENVELOPE_KEYS);
        assert.equal(event['replay-name'], input.ReplayName);
        assert.equal(event.id, s.ids.get(event.detail.offset));
        assert.equal(event.time, new Date(s.t0 + event.detail.offset).toISOString().replace('.000Z', 'Z'));
        assert.match(body, /"n":12345678901234567890/);
      }
    }
    assert.equal((await eddy.events.send(new DescribeArchiveCommand({ ArchiveName: s.archive }))).EventCount, 5);
  });

  it('sends to the FilterArns rules only', async () => {
    const s = await scene([0, 1000]);
    const input = replayOf(s, { Destination: { Arn: busArnOf(s.bus), FilterArns: [ruleArnOf(s.bus, s.rules[1])] } });
    await eddy.events.send(new StartReplayCommand(input));
    await run();
    assert.deepEqual((await describeReplay(input.ReplayName!)).Destination, input.Destination);
    await eddy.admin('/_eddy/bus/deliver');
    assert.deepEqual(await bodiesOf(s.queues[0]), []);
    assert.deepEqual(offsetsOf(await bodiesOf(s.queues[1])), [0, 1000]);
  });

  it('goes a one-minute bucket a step (RUNNING, EventLastReplayedTime), and a cancel ends it CANCELLED at the next step', async () => {
    const s = await scene([0, 59_000, 60_000, 3 * MINUTE]);
    const input = replayOf(s);
    await eddy.events.send(new StartReplayCommand(input));
    assert.deepEqual(await run(1), { steps: 1 });
    const running = await describeReplay(input.ReplayName!);
    assert.deepEqual([running.State, running.EventLastReplayedTime, running.ReplayEndTime], ['RUNNING', new Date(s.t0 + 59_000), undefined]);
    await eddy.admin('/_eddy/bus/deliver');
    assert.deepEqual(offsetsOf(await bodiesOf(s.queues[0])), [0, 59_000]);

    const cancelled = await eddy.events.send(new CancelReplayCommand({ ReplayName: input.ReplayName }));
    assert.deepEqual([cancelled.ReplayArn, cancelled.State], [replayArnOf(input.ReplayName!), 'CANCELLING']);
    assert.equal((await describeReplay(input.ReplayName!)).State, 'CANCELLING');
    await run();
    const ended = await describeReplay(input.ReplayName!);
    assert.deepEqual([ended.State, ended.EventLastReplayedTime, ended.ReplayEndTime], ['CANCELLED', new Date(s.t0 + 59_000), new Date(clock.now())]);
    await eddy.admin('/_eddy/bus/deliver');
    assert.deepEqual(await bodiesOf(s.queues[0]), []);
    await rejectsWith(
      eddy.events.send(new CancelReplayCommand({ ReplayName: input.ReplayName })),
      'IllegalStatusException',
      `Replay ${input.ReplayName} is not in a valid state for this operation.`,
    );
  });

  it('a replay started and cancelled before its first step replays nothing; one of an empty window completes without EventLastReplayedTime', async () => {
    const s = await scene([0]);
    const cancelled = replayOf(s);
    await eddy.events.send(new StartReplayCommand(cancelled));
    await eddy.events.send(new CancelReplayCommand({ ReplayName: cancelled.ReplayName }));
    const empty = replayOf(s, { EventStartTime: new Date(s.t0 + 1000), EventEndTime: new Date(s.t0 + 2000) });
    await eddy.events.send(new StartReplayCommand(empty));
    await run();
    assert.equal((await describeReplay(cancelled.ReplayName!)).State, 'CANCELLED');
    const completed = await describeReplay(empty.ReplayName!);
    assert.deepEqual([completed.State, completed.EventLastReplayedTime], ['COMPLETED', undefined]);
    await eddy.admin('/_eddy/bus/deliver');
    assert.deepEqual(await bodiesOf(s.queues[0]), []);
  });

  it('lists replays by name, filtered by NamePrefix, State or EventSourceArn, a page at a time', async () => {
    const s = await scene([]);
    const prefix = uniqueName('listed');
    for (const suffix of ['a', 'b', 'c']) await eddy.events.send(new StartReplayCommand(replayOf(s, { ReplayName: `${prefix}-${suffix}` })));
    const first = await eddy.events.send(new ListReplaysCommand({ NamePrefix: prefix, Limit: 2 }));
    assert.deepEqual(first.Replays?.map((r) => [r.ReplayName, r.State]), [[`${prefix}-a`, 'STARTING'], [`${prefix}-b`, 'STARTING']]);
    assert.deepEqual(first.Replays?.[0], {
      ReplayName: `${prefix}-a`,
      EventSourceArn: archiveArnOf(s.archive),
      State: 'STARTING',
      EventStartTime: new Date(s.t0),
      EventEndTime: new Date(s.t0 + 10 * MINUTE),
      ReplayStartTime: new Date(clock.now()),
    });
    const second = await eddy.events.send(new ListReplaysCommand({ NamePrefix: prefix, NextToken: first.NextToken }));
    assert.deepEqual(second.Replays?.map((r) => r.ReplayName), [`${prefix}-c`]);
    await run();
    const bySource = await eddy.events.send(new ListReplaysCommand({ EventSourceArn: archiveArnOf(s.archive) }));
    assert.deepEqual(bySource.Replays?.map((r) => [r.ReplayName, r.State]), ['a', 'b', 'c'].map((x) => [`${prefix}-${x}`, 'COMPLETED']));
    assert.deepEqual((await eddy.events.send(new ListReplaysCommand({ State: 'STARTING' }))).Replays, []);
    await rejectsWith(
      eddy.events.send(new ListReplaysCommand({ NamePrefix: prefix, State: 'COMPLETED' })),
      'ValidationException',
      'At most one filter is allowed for ListReplays. Use either : State, EventSourceArn, or NamePrefix.',
    );
  });

  it("refuses what C.9 refuses, in AWS's words", async () => {
    const s = await scene([]);
    const other = uniqueName('other');
    await eddy.events.send(new CreateEventBusCommand({ Name: other }));
    const start = (more: Partial<StartReplayCommandInput>) => eddy.events.send(new StartReplayCommand(replayOf(s, more)));
    await rejectsWith(start({ Destination: { Arn: busArnOf('no-such-bus') } }), 'ResourceNotFoundException', 'Event bus no-such-bus does not exist.');
    await rejectsWith(start({ Destination: { Arn: 'arn:aws:sqs:us-east-1:000000000000:q' } }), 'ValidationException', 'Parameter Destination.Arn is not valid. Reason: Must contain an event bus ARN.');
    await rejectsWith(
      start({ EventSourceArn: archiveArnOf('no-such-archive') }),
      'ValidationException',
      'Parameter EventSourceArn is not valid. Reason: Archive no-such-archive does not exist.',
    );
    await rejectsWith(start({ Destination: { Arn: busArnOf(other) } }), 'ValidationException', 'Parameter Destination.Arn is not valid. Reason: Cross event bus replay is not permitted.');
    for (const end of [s.t0, s.t0 - 1000]) {
      await rejectsWith(
        start({ EventEndTime: new Date(end) }),
        'ValidationException',
        'Parameter EventEndTime is not valid. Reason: EventStartTime must be before EventEndTime.',
      );
    }
    const taken = replayOf(s);
    await eddy.events.send(new StartReplayCommand(taken));
    await rejectsWith(start({ ReplayName: taken.ReplayName }), 'ResourceAlreadyExistsException', `Replay ${taken.ReplayName} already exists.`);
    await rejectsWith(describeReplay('no-such-replay'), 'ResourceNotFoundException', 'Replay no-such-replay does not exist.');
    await rejectsWith(eddy.events.send(new CancelReplayCommand({ ReplayName: 'no-such-replay' })), 'ResourceNotFoundException', 'Replay no-such-replay does not exist.');
    await rejectsWith(
      start({ ReplayName: 'bad name' }),
      'ValidationException',
      "1 validation error detected: Value 'bad name' at 'replayName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+",
    );
    const raw = await rawEvents(eddy, 'StartReplay', { ReplayName: 'r', EventSourceArn: archiveArnOf(s.archive), EventStartTime: 'yesterday', EventEndTime: 1, Destination: { Arn: busArnOf(s.bus) } });
    assert.equal(raw.status, 400);
    assert.match(raw.json.__type, /#SerializationException$/);
    assert.equal(raw.json.Message, 'STRING_VALUE can not be converted to a Timestamp');
    const missing = await rawEvents(eddy, 'StartReplay', { ReplayName: 'r', EventSourceArn: archiveArnOf(s.archive), Destination: { Arn: busArnOf(s.bus) } });
    assert.match(missing.json.message, /^2 validation errors detected: Value null at 'eventStartTime' failed to satisfy constraint: Member must not be null; Value null at 'eventEndTime'/);
    await run();
  });

  it('at most 10 replays are active at once (LimitExceededException)', async () => {
    await run();
    const s = await scene([]);
    const names = Array.from({ length: 10 }, () => uniqueName('active'));
    for (const ReplayName of names) await eddy.events.send(new StartReplayCommand(replayOf(s, { ReplayName })));
    await rejectsWith(eddy.events.send(new StartReplayCommand(replayOf(s))), 'LimitExceededException', 'The requested resource exceeds the maximum number allowed.');
    await run();
    await eddy.events.send(new StartReplayCommand(replayOf(s)));
    await run();
  });
});

describe('EventBridge replays in the background', () => {
  let eddy: TestEddy;
  before(async () => {
    eddy = await startTestEddy({});
  });
  after(() => eddy.stop());

  it('a replay starts at once, runs to COMPLETED and its events reach the rules', async () => {
    const bus = uniqueName('background');
    await eddy.events.send(new CreateEventBusCommand({ Name: bus }));
    const archive = uniqueName('archive');
    await eddy.events.send(new CreateArchiveCommand({ ArchiveName: archive, EventSourceArn: busArnOf(bus) }));
    const queue = await newQueue(eddy, 'background');
    await newRule(eddy, bus, { source: ['shop'], 'replay-name': [{ exists: true }] }, [{ Id: 'q', Arn: queue.arn }]);
    // Event times are whole seconds: so is the window's start, or the first event would fall before it.
    const t0 = Math.floor(Date.now() / 1000) * 1000 - 5 * MINUTE;
    const Entries = Array.from({ length: 10 }, (_, i) => ({ EventBusName: bus, Source: 'shop', DetailType: 'T', Detail: `{"i":${i}}`, Time: new Date(t0 + i * 20_000) }));
    await eddy.events.send(new PutEventsCommand({ Entries }));
    const ReplayName = uniqueName('replay');
    await eddy.events.send(
      new StartReplayCommand({ ReplayName, EventSourceArn: archiveArnOf(archive), EventStartTime: new Date(t0), EventEndTime: new Date(), Destination: { Arn: busArnOf(bus) } }),
    );
    const messages = await receiveMessages(eddy, queue, 10);
    assert.deepEqual(messages.map((m) => JSON.parse(m.Body!).detail.i).sort((a, b) => a - b), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    await eventually('the replay to complete', async () => ((await eddy.events.send(new DescribeReplayCommand({ ReplayName }))).State === 'COMPLETED' ? true : undefined));
  });
});
