import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { afterFailedAttempt, tooOld } from './async-retry.js';
import { asyncPolicy } from './event-invoke-config.js';

const policy = (config?: { MaximumRetryAttempts?: number; MaximumEventAgeInSeconds?: number }) =>
  asyncPolicy(config && { ...config, DestinationConfig: { OnSuccess: {}, OnFailure: {} } });

describe('afterFailedAttempt', () => {
  it("retries twice by default, a minute and then two minutes later, as Lambda does", () => {
    assert.deepEqual(afterFailedAttempt(1, 0, 1_000, policy()), { retryAt: 61_000 });
    assert.deepEqual(afterFailedAttempt(2, 0, 70_000, policy()), { retryAt: 190_000 });
    assert.deepEqual(afterFailedAttempt(3, 0, 200_000, policy()), { giveUp: 'RetriesExhausted' });
  });

  it('follows MaximumRetryAttempts (0 gives up after the first attempt)', () => {
    assert.deepEqual(afterFailedAttempt(1, 0, 0, policy({ MaximumRetryAttempts: 0 })), { giveUp: 'RetriesExhausted' });
    assert.deepEqual(afterFailedAttempt(1, 0, 0, policy({ MaximumRetryAttempts: 1 })), { retryAt: 60_000 });
    assert.deepEqual(afterFailedAttempt(2, 0, 60_000, policy({ MaximumRetryAttempts: 1 })), { giveUp: 'RetriesExhausted' });
  });

  it('gives up when the retry would come due after MaximumEventAgeInSeconds', () => {
    assert.deepEqual(afterFailedAttempt(1, 0, 0, policy({ MaximumEventAgeInSeconds: 60 })), { retryAt: 60_000 });
    assert.deepEqual(afterFailedAttempt(1, 0, 1, policy({ MaximumEventAgeInSeconds: 60 })), { giveUp: 'EventAgeExceeded' });
    // Exhausted retries are named so even when the event is also too old.
    assert.deepEqual(afterFailedAttempt(3, 0, 10 ** 9, policy()), { giveUp: 'RetriesExhausted' });
  });

  it('takes its delays from the list given (tests shorten them), the last one for retries beyond it', () => {
    assert.deepEqual(afterFailedAttempt(1, 0, 5, policy(), [10]), { retryAt: 15 });
    assert.deepEqual(afterFailedAttempt(2, 0, 20, policy(), [10]), { retryAt: 30 });
  });
});

describe('tooOld', () => {
  it('is true only past the maximum age', () => {
    assert.equal(tooOld(0, 60_000, policy({ MaximumEventAgeInSeconds: 60 })), false);
    assert.equal(tooOld(0, 60_001, policy({ MaximumEventAgeInSeconds: 60 })), true);
    assert.equal(tooOld(0, 6 * 3_600_000 + 1, policy()), true);
  });
});
