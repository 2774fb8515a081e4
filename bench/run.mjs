// Throughput benchmark: PutItem, GetItem and Query driven by wrk against each target — the ceiling (a
// do-nothing node:http server), dynalite in memory and Eddy with durable storage and a stream on the
// table — in one run, on the same machine, with the same request bodies. Rounds interleave the targets so
// a noisy moment on a shared machine does not land on one target only; each figure is the best round
// (or the median one, --pick median).
// Prints a markdown report and writes bench/results/latest.json. See docs/benchmarks.md.
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, release } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chooseCpus, launchPrefix } from './lib/cpu-pinning.mjs';
import { QUERY_TABLE_NAME, TABLE_NAME } from './lib/item.mjs';
import { measureTarget } from './lib/measure-target.mjs';
import { markdownReport, OPS, pickOps } from './lib/report.mjs';
import { TARGETS } from './lib/targets.mjs';
import { wrkVersion } from './lib/wrk.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const USAGE = `usage: npm run bench -- [options]
  -t, --threads N        wrk threads (default 1)
  -c, --connections N    wrk connections (default 32)
  -d, --duration T       measured run per operation, wrk syntax (default 10s)
      --warmup T         unmeasured run before each measured one; 0 = none (default 2s)
      --rounds N         rounds over all targets (default 3)
      --pick best|median which round gives the figure (default best: noise only lowers throughput)
      --items N          items prefilled for GetItem (default 10000)
      --targets LIST     ${TARGETS.map((t) => t.id).join(',')} (default all)
      --ops LIST         put,get,query (default put,get)
      --no-pin           do not pin wrk and the server to separate CPUs
      --unpin-server     pin wrk only: the servers may run on every CPU (Eddy with --processes)
      --processes N      run Eddy with \`--processes N\` (adds to --eddy-args; pair it with --unpin-server)
      --no-build         do not run \`npm run build\` before starting Eddy
      --eddy-args="..."  extra arguments for \`eddy start\` (note the =)
      --out FILE         results file (default bench/results/latest.json)`;

const { values: flags } = parseFlags();

if (flags.help) {
  console.log(USAGE);
  process.exit(0);
}

const threads = positiveInt('threads');
const connections = positiveInt('connections');
const rounds = positiveInt('rounds');
const items = positiveInt('items');
const ops = /** @type {import('./lib/report.mjs').Op[]} */ (list('ops', Object.keys(OPS)));
const targets = list('targets', TARGETS.map((t) => t.id)).map((id) => /** @type {typeof TARGETS[number]} */ (TARGETS.find((t) => t.id === id)));
const warmup = flags.warmup === '0' ? undefined : flags.warmup;
if (flags.pick !== 'best' && flags.pick !== 'median') usageError(`--pick takes best or median, got ${flags.pick}`);
const pick = /** @type {'best' | 'median'} */ (flags.pick);

const wrk = await wrkVersion();
if (wrk === undefined) {
  console.error('wrk is not installed: run `bash bench/setup.sh` first.');
  process.exit(1);
}
const pinning = await chooseCpus(!flags['no-pin']);
const launch = { wrk: launchPrefix(pinning?.wrk), server: flags['unpin-server'] ? [] : launchPrefix(pinning?.server) };

/** @type {(() => Promise<void>) | undefined} */
let stopLive;
const interrupted = new AbortController();
for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) {
  process.on(signal, async () => {
    interrupted.abort();
    await stopLive?.();
    process.exit(130);
  });
}

log(
  `wrk -t${threads} -c${connections} -d${flags.duration}, warm-up ${warmup ?? 'none'}, ${rounds} round(s), ` +
    (pinning ? `wrk on CPU ${pinning.wrk}, servers on ${flags['unpin-server'] ? 'every CPU' : `CPU ${pinning.server}`}` : 'no CPU pinning'),
);

/** @type {import('./lib/report.mjs').TargetResult[]} */
const results = targets.map((t) => ({ id: t.id, label: t.label, status: 'ok', ops: {}, rounds: [], warnings: [] }));
for (let round = 1; round <= rounds; round++) {
  for (const [i, target] of targets.entries()) {
    const result = results[i];
    // A target that failed once (typically: Eddy not built yet) is not retried in later rounds.
    if (result.reason !== undefined) continue;
    log(`round ${round}/${rounds}: ${target.id}`);
    try {
      const measured = await measureTarget(target, {
        root: ROOT,
        ops,
        threads,
        connections,
        duration: flags.duration,
        warmup,
        items,
        pinning,
        launch,
        build: !flags['no-build'] && round === 1,
        eddyArgs: [...flags['eddy-args'].split(/\s+/).filter((a) => a !== ''), ...(flags.processes === undefined ? [] : ['--processes', flags.processes])],
        signal: interrupted.signal,
        log,
        onRunning: (stop) => (stopLive = stop),
      });
      result.rounds.push(measured);
      result.warnings.push(...measured.warnings.map((w) => `round ${round}: ${w}`));
    } catch (error) {
      result.reason = error instanceof Error ? error.message : String(error);
      log(`${target.id}: failed — ${result.reason}`);
    }
  }
}
for (const result of results) {
  result.ops = pickOps(result.rounds, ops, pick);
  if (result.rounds.length === 0) result.status = 'n/a';
  else if (result.reason !== undefined) result.warnings.push(`a later round failed: ${result.reason.split('\n')[0]}`);
}

const report = markdownReport(results, ops, rounds, pick);
const args = process.argv.slice(2).map((a) => (/^[\w./,=:-]+$/.test(a) ? a : `'${a.replaceAll("'", "'\\''")}'`));
const command = `npm run bench${args.length > 0 ? ` -- ${args.join(' ')}` : ''}`;
const out = resolve(ROOT, flags.out);
await mkdir(dirname(out), { recursive: true });
const machine = { cpus: cpus().length, cpuModel: cpus()[0]?.model, kernel: release(), node: process.version, wrk };
const config = { threads, connections, duration: flags.duration, warmup: warmup ?? null, rounds, pick, items, pinning: pinning ?? null, table: TABLE_NAME, queryTable: QUERY_TABLE_NAME };
await writeFile(out, `${JSON.stringify({ date: new Date().toISOString(), command, machine, config, results, markdown: report }, null, 2)}\n`);
console.log(`\n${report}\n\ncommand: ${command}\nresults: ${flags.out}`);

function parseFlags() {
  try {
    return parseArgs({
      options: {
        threads: { type: 'string', short: 't', default: '1' },
        connections: { type: 'string', short: 'c', default: '32' },
        duration: { type: 'string', short: 'd', default: '10s' },
        warmup: { type: 'string', default: '2s' },
        rounds: { type: 'string', default: '3' },
        pick: { type: 'string', default: 'best' },
        items: { type: 'string', default: '10000' },
        targets: { type: 'string', default: TARGETS.map((t) => t.id).join(',') },
        ops: { type: 'string', default: 'put,get' },
        'no-pin': { type: 'boolean', default: false },
        'unpin-server': { type: 'boolean', default: false },
        processes: { type: 'string' },
        'no-build': { type: 'boolean', default: false },
        'eddy-args': { type: 'string', default: '' },
        out: { type: 'string', default: 'bench/results/latest.json' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    return usageError(error instanceof Error ? error.message : String(error));
  }
}

/** @param {string} message */
function log(message) {
  console.error(`[bench] ${message}`);
}

/** @param {'threads' | 'connections' | 'rounds' | 'items'} name */
function positiveInt(name) {
  const value = Number(flags[name]);
  if (!Number.isInteger(value) || value < 1) usageError(`--${name} must be a positive integer, got ${flags[name]}`);
  return value;
}

/**
 * @param {'ops' | 'targets'} name
 * @param {string[]} allowed
 */
function list(name, allowed) {
  const values = flags[name].split(',').map((v) => v.trim()).filter((v) => v !== '');
  const unknown = values.filter((v) => !allowed.includes(v));
  if (values.length === 0 || unknown.length > 0) usageError(`--${name} takes a comma-separated list of ${allowed.join(', ')}`);
  return values;
}

/** @param {string} message @returns {never} */
function usageError(message) {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(2);
}
