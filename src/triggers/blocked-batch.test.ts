import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { blockedRecords, blockingBatchStatus } from './blocked-batch.js';

const record = (n: number, pk: string) => ({
  sequence: 100000000000000000000n + BigInt(n),
  createdAt: Date.UTC(2026, 0, 1) + n * 1000,
  json: JSON.stringify({ eventName: 'INSERT', dynamodb: { Keys: { pk: { S: pk } }, SequenceNumber: String(n) } }),
});

describe('blockedRecords', () => {
  it('names the sequence range, arrivals, count and keys of a batch, in order', () => {
    assert.deepEqual(blockedRecords([record(1, 'a'), record(2, 'b')]), {
      firstSequence: '100000000000000000001',
      lastSequence: '100000000000000000002',
      count: 2,
      firstArrival: Date.UTC(2026, 0, 1) + 1000,
      lastArrival: Date.UTC(2026, 0, 1) + 2000,
      keys: [{ pk: { S: 'a' } }, { pk: { S: 'b' } }],
    });
  });

  it('keeps the first 25 keys, and no more than 8 KiB of them', () => {
    const many = Array.from({ length: 100 }, (_, i) => record(i, `k${i}`));
    const kept = blockedRecords(many)!;
    assert.equal(kept.count, 100);
    assert.equal(kept.keys.length, 25);
    assert.equal(kept.keysTruncated, true);
    const big = Array.from({ length: 10 }, (_, i) => record(i, 'x'.repeat(2000) + i));
    const bounded = blockedRecords(big)!;
    assert.ok(JSON.stringify(bounded.keys).length <= 8 * 1024);
    assert.equal(bounded.keys.length, 4); // each about 2 KiB
    assert.equal(bounded.keysTruncated, true);
  });

  it('is undefined for no records (a tumbling window\'s final invocation)', () => {
    assert.equal(blockedRecords([]), undefined);
  });
});

describe('blockingBatchStatus', () => {
  it('shows the stored document with ISO times; undefined for none or one it cannot read', () => {
    const stored = {
      attempts: 3,
      since: Date.UTC(2026, 0, 1),
      retryAt: Date.UTC(2026, 0, 1, 0, 1),
      lastFailure: { kind: 'function-error', errorType: 'Error', errorMessage: 'no', at: Date.UTC(2026, 0, 1, 0, 0, 30), requestId: 'r' },
      records: blockedRecords([record(1, 'a')]),
    };
    assert.deepEqual(blockingBatchStatus(JSON.stringify(stored)), {
      attempts: 3,
      since: '2026-01-01T00:00:00.000Z',
      retryAt: '2026-01-01T00:01:00.000Z',
      lastFailure: { kind: 'function-error', errorType: 'Error', errorMessage: 'no', at: '2026-01-01T00:00:30.000Z', requestId: 'r' },
      records: { ...stored.records, firstArrival: '2026-01-01T00:00:01.000Z', lastArrival: '2026-01-01T00:00:01.000Z' },
    });
    assert.equal(blockingBatchStatus(undefined), undefined);
    assert.equal(blockingBatchStatus('not json'), undefined);
    assert.equal(blockingBatchStatus('{"attempts":"x"}'), undefined);
  });
});
