import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CreateScheduleCommand, type SchedulerClient } from '@aws-sdk/client-scheduler';
import { flexibleDelayMs } from '../../../src/scheduler/firing/flexible-window.js';
import { ManualClock } from '../../../src/shared/clock.js';
import { startTestEddy, type TestEddy } from '../../helpers/eddy.js';
import { drainMessages, newQueue } from '../events/delivery-fixtures.js';
import { ROLE, scheduleArnOf, schedulerClient } from './scheduler-fixtures.js';

const WINDOW = { Mode: 'FLEXIBLE', MaximumWindowInMinutes: 15 } as const;

describe('Scheduler FLEXIBLE time windows', () => {
  let eddy: TestEddy;
  let scheduler: SchedulerClient;
  const clock = new ManualClock(Date.UTC(2026, 7, 1, 6, 0));
  before(async () => {
    eddy = await startTestEddy({ clock });
    scheduler = schedulerClient(eddy);
  });
  after(() => eddy.stop());

  const fireAt = async (ms: number) => {
    clock.set(ms);
    await eddy.admin('/_eddy/scheduler/fire');
  };

  it('runs each due time once, at its own point inside the window after it (the same on every node), not at its start', async () => {
    const queue = await newQueue(eddy, 'flexible');
    // A name whose two due times get different, non-zero delays (they are a hash of ARN and due time).
    const Name = 'flexible-nightly';
    const due = [Date.UTC(2026, 7, 2, 3, 0), Date.UTC(2026, 7, 3, 3, 0)];
    const delays = due.map((t) => flexibleDelayMs(WINDOW, scheduleArnOf('default', Name), t));
    assert.ok(delays.every((d) => d > 0 && d < 15 * 60_000) && delays[0] !== delays[1], `delays ${delays.join(', ')}`);
    await scheduler.send(
      new CreateScheduleCommand({
        Name,
        ScheduleExpression: 'cron(0 3 * * ? *)',
        FlexibleTimeWindow: WINDOW,
        Target: { Arn: queue.arn, RoleArn: ROLE, Input: '<aws.scheduler.scheduled-time>' },
      }),
    );
    for (const [i, t] of due.entries()) {
      await fireAt(t);
      assert.deepEqual(await drainMessages(eddy, queue), [], 'not at the scheduled time');
      await fireAt(t + delays[i]! - 1000);
      assert.deepEqual(await drainMessages(eddy, queue), [], 'not before its point in the window');
      await fireAt(t + delays[i]!);
      assert.deepEqual((await drainMessages(eddy, queue)).map((m) => m.Body), [new Date(t).toISOString().replace('.000Z', 'Z')]);
      await fireAt(t + 15 * 60_000);
      assert.deepEqual(await drainMessages(eddy, queue), [], 'once');
    }
  });

  it('a jump of `eddy time` past the window runs it once', async () => {
    clock.set(Date.UTC(2026, 8, 1, 8, 0));
    const queue = await newQueue(eddy, 'flexible-jump');
    await scheduler.send(
      new CreateScheduleCommand({
        Name: 'flexible-once',
        ScheduleExpression: 'at(2026-09-01T09:00:00)',
        FlexibleTimeWindow: WINDOW,
        Target: { Arn: queue.arn, RoleArn: ROLE, Input: '<aws.scheduler.scheduled-time>' },
      }),
    );
    await eddy.admin('/_eddy/time/advance', { by: '2h' });
    assert.deepEqual((await drainMessages(eddy, queue)).map((m) => m.Body), ['2026-09-01T09:00:00Z']);
    await eddy.admin('/_eddy/time/advance', { by: '1d' });
    assert.deepEqual(await drainMessages(eddy, queue), []);
  });
});
