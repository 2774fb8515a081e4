import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FlushScheduler } from './wal-flush-scheduler.js';

/**
 * The scheduler's order, with flushes that end when the test says: which flush a commit may be answered by
 * cannot be forced on a real disk. The engine's tests (sqlite-wal.test.ts) run it on real fdatasyncs.
 */
function harness(inFlight: number) {
  const flushes: { ended: (error: Error | null) => void }[] = [];
  const scheduler = new FlushScheduler((done) => flushes.push({ ended: done }), inFlight);
  const answered: number[] = [];
  const failed: number[] = [];
  let count = 0;
  const commit = (): Promise<void> => {
    const n = ++count;
    return scheduler.flushed().then(
      () => void answered.push(n),
      () => void failed.push(n),
    );
  };
  return { scheduler, flushes, answered, failed, commit };
}

/** Lets the promises the scheduler settled run their callbacks. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('FlushScheduler: which flush answers a commit', () => {
  it('starts a flush for each commit while slots are free, and answers a commit only by a flush started after it', async () => {
    const { scheduler, flushes, answered, commit } = harness(3);
    void commit();
    void commit();
    assert.equal(flushes.length, 2, 'the second commit did not wait for the first flush to end');
    assert.equal(scheduler.running, 2);
    flushes[0]!.ended(null);
    await settle();
    assert.deepEqual(answered, [1], 'the first flush started before the second commit, so it answers only the first');
    flushes[1]!.ended(null);
    await settle();
    assert.deepEqual(answered, [1, 2]);
    assert.equal(scheduler.flushes, 2);
  });

  it('answers every earlier commit with a later flush that ends first', async () => {
    const { flushes, answered, commit } = harness(3);
    void commit();
    void commit();
    void commit();
    flushes[2]!.ended(null); // the third flush started after all three commits
    await settle();
    assert.deepEqual(answered, [1, 2, 3]);
    flushes[0]!.ended(null);
    flushes[1]!.ended(null);
    await settle();
    assert.deepEqual(answered, [1, 2, 3], 'nothing answered twice');
  });

  it('with every slot taken, later commits wait together for one flush started when a slot frees', async () => {
    const { scheduler, flushes, answered, commit } = harness(2);
    void commit();
    void commit();
    void commit();
    void commit();
    assert.equal(flushes.length, 2, 'no third flush while two run');
    flushes[0]!.ended(null);
    await settle();
    assert.deepEqual(answered, [1]);
    assert.equal(flushes.length, 3, 'the freed slot starts one flush for the two waiting commits');
    flushes[1]!.ended(null);
    await settle();
    assert.deepEqual(answered, [1, 2], 'the second flush started before commits 3 and 4');
    flushes[2]!.ended(null);
    await settle();
    assert.deepEqual(answered, [1, 2, 3, 4]);
    assert.equal(scheduler.running, 0);
    assert.equal(flushes.length, 3);
  });

  it('fails the commits a failed flush covered that no flush has made durable, and no others', async () => {
    const { flushes, answered, failed, commit } = harness(3);
    void commit();
    void commit();
    flushes[1]!.ended(new Error('EIO')); // covered commits 1 and 2
    await settle();
    assert.deepEqual(failed, [1, 2], 'a flush still under way (the first) proves nothing after a failed one');
    flushes[0]!.ended(null);
    await settle();
    assert.deepEqual(answered, [], 'a commit is settled once');
    void commit();
    flushes[2]!.ended(null);
    await settle();
    assert.deepEqual(answered, [3]);
    assert.deepEqual(failed, [1, 2]);
  });

  it('keeps the commits a successful flush answered when an earlier flush then fails', async () => {
    const { flushes, answered, failed, commit } = harness(3);
    void commit();
    void commit();
    flushes[1]!.ended(null);
    flushes[0]!.ended(new Error('EIO'));
    await settle();
    assert.deepEqual(answered, [1, 2]);
    assert.deepEqual(failed, []);
  });

  it('settles once no flush is under way', async () => {
    const { scheduler, flushes, commit } = harness(3);
    assert.equal(await Promise.race([scheduler.settled().then(() => 'settled'), settle().then(() => 'waiting')]), 'settled');
    void commit();
    void commit();
    let settled = false;
    void scheduler.settled().then(() => (settled = true));
    flushes[0]!.ended(null);
    await settle();
    assert.equal(settled, false, 'one flush still runs');
    flushes[1]!.ended(null);
    await settle();
    assert.equal(settled, true);
  });
});
