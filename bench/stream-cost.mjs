// What a stream costs a PutItem, below HTTP: the DynamoDB operation itself (validation, the storage
// engine's group commit, WAL checkpoints on their worker thread) against durable storage, with a
// NEW_AND_OLD_IMAGES stream on the table and without, in alternating rounds. Measures CPU time of the
// whole process (every thread) per write, which a busy machine disturbs far less than throughput.
//
// Usage: npm run bench:stream-cost -- [--rounds 6] [--writes 60000] [--concurrency 18] [--only on|off]
// (pin it to one CPU for steadier figures: taskset -c 1 npm run bench:stream-cost -- …)
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openSqliteEngine } from '../dist/storage/sqlite/sqlite-engine.js';
import { TableCatalog } from '../dist/table/table-catalog.js';
import { createTable } from '../dist/table/operations/create-table.js';
import { putItem } from '../dist/table/operations/put-item.js';

const { values: flags } = parseArgs({
  options: {
    rounds: { type: 'string', default: '6' },
    writes: { type: 'string', default: '60000' },
    concurrency: { type: 'string', default: '18' },
    only: { type: 'string' }, // 'on' or 'off': one kind of round only (for profiling)
  },
});
const rounds = Number(flags.rounds);
const writes = Number(flags.writes);
const concurrency = Number(flags.concurrency);
const BIO = 'x'.repeat(200); // the HTTP benchmark's item (bench/wrk/common.lua): about 350 bytes

/** One round: a fresh database, `writes` new items, `concurrency` PutItems in flight (one group commit each). */
async function round(stream, count = writes) {
  const dir = await mkdtemp(join(tmpdir(), 'eddy-stream-cost-'));
  const clock = { now: () => Date.now() };
  const engine = openSqliteEngine({ path: join(dir, 'eddy.sqlite'), now: clock.now });
  const ctx = { engine, catalog: new TableCatalog(engine), clock, deployment: { region: 'us-east-1', account: '000000000000' } };
  try {
    await createTable(ctx, {
      TableName: 'bench',
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
      ...(stream ? { StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' } } : {}),
    });
    const put = (n) =>
      putItem(ctx, {
        TableName: 'bench',
        Item: {
          pk: { S: `item-1-${n}` },
          name: { S: `Bench User ${n}` },
          email: { S: `user${n}@example.com` },
          age: { N: String((n % 90) + 10) },
          active: { BOOL: n % 2 === 0 },
          bio: { S: BIO },
        },
      });
    const cpu = process.cpuUsage();
    const started = process.hrtime.bigint();
    for (let n = 0; n < count; n += concurrency) {
      const batch = [];
      for (let i = n; i < Math.min(count, n + concurrency); i++) batch.push(put(i));
      await Promise.all(batch);
    }
    const elapsed = Number(process.hrtime.bigint() - started) / 1000;
    const used = process.cpuUsage(cpu);
    return { cpuUs: (used.user + used.system) / count, wallUs: elapsed / count };
  } finally {
    await engine.close();
    await rm(dir, { recursive: true, force: true });
  }
}

// A warm-up round of each, not counted: the first rounds run before the JIT has settled.
for (const stream of [true, false]) await round(stream, 10_000);
const results = { on: [], off: [] };
for (let r = 1; r <= rounds; r++) {
  const order = r % 2 === 1 ? ['on', 'off'] : ['off', 'on'];
  for (const mode of order.filter((m) => flags.only === undefined || m === flags.only)) {
    const m = await round(mode === 'on');
    results[mode].push(m);
    console.log(`round ${r} stream ${mode.padEnd(3)} cpu ${m.cpuUs.toFixed(2)} µs/write  wall ${m.wallUs.toFixed(2)} µs/write`);
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const best = (xs) => Math.min(...xs);
for (const [pick, f] of flags.only ? [] : [['best', best], ['median', median]]) {
  const on = f(results.on.map((m) => m.cpuUs));
  const off = f(results.off.map((m) => m.cpuUs));
  const onWall = f(results.on.map((m) => m.wallUs));
  const offWall = f(results.off.map((m) => m.wallUs));
  console.log(
    `${pick.padEnd(6)} cpu: on ${on.toFixed(2)} off ${off.toFixed(2)} µs/write → stream +${(on - off).toFixed(2)} µs (${((100 * (on - off)) / off).toFixed(1)} %)` +
      `   wall: on ${onWall.toFixed(2)} off ${offWall.toFixed(2)} (${((100 * (onWall - offWall)) / offWall).toFixed(1)} %)`,
  );
}
