import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { systemClock } from '../shared/clock.js';
import { settleStreams, type StreamConsumerView } from './stream-settle.js';

const shard = (iteratorAgeMs: number, inFlight = 0, state = 'OK') => ({ iteratorAgeMs, inFlight, state });
const stream = (shards: StreamConsumerView['shards'], state = 'Enabled'): StreamConsumerView => ({ kind: 'stream', state, shards });

describe('settleStreams', () => {
  it('waits until every enabled stream consumer has caught up', async () => {
    let looks = 0;
    const consumer = { status: async () => (++looks < 4 ? [stream([shard(5)]), stream([shard(0, 1)])] : [stream([shard(0)])]) };
    await settleStreams([consumer], systemClock, 5_000);
    assert.equal(looks, 4, 'looks until none is behind (the first also sees that consumers run)');
  });

  it('waits until a consumer at LATEST has taken its position, though nothing is behind it yet', async () => {
    let looks = 0;
    const consumer = { status: async () => [stream([++looks < 4 ? { ...shard(0), awaitingPosition: true } : shard(0)])] };
    await settleStreams([consumer], systemClock, 5_000);
    assert.equal(looks, 4, 'looks until the position is stored (the first also sees that consumers run)');
  });

  it('does not wait for consumers retrying, disabled or on queues, nor when there are none', async () => {
    const views = [stream([shard(100)], 'Disabled'), { kind: 'queue', state: 'Enabled', shards: [shard(100)] }];
    assert.deepEqual(await settleStreams([{ status: async () => views }], systemClock, 5_000), { waitedMs: 0 });
    const { waitedMs } = await settleStreams([{ status: async () => [stream([shard(100, 0, 'RETRYING')])] }], systemClock, 5_000);
    assert.ok(waitedMs < 1_000, `${waitedMs} ms`);
  });

  it('waits at most its timeout for a consumer that does not catch up', async () => {
    const { waitedMs } = await settleStreams([{ status: async () => [stream([shard(100)])] }], systemClock, 50);
    assert.ok(waitedMs >= 50 && waitedMs < 1_000, `${waitedMs} ms`);
  });
});
