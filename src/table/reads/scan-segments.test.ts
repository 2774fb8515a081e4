import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { segmentRange } from './scan-segments.js';

describe('segmentRange', () => {
  it('covers the whole hash space with one segment', () => {
    assert.deepEqual(segmentRange(0, 1), { hashFrom: 0, hashTo: 2 ** 32 - 1 });
  });

  it('splits evenly: 4 segments of 2^30 hashes', () => {
    assert.deepEqual([0, 1, 2, 3].map((s) => segmentRange(s, 4)), [
      { hashFrom: 0, hashTo: 2 ** 30 - 1 },
      { hashFrom: 2 ** 30, hashTo: 2 ** 31 - 1 },
      { hashFrom: 2 ** 31, hashTo: 3 * 2 ** 30 - 1 },
      { hashFrom: 3 * 2 ** 30, hashTo: 2 ** 32 - 1 },
    ]);
  });

  it('puts every hash in exactly one segment, segments differing in size by at most one', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 0, max: 2 ** 32 - 1 }), (total, hash) => {
        const guess = Math.floor((hash * total) / 2 ** 32);
        const owners = [guess - 1, guess, guess + 1].filter((s) => s >= 0 && s < total).filter((s) => {
          const { hashFrom, hashTo } = segmentRange(s, total);
          return hash >= hashFrom && hash <= hashTo;
        });
        assert.equal(owners.length, 1);
        const { hashFrom, hashTo } = segmentRange(owners[0]!, total);
        const size = hashTo - hashFrom + 1;
        assert.ok(Math.abs(size - 2 ** 32 / total) < 1);
      }),
    );
    assert.equal(segmentRange(999_999, 1_000_000).hashTo, 2 ** 32 - 1);
  });
});
