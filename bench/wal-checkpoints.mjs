// The SQLite engine alone (no HTTP), under sustained writes: how long writes wait, how large the WAL grows,
// and what the WAL checkpointer did — passes, holds of the group commit and their length, rewinds — and, with
// durability 'power', how many WAL flushes the writes shared. For comparing checkpointer settings and the
// durability modes without wrk's and HTTP's noise. Needs dist/ (npm run build). See docs/benchmarks.md,
// "Issue 24".
import { statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openSqliteEngine } from '../dist/storage/sqlite/sqlite-engine.js';
import { encodeKeyValue, partitionHash } from '../dist/storage/key-encoding.js';
import { benchItem } from './lib/item.mjs';

const { values: flags } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    writers: { type: 'string', default: '32' },
    modes: { type: 'string', default: 'power,process' },
    'rewind-frames': { type: 'string', default: '4096' },
    rounds: { type: 'string', default: '1' },
    help: { type: 'boolean', default: false },
  },
});
if (flags.help) {
  console.log('node bench/wal-checkpoints.mjs [--seconds 10] [--writers 32] [--modes power,process] [--rewind-frames 4096[,16384]] [--rounds 1]');
  process.exit(0);
}

const rows = [];
for (let round = 1; round <= Number(flags.rounds); round++) {
  for (const rewindFrames of flags['rewind-frames'].split(',').map(Number)) {
    for (const durability of flags.modes.split(',')) rows.push(await measure(durability, rewindFrames));
  }
}
console.log('| durability | rewind at (frames) | writes/s | p50 | p99 | p99.9 | max | WAL max | passes | holds | held (all / longest) | rewinds | flushes | load (1 min) |');
console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
for (const r of rows) console.log(`| ${r.durability} | ${r.rewindFrames} | ${r.rate.toLocaleString('en')} | ${r.p50} ms | ${r.p99} ms | ${r.p999} ms | ${r.max} ms | ${r.walMiB} MiB | ${r.passes} | ${r.holds} | ${r.heldMs} / ${r.longestHoldMs} ms | ${r.rewinds} | ${r.flushes.toLocaleString('en')} | ${r.load} |`);

async function measure(durability, rewindFrames) {
  const dir = await mkdtemp(join(tmpdir(), 'eddy-wal-ckpt-'));
  const path = join(dir, 'eddy.sqlite');
  const engine = openSqliteEngine({ path, durability, checkpoints: { rewindFrames } });
  try {
    const table = await engine.createTable('bench', {});
    const latencies = [];
    let walMax = 0;
    const sampler = setInterval(() => {
      try {
        walMax = Math.max(walMax, statSync(`${path}-wal`).size);
      } catch {
        // not there yet
      }
    }, 20);
    const load = loadavg()[0];
    const end = performance.now() + Number(flags.seconds) * 1000;
    let n = 0;
    const writer = async () => {
      while (performance.now() < end) {
        const id = `item-${n++}`;
        const partition = encodeKeyValue({ S: id });
        const json = JSON.stringify(benchItem(id, n));
        const started = performance.now();
        await engine.writeItems({
          targets: [{ tableId: table.id, key: { hash: partitionHash(partition), partition, sort: new Uint8Array(0) } }],
          decide: () => ({ mutations: [{ target: 0, item: { json, size: json.length } }], result: undefined }),
        });
        latencies.push(performance.now() - started);
      }
    };
    const began = performance.now();
    await Promise.all(Array.from({ length: Number(flags.writers) }, writer));
    const elapsed = (performance.now() - began) / 1000;
    clearInterval(sampler);
    // An engine from before issue 24 has no walStats (its writer checkpointed itself past 8,192 frames).
    const { checkpoints = { passes: '–', holds: '–', heldMs: NaN, longestHoldMs: NaN, rewinds: '–' }, flushes = 0 } = engine.walStats ?? {};
    latencies.sort((a, b) => a - b);
    const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))].toFixed(2);
    const row = {
      durability,
      rewindFrames,
      rate: Math.round(latencies.length / elapsed),
      p50: at(0.5),
      p99: at(0.99),
      p999: at(0.999),
      max: latencies.at(-1).toFixed(1),
      walMiB: (walMax / 2 ** 20).toFixed(1),
      passes: checkpoints.passes,
      holds: checkpoints.holds,
      heldMs: Number.isNaN(checkpoints.heldMs) ? '–' : Math.round(checkpoints.heldMs),
      longestHoldMs: Number.isNaN(checkpoints.longestHoldMs) ? '–' : checkpoints.longestHoldMs.toFixed(1),
      rewinds: checkpoints.rewinds,
      flushes,
      load: load.toFixed(1),
    };
    console.error(JSON.stringify(row));
    return row;
  } finally {
    await engine.close();
    await rm(dir, { recursive: true, force: true });
  }
}
