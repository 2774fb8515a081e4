import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validateConfig } from '../../config/validate-config.js';
import { defaultDeployment } from '../../shared/arns.js';
import { scheduleRequest } from './validate-schedules.js';
import { CONFIG_FILE, configProblems } from '../../config/fixtures/config-problems.js';

const FILE = CONFIG_FILE;

const problems = configProblems;

describe('config schedules', () => {
  it('normalize into the CreateSchedule request they stand for', () => {
    const config = validateConfig(
      {
        schedules: {
          remind: { at: '2027-01-01T09:00:00', timezone: 'Europe/Berlin', target: { function: 'remind' }, input: { who: 'me' }, deleteAfterCompletion: true },
          nightly: { cron: '0 3 * * ? *', target: { queue: 'jobs.fifo', messageGroupId: 'night' }, retryPolicy: { maximumRetryAttempts: 2 }, deadLetter: { queue: 'dlq' } },
          poll: { rate: '5 minutes', target: { bus: 'app' }, group: 'polls', flexibleWindow: 10, enabled: false, start: '2027-01-01T00:00:00Z' },
        },
      },
      FILE,
    );
    const requests = Object.fromEntries(Object.entries(config.schedules!).map(([name, s]) => [name, scheduleRequest(s, defaultDeployment)]));
    assert.deepEqual(requests['remind'], {
      ScheduleExpression: 'at(2027-01-01T09:00:00)',
      ScheduleExpressionTimezone: 'Europe/Berlin',
      State: 'ENABLED',
      ActionAfterCompletion: 'DELETE',
      FlexibleTimeWindow: { Mode: 'OFF' },
      Target: { Arn: 'arn:aws:lambda:us-east-1:000000000000:function:remind', RoleArn: 'arn:aws:iam::000000000000:role/eddy-scheduler', Input: '{"who":"me"}' },
    });
    assert.deepEqual(requests['nightly']!['Target'], {
      Arn: 'arn:aws:sqs:us-east-1:000000000000:jobs.fifo',
      RoleArn: 'arn:aws:iam::000000000000:role/eddy-scheduler',
      RetryPolicy: { MaximumRetryAttempts: 2 },
      SqsParameters: { MessageGroupId: 'night' },
      DeadLetterConfig: { Arn: 'arn:aws:sqs:us-east-1:000000000000:dlq' },
    });
    assert.equal(requests['poll']!['GroupName'], 'polls');
    assert.equal(requests['poll']!['State'], 'DISABLED');
    assert.equal(requests['poll']!['StartDate'], Date.UTC(2027, 0, 1) / 1000);
    assert.deepEqual(requests['poll']!['FlexibleTimeWindow'], { Mode: 'FLEXIBLE', MaximumWindowInMinutes: 10 });
    assert.deepEqual((requests['poll']!['Target'] as Record<string, unknown>)['EventBridgeParameters'], { Source: 'eddy.scheduler', DetailType: 'poll' });
  });

  it('refuses a schedule without exactly one expression or target, and what CreateSchedule would refuse', () => {
    assert.deepEqual(
      problems({
        schedules: {
          none: { target: { queue: 'q' } },
          two: { rate: '1 hour', cron: '0 * * * ? *', target: { queue: 'q' } },
          targets: { rate: '1 hour', target: { queue: 'q', function: 'f' } },
          bad: { rate: '10 seconds', target: { queue: 'q' } },
          zone: { cron: '0 3 * * ? *', timezone: 'Nowhere/Land', target: { queue: 'q' } },
        },
      }),
      [
        'schedules.none: exactly one of at, rate and cron is needed, got none',
        'schedules.two: exactly one of at, rate and cron is needed, got rate and cron',
        'schedules.targets.target: exactly one of function, queue, bus and topic is needed',
        'schedules.bad: Invalid Schedule Expression rate(10 seconds).',
        'schedules.zone: Invalid ScheduleExpressionTimezone Nowhere/Land.',
      ],
    );
    assert.match(problems({ schedules: { typo: { rate: '1 hour', target: { queue: 'q' }, inptu: {} } } })[0]!, /^schedules\.typo\.inptu: unknown field/);
  });
});
