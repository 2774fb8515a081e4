import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetScheduleCommand } from '@aws-sdk/client-scheduler';
import { GetQueueUrlCommand } from '@aws-sdk/client-sqs';
import type { EddyConfig } from '../../../src/config/config-types.js';
import { ManualClock } from '../../../src/shared/clock.js';
import { startTestEddy, type TestEddy } from '../../helpers/eddy.js';
import { drainMessages, queueArnOf, type TestQueue } from '../events/delivery-fixtures.js';
import { schedulerClient } from './scheduler-fixtures.js';

const CONFIG: EddyConfig = {
  queues: { jobs: {}, polled: {} },
  buses: { app: {} },
  rules: { polls: { bus: 'app', pattern: { source: ['eddy.scheduler'] }, targets: [{ queue: 'polled', inputPath: '$.detail' }] } },
  schedules: {
    remind: { at: '2027-01-01T09:00:00', timezone: 'Europe/Berlin', target: { queue: 'jobs' }, input: { remind: 'new year' } },
    nightly: { cron: '0 3 * * ? *', target: { queue: 'jobs' }, group: 'batch' },
    poll: { rate: '5 minutes', target: { bus: 'app' }, input: { poll: '<aws.scheduler.scheduled-time>' } },
  },
};

async function queue(eddy: TestEddy, name: string): Promise<TestQueue> {
  return { name, url: (await eddy.sqs.send(new GetQueueUrlCommand({ QueueName: name }))).QueueUrl!, arn: queueArnOf(name) };
}

describe('Scheduler schedules in eddy.config', () => {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'eddy-scheduler-config-')));
  const config = join(dir, 'eddy.config.json');
  writeFileSync(config, JSON.stringify(CONFIG));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('creates the schedules (and their group) at start, runs them, and leaves them as they are on a restart with the same config', async () => {
    const clock = new ManualClock(Date.UTC(2026, 11, 31, 12, 0));
    const data = join(dir, 'data');
    let eddy = await startTestEddy({ config, clock, data });
    try {
      assert.deepEqual(eddy.config?.report.created.filter((r) => r.kind === 'schedule').map((r) => r.name).sort(), ['batch/nightly', 'poll', 'remind']);
      const scheduler = schedulerClient(eddy);
      const nightly = await scheduler.send(new GetScheduleCommand({ Name: 'nightly', GroupName: 'batch' }));
      assert.equal(nightly.ScheduleExpression, 'cron(0 3 * * ? *)');
      assert.equal(nightly.Target?.Arn, queueArnOf('jobs'));
      // poll (rate, no start) ran when Eddy started: its event went through the bus to `polled`.
      await eddy.admin('/_eddy/bus/deliver');
      assert.deepEqual((await drainMessages(eddy, await queue(eddy, 'polled'))).map((m) => m.Body), ['{"poll":"2026-12-31T12:00:00Z"}']);
      clock.set(Date.UTC(2027, 0, 1, 8, 0)); // 09:00 in Berlin
      await eddy.admin('/_eddy/scheduler/fire');
      const bodies = (await drainMessages(eddy, await queue(eddy, 'jobs'))).map((m) => m.Body).sort();
      assert.deepEqual(bodies, ['{"remind":"new year"}', '{}']); // the reminder, and nightly's 03:00 (no input)
      await eddy.admin('/_eddy/bus/deliver');
      await drainMessages(eddy, await queue(eddy, 'polled'));
      await eddy.stop();

      eddy = await startTestEddy({ config, clock, data });
      assert.deepEqual(eddy.config?.report.unchanged.filter((r) => r.kind === 'schedule').map((r) => r.name).sort(), ['batch/nightly', 'poll', 'remind']);
      await eddy.admin('/_eddy/scheduler/fire');
      await eddy.admin('/_eddy/bus/deliver');
      // Not rewritten, so poll was not restarted from now: nothing new.
      assert.deepEqual(await drainMessages(eddy, await queue(eddy, 'polled')), []);
    } finally {
      await eddy.stop();
    }
  });

  it('refuses a config whose schedule names a queue that exists nowhere', async () => {
    const bad = join(dir, 'bad.config.json');
    writeFileSync(bad, JSON.stringify({ schedules: { lost: { rate: '1 hour', target: { queue: 'nowhere' } } } }));
    await assert.rejects(startTestEddy({ config: bad }), /schedules\.lost: queue nowhere is declared nowhere and does not exist/);
  });
});
