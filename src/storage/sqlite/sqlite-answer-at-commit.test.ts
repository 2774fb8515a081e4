import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openSqliteEngine, type SqliteEngine } from './sqlite-engine.js';
import { noFlushUnderWay } from './fixtures/no-flush-under-way.js';
import { tempDir } from './fixtures/temp-dir.js';

const dir = tempDir();

/**
 * Every commit starts a flush, answered early or not, and it ends in the background: a count read across calls
 * would see an earlier call's flush end. So the call starts with no flush under way, and then its own commit's
 * flush cannot end before its answer's turn.
 */
async function answeredBeforeItsFlush<T>(engine: SqliteEngine, what: string, call: () => Promise<T>): Promise<T> {
  await engine.triggers.requestAction('no-such-mapping', 's', 'skip'); // writes nothing, still commits and flushes
  await noFlushUnderWay(engine);
  const before = engine.walStats!.flushes;
  const result = await call();
  assert.equal(engine.walStats!.flushes, before, `${what} was answered before its commit's flush`);
  return result;
}

describe('SQLite, durability power: writes whose loss with the power only repeats a delivery are answered at commit', () => {
  it('answers a checkpoint and a receive before the flush, committed (another connection reads them), and a send after it', async () => {
    const path = join(dir, 'at-commit.db');
    const engine = openSqliteEngine({ path });
    const other = new Database(path, { readonly: true });
    try {
      await engine.triggers.createMapping({ uuid: 'm', functionName: 'f', sourceArn: 'arn', config: {}, now: 0 });
      assert.equal(await engine.triggers.claimLease('m', 's', 'me', 60_000, 0), true);

      assert.equal(await answeredBeforeItsFlush(engine, 'the checkpoint', () => engine.triggers.checkpoint('m', 's', 'me', { sequence: '42' })), true);
      // Committed: in the WAL, where a crash of this process cannot take it.
      assert.equal((await engine.triggers.getCheckpoint('m', 's'))?.sequence, '42');
      assert.equal((other.prepare("SELECT count(*) AS n FROM mapping_shards WHERE sequence = '42'").get() as { n: number } | undefined)?.n, 1);

      const { queue } = await engine.queues.create({ name: 'q', fifo: false, attributes: {}, tags: {}, now: 0 });
      const beforeSend = engine.walStats!.flushes;
      const sent = await engine.queues.send(queue.id, [{ messageId: 'm1', body: 'hello', payload: '{}', visibleAt: 0 }], 0).then(() => engine.walStats!.flushes);
      assert.ok(sent > beforeSend, 'a send is answered after a flush that followed its commit');
      const received = await answeredBeforeItsFlush(engine, 'the receive', () =>
        engine.queues.receive({ queueId: queue.id, fifo: false, max: 10, now: 1, visibleUntil: 30_001, retainedSince: 0 }),
      );
      assert.equal(received.messages.length, 1);
    } finally {
      other.close();
      await engine.close();
    }
  });

  it("answers a consumer's leases, its shard's flags and Scheduler's claims before the flush, committed", async () => {
    const path = join(dir, 'leases-at-commit.db');
    const engine = openSqliteEngine({ path });
    const other = new Database(path, { readonly: true });
    const count = (sql: string): number => (other.prepare(sql).get() as { n: number }).n;
    try {
      await engine.triggers.createMapping({ uuid: 'm', functionName: 'f', sourceArn: 'arn', config: {}, now: 0 });
      assert.equal(await answeredBeforeItsFlush(engine, 'the claim', () => engine.triggers.claimLease('m', 's', 'me', 60_000, 0)), true);
      assert.equal(await engine.triggers.requestAction('m', 's', 'skip'), true, "a user's request, answered after its flush");
      assert.equal(await answeredBeforeItsFlush(engine, 'the blocked flag', () => engine.triggers.markBlocked('m', 's', 'me', 'the batch failed')), true);
      assert.equal(await answeredBeforeItsFlush(engine, 'taking the action', () => engine.triggers.takeAction('m', 's', 'me')), 'skip');
      assert.equal(await answeredBeforeItsFlush(engine, 'the renewal', () => engine.triggers.renewLease('m', 's', 'me', 90_000)), true);
      assert.deepEqual(await answeredBeforeItsFlush(engine, "Scheduler's claim", () => engine.scheduler.claimExecutions('me', 0, 60_000, 10)), []);
      assert.equal(count("SELECT count(*) AS n FROM mapping_shards WHERE owner = 'me' AND lease_until = 90000 AND blocked IS NOT NULL AND action IS NULL"), 1);
      await answeredBeforeItsFlush(engine, 'the release', () => engine.triggers.releaseLease('m', 's', 'me'));
      assert.equal(count('SELECT count(*) AS n FROM mapping_shards WHERE owner IS NULL'), 1);
    } finally {
      other.close();
      await engine.close();
    }
  });
});
