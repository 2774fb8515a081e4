import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fairShare } from './fair-share.js';

describe('fairShare', () => {
  it('splits shards evenly, the first ranks taking the remainder', () => {
    assert.deepEqual([0, 1].map((rank) => fairShare(4, 2, rank)), [2, 2]);
    assert.deepEqual([0, 1, 2].map((rank) => fairShare(4, 3, rank)), [2, 1, 1]);
    assert.deepEqual([0, 1, 2].map((rank) => fairShare(2, 3, rank)), [1, 1, 0]);
    assert.deepEqual([0, 1, 2, 3].map((rank) => fairShare(10, 4, rank)), [3, 3, 2, 2]);
  });

  it('one node (or none counted) takes everything; no shards is no share', () => {
    assert.equal(fairShare(7, 1, 0), 7);
    assert.equal(fairShare(7, 0, 0), 7);
    assert.equal(fairShare(0, 3, 0), 0);
  });

  it('over every split, the shares sum to the total and differ by at most one', () => {
    for (let total = 0; total <= 40; total++) {
      for (let nodes = 1; nodes <= 9; nodes++) {
        const shares = Array.from({ length: nodes }, (_, rank) => fairShare(total, nodes, rank));
        assert.equal(shares.reduce((sum, share) => sum + share, 0), total, `${total} over ${nodes}`);
        assert.ok(Math.max(...shares) - Math.min(...shares) <= 1, `${total} over ${nodes}: ${shares.join(',')}`);
      }
    }
  });
});
