import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DescribeTableCommand, UpdateTableCommand } from '@aws-sdk/client-dynamodb';
import { CreateArchiveCommand, CreateEventBusCommand, PutEventsCommand, StartReplayCommand } from '@aws-sdk/client-eventbridge';
import { ManualClock } from '../../../src/shared/clock.js';
import type { Logger } from '../../../src/shared/logger.js';
import type { ProgressTask } from '../../../src/progress/progress-model.js';
import { BackfillGate } from '../../helpers/backfill-gate.js';
import { startTestEddy, type TestEddy } from '../../helpers/eddy.js';
import { tableWithBackfill } from './backfill-table.js';

const TABLE = 'ProgressBackfill';
const COUNT = 250; // three backfill pages, the last short
const MINUTE = 60_000;
const ACCOUNT = '000000000000';

describe('GET /_eddy/progress and its feed: GSI backfills and replays, from storage', () => {
  let eddy: TestEddy;
  const lines: string[] = [];
  const logger: Logger = { info: (m) => lines.push(m), warn: (m) => lines.push(m), error: (m) => lines.push(m), debug() {} };
  const clock = new ManualClock(Date.UTC(2026, 6, 1, 12));
  const gate = new BackfillGate();
  before(async () => {
    // Replays advance only when the test runs them (POST /_eddy/bus/replays/run), and backfills when the gate
    // lets them, so the test can look between steps.
    eddy = await startTestEddy({ clock, log: logger, bus: { replay: { manual: true } }, indexBackfill: gate.options });
  });
  after(async () => {
    gate.open();
    await eddy.stop();
  });

  const tasks = async (): Promise<ProgressTask[]> => {
    const response = await fetch(`${eddy.endpoint}/_eddy/progress`);
    assert.equal(response.status, 200);
    return ((await response.json()) as { tasks: ProgressTask[] }).tasks;
  };

  it('shows a GSI backfill with done growing page by page to total, gone once the index is ACTIVE; the log notes its start and end', async () => {
    await tableWithBackfill(eddy.ddb, TABLE, COUNT, 7);
    const backfill = async () => (await tasks()).find((t) => t.kind === 'backfill' && t.resource === `${TABLE}/byTag`);
    // Right after UpdateTable the index is CREATING: listed, nothing scanned yet (whether or not its progress is stored).
    const first = await backfill();
    assert.equal(first?.state, 'running', JSON.stringify(first));
    assert.equal(first!.done, 0);
    // Held before each page, the backfill has stored what it did so far: every look between pages finds it.
    for (const done of [0, 100, 200]) {
      assert.equal((await gate.held()).done, done);
      assert.deepEqual(await backfill(), { kind: 'backfill', resource: `${TABLE}/byTag`, done, total: COUNT, unit: 'items', started: clock.now(), state: 'running' });
      gate.step();
    }
    gate.open();
    let left: ProgressTask | undefined = await backfill();
    for (let i = 0; i < 10_000 && left !== undefined; i++) {
      assert.ok(left.done === 200 || left.done === COUNT, `after the last page: ${JSON.stringify(left)}`);
      left = await backfill();
    }
    assert.equal(left, undefined, 'the backfill stayed listed');
    const index = (await eddy.ddb.send(new DescribeTableCommand({ TableName: TABLE }))).Table!.GlobalSecondaryIndexes![0]!;
    assert.equal(index.IndexStatus, 'ACTIVE');
    assert.equal(index.ItemCount, COUNT);
    assert.ok(lines.includes(`GSI backfill of ${TABLE}/byTag: started (0/${COUNT} items)`), lines.join('\n'));
    assert.ok(lines.includes(`GSI backfill of ${TABLE}/byTag: done, ${COUNT} items`), lines.join('\n'));
  });

  it('shows a replay step by step: done grows through its event-time window, then finished; the feed sends each change', async () => {
    const bus = 'progress-bus';
    await eddy.events.send(new CreateEventBusCommand({ Name: bus }));
    const busArn = `arn:aws:events:us-east-1:${ACCOUNT}:event-bus/${bus}`;
    await eddy.events.send(new CreateArchiveCommand({ ArchiveName: 'progress-archive', EventSourceArn: busArn }));
    const t0 = clock.now() - 60 * MINUTE;
    for (const minute of [0, 1, 2, 3]) {
      const Entries = [{ EventBusName: bus, Source: 'shop', DetailType: 'Sold', Detail: '{}', Time: new Date(t0 + minute * MINUTE + 1000) }];
      await eddy.events.send(new PutEventsCommand({ Entries }));
    }
    await eddy.events.send(
      new StartReplayCommand({
        ReplayName: 'progress-replay',
        EventSourceArn: `arn:aws:events:us-east-1:${ACCOUNT}:archive/progress-archive`,
        EventStartTime: new Date(t0),
        EventEndTime: new Date(t0 + 10 * MINUTE),
        Destination: { Arn: busArn },
      }),
    );
    const replay = async () => (await tasks()).find((t) => t.kind === 'replay' && t.resource === 'progress-replay');
    const total = 10 * MINUTE;
    assert.deepEqual(await replay(), { kind: 'replay', resource: 'progress-replay', done: 0, total, unit: 'ms', started: clock.now(), state: 'running' });
    // Opened with the replay running, the feed looks again every second (with nothing running, every five).
    const feed = await fetch(`${eddy.endpoint}/_eddy/progress/feed`, { headers: { accept: 'text/event-stream' } });
    assert.equal(feed.status, 200);
    const events = feedEvents(feed.body!);
    const opened = await events.next();
    assert.equal(opened.event, 'progress');
    const found = (JSON.parse(opened.data) as { tasks: ProgressTask[] }).tasks.find((t) => t.resource === 'progress-replay');
    assert.deepEqual(found, { kind: 'replay', resource: 'progress-replay', done: 0, total, unit: 'ms', started: clock.now(), state: 'running' });
    // One step per one-minute bucket; the step that reads the last events finds nothing after them and completes.
    for (const minute of [0, 1, 2]) {
      await eddy.admin('/_eddy/bus/replays/run', { steps: 1 });
      const task = (await replay())!;
      assert.equal(task.state, 'running');
      assert.equal(task.done, minute * MINUTE + 1000 + 1); // through the event replayed last
    }
    await eddy.admin('/_eddy/bus/replays/run', { steps: 1 });
    assert.deepEqual(await replay(), { kind: 'replay', resource: 'progress-replay', done: total, total, unit: 'ms', started: clock.now(), state: 'finished' });
    // Then a `progress` event per change the feed sees, down to the replay finished.
    for (;;) {
      const { event, data } = await events.next();
      assert.equal(event, 'progress');
      const task = (JSON.parse(data) as { tasks: ProgressTask[] }).tasks.find((t) => t.resource === 'progress-replay');
      if (task?.state === 'finished') break;
    }
    await events.close();
    assert.ok(lines.some((line) => line.startsWith('bus: replay progress-replay: started (')), lines.join('\n'));
    assert.ok(lines.includes('bus: replay progress-replay: completed'), lines.join('\n'));
  });
});

/** The Server-Sent Events of a body, one at a time. */
function feedEvents(body: ReadableStream<Uint8Array>): { next(): Promise<{ event: string; data: string }>; close(): Promise<void> } {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  return {
    close: () => reader.cancel(),
    async next() {
      for (;;) {
        const end = buffer.indexOf('\n\n');
        if (end !== -1) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const field = (name: string) => block.split('\n').filter((l) => l.startsWith(`${name}:`)).map((l) => l.slice(name.length + 1).trimStart()).join('\n');
          return { event: field('event'), data: field('data') };
        }
        const { value, done } = await reader.read();
        if (done) throw new Error('the feed ended');
        buffer += value;
      }
    },
  };
}
