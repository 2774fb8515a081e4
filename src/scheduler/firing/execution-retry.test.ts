import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DeliveryFailure } from '../../bus/delivery/delivery-failure.js';
import type { ScheduleTarget } from '../schedule-definition.js';
import { payloadOf } from './execution-attempt.js';
import { afterFailure } from './execution-retry.js';

const target = (RetryPolicy?: ScheduleTarget['RetryPolicy']): ScheduleTarget => ({ Arn: 'arn:aws:sqs:us-east-1:000000000000:q', RoleArn: 'r', ...(RetryPolicy && { RetryPolicy }) });
const retriable = new DeliveryFailure('INTERNAL_ERROR', 'down', true);
const backoff = { baseMs: 1000, maxMs: 60_000 };

describe('execution retries', () => {
  it('retries with backoff until MaximumRetryAttempts retries were made', () => {
    const t = target({ MaximumRetryAttempts: 2 });
    assert.deepEqual(afterFailure(t, 0, 1, retriable, 0, backoff), { kind: 'retry', dueAt: 1000 });
    assert.deepEqual(afterFailure(t, 0, 2, retriable, 5000, backoff), { kind: 'retry', dueAt: 7000 });
    assert.deepEqual(afterFailure(t, 0, 3, retriable, 9000, backoff), { kind: 'give-up', condition: 'MaximumRetryAttempts' });
  });

  it('gives up when the next retry would come past MaximumEventAgeInSeconds, counted from the scheduled time', () => {
    const t = target({ MaximumEventAgeInSeconds: 60 });
    assert.deepEqual(afterFailure(t, 0, 1, retriable, 58_000, backoff), { kind: 'retry', dueAt: 59_000 });
    assert.deepEqual(afterFailure(t, 0, 1, retriable, 59_500, backoff), { kind: 'give-up', condition: 'MaximumEventAgeInSeconds' });
  });

  it('does not retry what retrying cannot help, and MaximumRetryAttempts 0 means no retry', () => {
    assert.deepEqual(afterFailure(target(), 0, 1, new DeliveryFailure('NO_RESOURCE', 'gone', false), 0, backoff), { kind: 'give-up' });
    assert.deepEqual(afterFailure(target({ MaximumRetryAttempts: 0 }), 0, 1, retriable, 0, backoff), { kind: 'give-up', condition: 'MaximumRetryAttempts' });
  });

  it('fills the context placeholders of the Input at each attempt', () => {
    const execution = {
      id: 'exec-1',
      scheduleArn: 'arn:aws:scheduler:us-east-1:000000000000:schedule/default/s',
      scheduledAt: Date.UTC(2026, 2, 2, 10, 15, 0, 500),
      target: { ...target(), Input: '{"a":"<aws.scheduler.schedule-arn>","t":"<aws.scheduler.scheduled-time>","id":"<aws.scheduler.execution-id>","n":<aws.scheduler.attempt-number>}' },
      dueAt: 0,
      attempts: 2,
    };
    assert.equal(payloadOf(execution, 3), '{"a":"arn:aws:scheduler:us-east-1:000000000000:schedule/default/s","t":"2026-03-02T10:15:00Z","id":"exec-1","n":3}');
    assert.equal(payloadOf({ ...execution, target: target() }, 1), '{}');
  });
});
