import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createQueue } from '../../queues/operations/queue-lifecycle.js';
import { sendMessage, sendMessageBatch } from '../../queues/operations/send-message.js';
import { queueArn } from '../../queues/queue-url.js';
import type { QueuesContext } from '../../queues/queues-context.js';
import { defaultDeployment } from '../../shared/arns.js';
import { ManualClock } from '../../shared/clock.js';
import { noFlushUnderWay } from '../../storage/sqlite/fixtures/no-flush-under-way.js';
import { openSqliteEngine, type SqliteEngine } from '../../storage/sqlite/sqlite-engine.js';
import { deleteMessages, gatherBatch } from './queue-batch-gatherer.js';
import { testQueuesContext } from '../../queues/fixtures/test-queues-context.js';

describe('queue mapping batches on a durable SQLite file (durability power)', () => {
  const clock = new ManualClock();
  let dir: string;
  let engine: SqliteEngine;
  let ctx: QueuesContext;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'eddy-queue-batch-'));
    engine = openSqliteEngine({ path: join(dir, 'eddy.db'), now: () => clock.now() });
    ctx = testQueuesContext(engine.queues, clock);
  });

  after(async () => {
    await engine.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("deletes a handled batch's messages in one commit and one WAL flush, not one each", async () => {
    const { QueueUrl } = (await createQueue(ctx, { QueueName: 'batch' })) as { QueueUrl: string };
    const entries = Array.from({ length: 10 }, (_, i) => ({ Id: String(i), MessageBody: `m${i}` }));
    await sendMessageBatch(ctx, { QueueUrl, Entries: entries });
    const signal = new AbortController().signal;
    const batch = await gatherBatch(ctx, queueArn(defaultDeployment, 'batch'), { batchSize: 10, windowSeconds: 0, signal });
    assert.equal(batch?.messages.length, 10);
    // The receive is answered at commit, its flush still under way: what follows counts the deletes' flushes alone.
    await noFlushUnderWay(engine);

    const flushes = engine.walStats!.flushes;
    await deleteMessages(ctx, batch!.queue, batch!.messages);
    // A batch waited for one flush per message before: ten flushes of the disk while it held a concurrency slot.
    assert.equal(engine.walStats!.flushes - flushes, 1);
    const stats = await engine.queues.stats(batch!.queue.id, clock.now(), 0);
    assert.deepEqual([stats.visible, stats.inFlight], [0, 0]);
  });
});
