import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { statSync } from 'node:fs';
import { openSqliteEngine, type SqliteEngine } from './sqlite-engine.js';
import { encodeKeyValue, partitionHash } from '../key-encoding.js';
import { noFlushUnderWay } from './fixtures/no-flush-under-way.js';
import { tempDir } from './fixtures/temp-dir.js';

const dir = tempDir();
const PAGE = 4096;
const FRAME = PAGE + 24;

const keyOf = (id: string) => {
  const partition = encodeKeyValue({ S: id });
  return { hash: partitionHash(partition), partition, sort: new Uint8Array(0) };
};

function put(engine: SqliteEngine, tableId: number, id: string, json: string): Promise<unknown> {
  return engine.writeItems({
    targets: [{ tableId, key: keyOf(id) }],
    decide: () => ({ mutations: [{ target: 0, item: { json, size: json.length } }], result: undefined }),
  });
}

describe('SQLite WAL: checkpoints off the writer, a bounded WAL, durable acknowledgements', () => {
  it('keeps the WAL bounded under a sustained write load, rewound by the worker alone', async () => {
    const rewindFrames = 256;
    const path = join(dir, 'bounded.db');
    const engine = openSqliteEngine({
      path,
      durability: 'process',
      checkpoints: { writesPerCheckpoint: 50, rewindFrames, catchUpFrames: 64 },
    });
    const table = (await engine.createTable('T', {}))!;
    // A 7,000-byte item takes a leaf of its own and an overflow page: each write is at least two WAL
    // frames, so 5,000 writes put 10,000+ frames (41 MB) through a WAL that never rewinds (21,800 measured).
    const json = JSON.stringify({ pad: 'x'.repeat(7000) });
    const writes = 5000;
    let next = 0;
    let largest = 0;
    const writer = async () => {
      while (next < writes) {
        const n = next++;
        await put(engine, table.id, `k${n}`, json);
        if (n % 100 === 0) largest = Math.max(largest, statSync(`${path}-wal`).size);
      }
    };
    // 16 writers, one write in flight each: commits never pause for the checkpointer's passes.
    await Promise.all(Array.from({ length: 16 }, writer));
    largest = Math.max(largest, statSync(`${path}-wal`).size);
    const stats = engine.walStats!.checkpoints;
    await engine.close();

    assert.equal(stats.fellBack, false, 'the worker kept checkpointing; the writer never took over');
    assert.ok(stats.rewinds >= 2, `the WAL was rewound (${JSON.stringify(stats)})`);
    assert.ok(stats.holds >= stats.rewinds);
    // Rewinds come at rewindFrames; the commits during the passes before the hold add to that, however
    // many the machine lets through while the worker copies and fsyncs, but from 4 × rewindFrames on the
    // group commit is held after any commit until a pass has copied everything: the bound is that and two
    // group commits (16 writes of at most 4 frames each). Measured: 1,088–1,097 frames while a disk
    // writer kept fsyncing beside the test; 3,445–8,238 before commits looked at the WAL's length (the
    // last past the former bound of 32 × rewindFrames, which is how this once failed under load).
    const bound = (4 * rewindFrames + 2 * 16 * 4) * FRAME;
    assert.ok(2 * writes * FRAME > bound, 'the load writes more than the bound');
    assert.ok(largest <= bound, `WAL file at most ${bound} bytes, was ${largest} (${JSON.stringify(stats)})`);
  });

  it('answers a group of writes only after one flush of the WAL that came after their commit', async () => {
    const engine = openSqliteEngine({ path: join(dir, 'power.db') });
    const table = (await engine.createTable('T', {}))!;
    const before = engine.walStats!.flushes;
    const seen: number[] = [];
    // One turn of the event loop: one group commit, one flush, shared by all of them.
    await Promise.all(Array.from({ length: 100 }, (_, i) => put(engine, table.id, `g${i}`, '{"n":1}').then(() => seen.push(engine.walStats!.flushes))));
    assert.equal(seen.length, 100);
    assert.ok(seen.every((flushes) => flushes === before + 1), `flushes at each acknowledgement: ${[...new Set(seen)]}`);
    assert.equal(engine.walStats!.flushes, before + 1);

    // A commit that lands while a flush is under way waits for a flush, and that flush is one started after it:
    // its own, which may end before the running one (flushes overlap). On a real disk the order in which they end
    // cannot be forced: wal-flush-scheduler.test.ts shows which flush answers which commit.
    const start = engine.walStats!.flushes;
    const first = put(engine, table.id, 'a', '{"n":2}').then(() => engine.walStats!.flushes);
    // In the turn after the group commit's (first committed, its flush started, not done: done is a later phase).
    const { flushesThen, second } = await new Promise<{ flushesThen: number; second: Promise<number> }>((resolve) =>
      setImmediate(() => resolve({ flushesThen: engine.walStats!.flushes, second: put(engine, table.id, 'b', '{"n":3}').then(() => engine.walStats!.flushes) })),
    );
    assert.equal(flushesThen, start);
    assert.ok((await first) >= start + 1);
    assert.ok((await second) >= start + 1, 'the second write waited for a flush');
    await noFlushUnderWay(engine); // the first commit's flush may end after the second's, which answers both
    assert.equal(engine.walStats!.flushes, start + 2, 'each commit started its own flush');

    // Transactions whose callers take the result synchronously flush before returning.
    const beforeQueue = engine.walStats!.flushes;
    const { queue } = await engine.queues.create({ name: 'q', fifo: false, attributes: {}, tags: {}, now: 0 });
    assert.equal(engine.walStats!.flushes, beforeQueue + 1);
    // A queue send joins the group commit: acknowledged after its flush, as an item write is.
    const beforeSend = engine.walStats!.flushes;
    const sent = await engine.queues.send(queue.id, [{ messageId: 'm1', body: 'hello', payload: '{}', visibleAt: 0 }], 0).then(() => engine.walStats!.flushes);
    assert.equal(sent, beforeSend + 1);
    await engine.close();
  });

  it("with durability 'process', answers without flushing", async () => {
    const engine = openSqliteEngine({ path: join(dir, 'process.db'), durability: 'process' });
    const table = (await engine.createTable('T', {}))!;
    await Promise.all(Array.from({ length: 50 }, (_, i) => put(engine, table.id, `p${i}`, '{"n":1}')));
    await engine.queues.create({ name: 'q', fifo: false, attributes: {}, tags: {}, now: 0 });
    assert.equal(engine.walStats!.flushes, 0);
    assert.equal((await engine.getItem(table.id, keyOf('p7')))?.json, '{"n":1}');
    await engine.close();
  });
});
