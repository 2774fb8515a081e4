import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { BatchFailure } from '../batch-failure.js';
import { QueueStats, type RetryPolicy } from './queue-stats.js';

const policy: RetryPolicy = { maxReceiveCount: undefined, retentionMs: 60_000 };
const partial = (...ids: string[]): BatchFailure => ({ kind: 'partial-batch-failure', failedItems: ids, batchSize: 4 });
const message = (messageId: string, receiveCount = 1, sentAt = 0) => ({ messageId, receiveCount, sentAt });

describe('QueueStats', () => {
  it('follows failing messages across batches: since their first failure, attempts their receives', () => {
    let now = 1_000;
    const stats = new QueueStats(() => now);
    stats.succeeded(['a', 'b'], 1_000);
    stats.failed([message('c')], partial('c'), 'r1', 1_000, policy);
    now = 2_000;
    // Another batch without c succeeds: c is still failing.
    stats.succeeded(['d'], 2_000);
    stats.failed([message('c', 2)], partial('c'), 'r2', 3_000, policy);
    assert.deepEqual(stats.failingMessages, ['c']);
    assert.equal(stats.retryingSince, 1_000);
    assert.equal(stats.attempts, 2);
    assert.equal(stats.lastFailure?.requestId, 'r2');
    assert.equal(stats.lastSuccessAt, 2_000);
  });

  it('a success of the failing messages clears the failure', () => {
    const stats = new QueueStats(() => 0);
    stats.failed([message('a'), message('b')], { kind: 'function-error', errorType: 'Error', errorMessage: 'x' }, 'r1', 10, policy);
    stats.succeeded(['a'], 20);
    assert.deepEqual(stats.failingMessages, ['b']);
    assert.equal(stats.lastFailure?.requestId, 'r1');
    stats.succeeded(['b'], 30);
    assert.deepEqual(stats.failingMessages, []);
    assert.equal(stats.retryingSince, undefined);
    assert.equal(stats.attempts, 0);
    assert.equal(stats.lastFailure, undefined);
  });

  it('a message at maxReceiveCount goes to the dead-letter queue: no longer failing, its failure kept until a success', () => {
    const stats = new QueueStats(() => 0);
    stats.failed([message('a', 2)], partial('a'), 'r1', 10, { ...policy, maxReceiveCount: 2 });
    assert.deepEqual(stats.failingMessages, []);
    assert.equal(stats.lastFailure?.requestId, 'r1');
    stats.succeeded(['z'], 20);
    assert.equal(stats.lastFailure, undefined);
  });

  it('forgets expired and deleted messages', () => {
    let now = 0;
    const stats = new QueueStats(() => now);
    stats.failed([message('old', 1, 0), message('new', 1, 30_000)], partial('old', 'new'), 'r1', 40_000, policy);
    now = 60_000;
    assert.deepEqual(stats.failingMessages, ['new']);
    stats.forget(['new']);
    assert.equal(stats.retryingSince, undefined);
  });
});
