import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { BatchFailure } from './batch-failure.js';
import { ShardStats } from './shard-stats.js';

const partial: BatchFailure = { kind: 'partial-batch-failure', failedItems: ['000000000000000000002'], batchSize: 3 };
const thrown: BatchFailure = { kind: 'function-error', errorType: 'Error', errorMessage: 'SMTP refused' };

describe('ShardStats', () => {
  it('is RETRYING from the first failed attempt of a batch, attempts climbing, the last failure the latest', () => {
    const stats = new ShardStats();
    stats.begin(0);
    stats.attempted(0);
    stats.failed(0, { ...partial, at: 1_000, requestId: 'r1' });
    stats.attempted(0);
    stats.failed(0, { ...thrown, at: 2_000, requestId: 'r2' });
    assert.equal(stats.retryingSince, 1_000);
    assert.equal(stats.attempts, 2);
    assert.deepEqual(stats.lastFailure, { ...thrown, at: 2_000, requestId: 'r2' });
    assert.equal(stats.inFlight, 1);
  });

  it('a success ends the retrying and clears the last failure', () => {
    const stats = new ShardStats();
    stats.begin(0);
    stats.failed(0, { ...partial, at: 1_000, requestId: 'r1' });
    stats.succeeded(0, 3_000);
    assert.equal(stats.retryingSince, undefined);
    assert.equal(stats.lastFailure, undefined);
    assert.equal(stats.lastSuccessAt, 3_000);
    stats.end(0);
    assert.equal(stats.inFlight, 0);
    assert.equal(stats.attempts, 0);
  });

  it('a success on one lane keeps the failure while another lane is still failing', () => {
    const stats = new ShardStats();
    stats.begin(0);
    stats.begin(1);
    stats.failed(1, { ...thrown, at: 1_000, requestId: 'r1' });
    stats.succeeded(0, 2_000);
    assert.equal(stats.retryingSince, 1_000);
    assert.equal(stats.lastFailure?.requestId, 'r1');
    stats.succeeded(1, 3_000);
    assert.equal(stats.lastFailure, undefined);
  });

  it('a batch given up on (discarded) is no longer retrying, but its failure shows until a success', () => {
    const stats = new ShardStats();
    stats.begin(0);
    stats.failed(0, { ...thrown, at: 1_000, requestId: 'r1' });
    stats.end(0);
    assert.equal(stats.retryingSince, undefined);
    assert.equal(stats.lastFailure?.requestId, 'r1');
    stats.begin(0);
    stats.succeeded(0, 2_000);
    assert.equal(stats.lastFailure, undefined);
  });

  it('the oldest failing lane gives the since time; a new batch on a lane starts afresh', () => {
    const stats = new ShardStats();
    stats.begin(0);
    stats.begin(1);
    stats.failed(1, { ...thrown, at: 5_000, requestId: 'r1' });
    stats.failed(0, { ...thrown, at: 6_000, requestId: 'r2' });
    assert.equal(stats.retryingSince, 5_000);
    stats.end(1);
    stats.begin(1);
    assert.equal(stats.retryingSince, 6_000);
  });
});
