import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { StoredStreamRecord } from '../storage/engine.js';
import { ShardReadAhead, type ShardReads } from './shard-read-ahead.js';

/** A shard as a growing list of records (sequences 1, 2, …), counting the reads made of it. */
class Shard implements ShardReads {
  readonly records: StoredStreamRecord[] = [];
  readonly calls: string[] = [];

  append(count: number): void {
    for (let i = 0; i < count; i++) {
      const sequence = BigInt(this.records.length + 1);
      this.records.push({ sequence, json: `{"n":${sequence}}`, createdAt: 0 });
    }
  }

  async waiting(after: bigint, limit: number): Promise<StoredStreamRecord[]> {
    this.calls.push(`waiting ${after} ${limit}`);
    return this.#after(after, limit);
  }

  async now(after: bigint, limit: number): Promise<StoredStreamRecord[]> {
    this.calls.push(`now ${after} ${limit}`);
    return this.#after(after, limit);
  }

  #after(after: bigint, limit: number): StoredStreamRecord[] {
    return this.records.filter((r) => r.sequence > after).slice(0, limit);
  }
}

const sequences = (records: readonly StoredStreamRecord[]) => records.map((r) => Number(r.sequence));

describe('ShardReadAhead', () => {
  it('reads once per `ahead` records and hands them out a batch at a time', async () => {
    const shard = new Shard();
    shard.append(25);
    const ahead = new ShardReadAhead(20);
    assert.deepEqual(sequences(await ahead.take(0n, 10, shard)), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    assert.deepEqual(sequences(await ahead.take(10n, 10, shard)), [11, 12, 13, 14, 15, 16, 17, 18, 19, 20]);
    assert.deepEqual(shard.calls, ['waiting 0 20']);
    // All taken: the next read is of the stream again (waiting when it has nothing yet).
    assert.deepEqual(sequences(await ahead.take(20n, 10, shard)), [21, 22, 23, 24, 25]);
    assert.deepEqual(shard.calls, ['waiting 0 20', 'waiting 20 20']);
  });

  it('answers what reading the stream would: a short remainder is topped up with records appended since', async () => {
    const shard = new Shard();
    shard.append(15);
    const ahead = new ShardReadAhead(15);
    await ahead.take(0n, 10, shard);
    shard.append(10);
    assert.deepEqual(sequences(await ahead.take(10n, 10, shard)), [11, 12, 13, 14, 15, 16, 17, 18, 19, 20]);
    assert.deepEqual(shard.calls, ['waiting 0 15', 'now 15 15']);
  });

  it('keeps what the caller did not move past (a tumbling window cut a batch short)', async () => {
    const shard = new Shard();
    shard.append(30);
    const ahead = new ShardReadAhead(30);
    assert.deepEqual(sequences(await ahead.take(0n, 10, shard)), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    // The caller used only 1..4: the next take starts at 5, from what was read.
    assert.deepEqual(sequences(await ahead.take(4n, 10, shard)), [5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
    assert.equal(shard.calls.length, 1);
  });

  it('a batch larger than `ahead` is read whole, and an empty shard waits', async () => {
    const shard = new Shard();
    const ahead = new ShardReadAhead(5);
    assert.deepEqual(await ahead.take(0n, 8, shard), []);
    assert.deepEqual(shard.calls, ['waiting 0 8']);
    shard.append(9);
    assert.deepEqual(sequences(await ahead.take(0n, 8, shard)), [1, 2, 3, 4, 5, 6, 7, 8]);
    assert.deepEqual(shard.calls, ['waiting 0 8', 'waiting 0 8']);
  });

  it('a position past everything read (a restart elsewhere moved on) reads from there', async () => {
    const shard = new Shard();
    shard.append(40);
    const ahead = new ShardReadAhead(20);
    await ahead.take(0n, 10, shard);
    assert.deepEqual(sequences(await ahead.take(30n, 5, shard)), [31, 32, 33, 34, 35]);
    assert.deepEqual(shard.calls, ['waiting 0 20', 'waiting 30 20']);
  });
});
