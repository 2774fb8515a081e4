// The CPU an item write costs on PostgreSQL, PostgreSQL's side and Eddy's, per build: the storage engine
// alone (no HTTP), writeItems of new items with a stream record to a table with a one-shard stream, one at
// a time (`--concurrency 1`: each write its own transaction) or many in flight (write groups). PostgreSQL's
// CPU is its backends' (utime + stime of the postmaster's children, /proc), Eddy's this process's.
//
//   node bench/pg-write-cpu.mjs --roots /tmp/before,. [--writes 2000] [--rounds 3] [--concurrency 1,32]
//                               [--op put|delete] [--recovery]
//
// `--op delete` writes deletions (of keys never written: the statements run all the same) instead of new
// items; `--recovery` turns point-in-time recovery on for the table first, so each write also records its
// history.
//
// Each root needs a build (`node scripts/build.mjs` there). The roots take turns within each round, each on a
// fresh database of one throwaway server (bench/lib/postgres-server.mjs, synchronous_commit off so that the
// figures are CPU rather than the disk's flushes), pinned with `taskset` to CPU 1 when there are 2 CPUs.
import { cpus } from 'node:os';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { startBenchPostgres } from './lib/postgres-server.mjs';

const { values } = parseArgs({
  options: {
    roots: { type: 'string', default: '.' },
    writes: { type: 'string', default: '2000' },
    rounds: { type: 'string', default: '3' },
    concurrency: { type: 'string', default: '1,32' },
    op: { type: 'string', default: 'put' },
    recovery: { type: 'boolean', default: false },
  },
});
const roots = values.roots.split(',').map((root) => resolve(root));
const writes = Number(values.writes);
const rounds = Number(values.rounds);
const concurrencies = values.concurrency.split(',').map(Number);
if (values.op !== 'put' && values.op !== 'delete') throw new Error(`--op is put or delete, not ${values.op}`);
const deletes = values.op === 'delete';

const TICKS = 100; // USER_HZ
/** CPU seconds of every child of `pid` (PostgreSQL's backends and background processes). @param {number} pid */
function childrenCpu(pid) {
  let ticks = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue;
    }
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(fields[1]) === pid) ticks += Number(fields[11]) + Number(fields[12]);
  }
  return ticks / TICKS;
}

const launch = cpus().length >= 2 ? ['taskset', '-c', '1'] : [];
const postgres = await startBenchPostgres({ launch });
const engines = await Promise.all(roots.map(async (root) => (await import(pathToFileURL(`${root}/dist/storage/postgres/postgres-engine.js`).href)).openPostgresEngine));
let database = 0;

/** @param {import('../src/storage/engine.js').StorageEngine} engine @param {number} tableId @param {number} from */
function put(engine, tableId, from) {
  const partition = Buffer.from(`item-${from}`);
  const key = { hash: (from * 2654435761) >>> 0, partition, sort: new Uint8Array(0) };
  const json = JSON.stringify({ pk: { S: `item-${from}` }, v: { N: String(from) }, pad: { S: 'x'.repeat(100) } });
  return engine.writeItems({
    targets: [{ tableId, key }],
    decide: () => ({ mutations: [{ target: 0, item: deletes ? null : { json, size: json.length }, record: { hash: key.hash, json } }], result: undefined }),
  });
}

/** @param {(typeof engines)[number]} open @param {number} concurrency */
async function measure(open, concurrency) {
  const url = await postgres.createDatabase(`cpu_${++database}`, { synchronousCommit: false });
  const engine = await open({ url });
  try {
    const table = await engine.createTable('bench', {}, { label: 'L', enabled: true, meta: { viewType: 'NEW_AND_OLD_IMAGES' } });
    if (values.recovery && !(await engine.pointInTime.enable('bench', 3_600_000, Date.now()))) throw new Error('recovery not turned on');
    let next = 0;
    const run = async (count) => {
      const end = next + count;
      await Promise.all(Array.from({ length: concurrency }, async () => {
        while (next < end) await put(engine, table.id, next++);
      }));
    };
    await run(Math.min(500, writes)); // warm: connections open, statements prepared, plans cached
    const pgBefore = childrenCpu(postgres.pid);
    const eddyBefore = process.cpuUsage();
    const started = performance.now();
    await run(writes);
    const seconds = (performance.now() - started) / 1000;
    const eddy = process.cpuUsage(eddyBefore);
    const pg = childrenCpu(postgres.pid) - pgBefore;
    return { perSecond: writes / seconds, pgMicros: (pg / writes) * 1e6, eddyMicros: ((eddy.user + eddy.system) / writes) };
  } finally {
    await engine.close();
  }
}

try {
  console.log(`op ${values.op}${values.recovery ? ', recovery on' : ''}`);
  console.log('round\tconcurrency\troot\twrites/s\tPostgreSQL CPU µs/write\tEddy CPU µs/write\tload average');
  for (let round = 1; round <= rounds; round++) {
    for (const concurrency of concurrencies) {
      for (const [i, root] of roots.entries()) {
        const r = await measure(engines[i], concurrency);
        const load = readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
        console.log(`${round}\t${concurrency}\t${root}\t${r.perSecond.toFixed(0)}\t${r.pgMicros.toFixed(0)}\t${r.eddyMicros.toFixed(0)}\t${load}`);
      }
    }
  }
} finally {
  await postgres.stop();
}
