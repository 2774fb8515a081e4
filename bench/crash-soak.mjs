// Crash soak: `eddy start --data <temp> --config <generated>` under a concurrent write load, killed with
// SIGKILL --kills times (default 3) and started again on the same data, with two stream triggers on the
// table. Then every acknowledged write is looked for in the table and in the stream, and each trigger's
// deliveries are checked against the stream. Exits 1 on any violation. See docs/reliability.md.
import { appendFileSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { jsonClient } from './lib/json-client.mjs';
import { startServerProcess } from './lib/server-process.mjs';
import { checkDeliveries, DeliveryTail, parseDeliveries, RECORDER_SOURCE } from './lib/soak-deliveries.mjs';
import { checkStream, readStream } from './lib/soak-stream.mjs';
import { checkTable, scanTable } from './lib/soak-table.mjs';
import { printReport } from './lib/soak-report.mjs';
import { prng, WriteLoad } from './lib/soak-workload.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TABLE = 'Soak';
const MARKERS = 16;
const { values: flags } = parseArgs({
  options: {
    kills: { type: 'string', default: '3' },
    writers: { type: 'string', default: '16' },
    keys: { type: 'string', default: '400' },
    'seconds-between-kills': { type: 'string', default: '1-3' },
    'final-seconds': { type: 'string', default: '20' },
    shards: { type: 'string', default: '2' },
    'no-rotation': { type: 'boolean', default: false },
    'drain-timeout': { type: 'string', default: '120' },
    seed: { type: 'string' },
    keep: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (flags.help) {
  console.log(`node bench/crash-soak.mjs [--kills 3] [--writers 16] [--keys 400] [--seconds-between-kills 1-3]
  [--final-seconds 20] [--shards 2] [--no-rotation] [--drain-timeout 120] [--seed N] [--keep]`);
  process.exit(0);
}
const kills = Number(flags.kills);
const writers = Number(flags.writers);
const keyCount = Number(flags.keys);
const [minSeconds, maxSeconds = minSeconds] = flags['seconds-between-kills'].split('-').map(Number);
const finalSeconds = Number(flags['final-seconds']);
const seed = flags.seed === undefined ? Math.floor(Math.random() * 2 ** 32) : Number(flags.seed);
if (![kills, writers, keyCount, minSeconds, maxSeconds, finalSeconds, seed].every(Number.isFinite) || keyCount < writers * 4) {
  console.error('crash-soak: numeric flags expected, and at least 4 keys per writer');
  process.exit(2);
}
const rng = prng(seed);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const dir = await mkdtemp(join(tmpdir(), 'eddy-crash-soak-'));
const logs = { wide: join(dir, 'wide.log'), narrow: join(dir, 'narrow.log') };
writeFileSync(join(dir, 'recorder.mjs'), RECORDER_SOURCE);
for (const file of Object.values(logs)) writeFileSync(file, '');
const stream = (batchSize, extra = {}) => [{ stream: { table: TABLE, batchSize, startingPosition: 'TRIM_HORIZON', ...extra } }];
writeFileSync(
  join(dir, 'eddy.config.json'),
  JSON.stringify({
    tables: { [TABLE]: { partitionKey: { name: 'pk', type: 'S' }, stream: 'NEW_AND_OLD_IMAGES' } },
    functions: {
      wide: { handler: 'recorder.mjs#handler', environment: { DELIVERY_LOG: logs.wide }, events: stream(100) },
      narrow: { handler: 'recorder.mjs#handler', environment: { DELIVERY_LOG: logs.narrow }, events: stream(7, { maximumBatchingWindow: 1 }) },
    },
  }),
);
const command = ['node', join(ROOT, 'dist/cli/eddy.js'), 'start', '--port', '0', '--http-port', '0', '--data', join(dir, 'data'), '--config', join(dir, 'eddy.config.json'), '--stream-shards', flags.shards];

async function start() {
  const startedAt = performance.now();
  const server = await startServerProcess({ name: 'eddy', command, cwd: ROOT, launch: [] });
  return { server, startedAt, readyMs: performance.now() - startedAt, client: jsonClient(server.endpoint, writers + 8) };
}

console.log(`crash soak: seed ${seed}, ${kills} kills, ${writers} writers, ${keyCount} keys, ${flags.shards} shards, rotation ${flags['no-rotation'] ? 'off' : 'once a period'}; ${dir}`);
const runStart = performance.now();
const tails = { wide: new DeliveryTail(logs.wide), narrow: new DeliveryTail(logs.narrow) };
/** Restarts (and the end of the load): when each function had delivered the markers written right after. */
const catching = [];
let polling = true;
const poller = (async () => {
  while (polling) {
    for (const tail of Object.values(tails)) tail.poll();
    for (const phase of catching.filter((p) => p.caughtUpMs === undefined)) {
      for (const [name, tail] of Object.entries(tails)) {
        if (phase.caught[name] === undefined && phase.markers.every((key) => tail.keys.has(key))) phase.caught[name] = performance.now() - phase.startedAt;
      }
      if (Object.keys(phase.caught).length === 2) {
        phase.caughtUpMs = Math.max(...Object.values(phase.caught));
        phase.killedMeanwhile = load.period > phase.killsBefore;
      }
    }
    await sleep(20);
  }
})();

const load = new WriteLoad({ table: TABLE, writers, keys: keyCount, seed });
const killSizes = { wide: [], narrow: [] };
const phases = [];
let current = await start();
// Never leave an Eddy running, whatever ends this script.
process.on('exit', () => {
  try {
    process.kill(current.server.pid, 'SIGKILL');
  } catch {
    // already gone
  }
});
phases.push({ readyMs: current.readyMs });
load.start(current.client);
let rotations = 0;
for (let k = 1; k <= kills + 1; k++) {
  const phase = phases.at(-1);
  const between = (minSeconds + rng() * (maxSeconds - minSeconds)) * 1000;
  phase.loadMs = k > kills ? finalSeconds * 1000 : between;
  const rotateAt = rng() * phase.loadMs;
  const client = current.client;
  const rotation = flags['no-rotation'] ? Promise.resolve() : sleep(rotateAt).then(() => client.admin('/_eddy/streams/rotate')).then(() => rotations++, () => undefined);
  await sleep(phase.loadMs);
  if (k > kills) break;

  load.pause(k);
  await current.server.kill();
  current.client.close();
  await load.settled();
  await rotation;
  phase.inFlight = load.requests.filter((r) => r.status === 'in-flight' && r.kill === k).length;
  for (const [name, file] of Object.entries(logs)) {
    // A line cut short by the kill is ended here, so the next run's first line starts cleanly.
    const text = readFileSync(file, 'latin1');
    if (text.length > 0 && !text.endsWith('\n')) appendFileSync(file, '\n');
    killSizes[name].push(statSync(file).size);
  }

  current = await start();
  const next = { readyMs: current.readyMs, startedAt: current.startedAt, killsBefore: k, caught: {} };
  phases.push(next);
  next.markers = await load.putMarkers(current.client, `m${k}`, MARKERS);
  catching.push(next);
  load.resume(current.client);
}
await load.stop();
// The drain: from the end of the load until both functions have had markers written after it.
const drain = { startedAt: performance.now(), killsBefore: kills, caught: {} };
drain.markers = await load.putMarkers(current.client, 'end', MARKERS);
catching.push(drain);
const shards = await readStream(current.client, TABLE);
const items = await scanTable(current.client, TABLE);
const allIds = shards.flatMap((s) => s.records.map((r) => r.eventID));
const drainDeadline = Date.now() + Number(flags['drain-timeout']) * 1000;
while (!allIds.every((id) => tails.wide.ids.has(id) && tails.narrow.ids.has(id)) && Date.now() < drainDeadline) await sleep(50);
await current.server.stop();
current.client.close();
polling = false;
await poller;
const runMs = performance.now() - runStart;

// Checks.
const streamCheck = checkStream(shards, load);
const tableCheck = checkTable(load, items, streamCheck.finalStates);
const deliveryChecks = Object.fromEntries(
  Object.entries(logs).map(([name, file]) => {
    const parsed = parseDeliveries(readFileSync(file, 'latin1'), killSizes[name]);
    return [name, { ...checkDeliveries(parsed, shards, kills), torn: parsed.torn }];
  }),
);

const failed = printReport({ seed, phases, load, shards, rotations, streamCheck, tableCheck, deliveryChecks, drain, runMs });
if (failed) {
  const options = `--kills ${kills} --writers ${writers} --keys ${keyCount} --seconds-between-kills ${flags['seconds-between-kills']} --final-seconds ${finalSeconds} --shards ${flags.shards}${flags['no-rotation'] ? ' --no-rotation' : ''}`;
  console.log(`\nthe same choices again (the interleaving will differ): npm run bench:crash -- ${options} --seed ${seed} --keep`);
}
if (flags.keep || failed) console.log(`kept: ${dir}`);
else await rm(dir, { recursive: true, force: true });
process.exit(failed ? 1 : 0);
