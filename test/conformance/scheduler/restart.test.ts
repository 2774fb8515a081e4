import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateScheduleCommand, GetScheduleGroupCommand } from '@aws-sdk/client-scheduler';
import { ManualClock } from '../../../src/shared/clock.js';
import { startTestEddy } from '../../helpers/eddy.js';
import { drainMessages, newQueue } from '../events/delivery-fixtures.js';
import { ROLE, schedulerClient, uniqueName } from './scheduler-fixtures.js';

describe('Scheduler across a restart and a clock jump', () => {
  const dir = mkdtempSync(join(tmpdir(), 'eddy-scheduler-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('a schedule due while Eddy was stopped runs once when it starts, and not again on the next start', async () => {
    const clock = new ManualClock(Date.UTC(2026, 6, 1, 12, 0));
    let eddy = await startTestEddy({ clock, data: dir });
    const queue = await newQueue(eddy, 'restart');
    await schedulerClient(eddy).send(
      new CreateScheduleCommand({
        Name: uniqueName('restart'),
        ScheduleExpression: 'at(2026-07-01T13:00:00)',
        FlexibleTimeWindow: { Mode: 'OFF' },
        Target: { Arn: queue.arn, RoleArn: ROLE, Input: 'due while stopped' },
      }),
    );
    await eddy.stop();
    clock.set(Date.UTC(2026, 6, 1, 15, 0));
    eddy = await startTestEddy({ clock, data: dir }); // start() fires what fell due before it returns
    assert.deepEqual((await drainMessages(eddy, queue)).map((m) => m.Body), ['due while stopped']);
    // The default group, stored by the first start, is left as it is by the next one.
    const group = await schedulerClient(eddy).send(new GetScheduleGroupCommand({ Name: 'default' }));
    assert.equal(group.LastModificationDate?.getTime(), Date.UTC(2026, 6, 1, 12, 0));
    await eddy.stop();
    eddy = await startTestEddy({ clock, data: dir });
    await eddy.admin('/_eddy/scheduler/fire');
    assert.deepEqual(await drainMessages(eddy, queue), []);
    await eddy.stop();
  });

  it('`eddy time advance` runs the schedules that fell due in the jump', async () => {
    const eddy = await startTestEddy();
    try {
      const queue = await newQueue(eddy, 'advance');
      const at = new Date(Date.now() + 2 * 3600_000).toISOString().slice(0, 19);
      await schedulerClient(eddy).send(
        new CreateScheduleCommand({
          Name: uniqueName('advance'),
          ScheduleExpression: `at(${at})`,
          FlexibleTimeWindow: { Mode: 'OFF' },
          Target: { Arn: queue.arn, RoleArn: ROLE, Input: 'two hours later' },
        }),
      );
      assert.deepEqual(await drainMessages(eddy, queue), []);
      await eddy.admin('/_eddy/time/advance', { by: '3h' });
      assert.deepEqual((await drainMessages(eddy, queue)).map((m) => m.Body), ['two hours later']);
    } finally {
      await eddy.stop();
    }
  });
});
