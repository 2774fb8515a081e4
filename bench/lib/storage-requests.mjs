// PutItem, GetItem and Query through wrk against the same Eddy on each storage engine, rounds interleaved
// as bench/run.mjs interleaves its targets (measure-target.mjs does one round), and the side-by-side table.
import { OPS, pickOps } from './report.mjs';
import { measureTarget } from './measure-target.mjs';
import { postgresCeiling, TARGETS } from './targets.mjs';

const eddy = /** @type {import('./targets.mjs').Target} */ (TARGETS.find((t) => t.id === 'eddy'));
const ceiling = /** @type {import('./targets.mjs').Target} */ (TARGETS.find((t) => t.id === 'ceiling'));

/**
 * The ceilings are targets like the engines: `ceiling` (node:http alone) is what Eddy on SQLite is measured
 * against, `postgres-ceiling` (one round trip to PostgreSQL a request) what Eddy on PostgreSQL is.
 * @typedef {'ceiling' | 'sqlite' | 'postgres-ceiling' | 'postgres' | 'postgres-async'} Engine
 */
export const ENGINES = /** @type {const} */ (['ceiling', 'sqlite', 'postgres-ceiling', 'postgres', 'postgres-async']);

/** @param {string} id */
const ceilingOf = (id) => (id === 'sqlite' ? 'ceiling' : id.startsWith('postgres') && id !== 'postgres-ceiling' ? 'postgres-ceiling' : undefined);

/**
 * The target `engine`: a ceiling, Eddy on SQLite under its temporary --data, or Eddy (or the PostgreSQL
 * ceiling) on a fresh database of `postgres` per round.
 * @param {Engine} engine
 * @param {{ postgres?: import('./postgres-server.mjs').BenchPostgres, pool?: number }} context
 * @returns {import('./targets.mjs').Target}
 */
export function storageTarget(engine, { postgres, pool }) {
  if (engine === 'ceiling') return ceiling;
  if (engine === 'sqlite') return { ...eddy, id: 'sqlite', label: 'Eddy on SQLite (WAL, durability power)' };
  const synchronousCommit = engine !== 'postgres-async';
  /** @param {string} url @param {import('./targets.mjs').StartOptions} options */
  const startOn =
    engine === 'postgres-ceiling'
      ? (url, options) => postgresCeiling(url, pool).start(options)
      : (url, options) => eddy.start({ ...options, eddyArgs: [...options.eddyArgs, '--storage', url, ...(pool === undefined ? [] : ['--storage-pool', String(pool)])] });
  let databases = 0;
  return {
    ...(engine === 'postgres-ceiling' ? postgresCeiling('', pool) : eddy),
    id: engine,
    label:
      engine === 'postgres-ceiling'
        ? postgresCeiling('', pool).label
        : `Eddy on PostgreSQL (synchronous_commit ${synchronousCommit ? 'on' : 'off'}${pool === undefined ? '' : `, pool ${pool}`})`,
    async start(options) {
      if (postgres === undefined) throw new Error('no PostgreSQL server');
      const name = `bench_${engine.replace('-', '_')}_${++databases}`;
      const url = await postgres.createDatabase(name, { synchronousCommit });
      try {
        const started = await startOn(url, options);
        return {
          server: started.server,
          cleanup: async () => {
            await started.cleanup?.();
            await postgres.dropDatabase(name);
          },
        };
      } catch (error) {
        await postgres.dropDatabase(name);
        throw error;
      }
    },
  };
}

/**
 * @param {import('./targets.mjs').Target[]} targets
 * @param {Omit<import('./measure-target.mjs').MeasureOptions, 'build'> & { rounds: number, pick: 'best' | 'median', build: boolean }} options
 * @returns {Promise<import('./report.mjs').TargetResult[]>}
 */
export async function measureEngines(targets, options) {
  const { rounds, pick, log } = options;
  /** @type {import('./report.mjs').TargetResult[]} */
  const results = targets.map((t) => ({ id: t.id, label: t.label, status: 'ok', ops: {}, rounds: [], warnings: [] }));
  for (let round = 1; round <= rounds; round++) {
    for (const [i, target] of targets.entries()) {
      const result = results[i];
      if (result.reason !== undefined) continue;
      log(`round ${round}/${rounds}: ${target.id}`);
      try {
        const measured = await measureTarget(target, { ...options, build: options.build && round === 1 && i === 0 });
        result.rounds.push(measured);
        result.warnings.push(...measured.warnings.map((w) => `round ${round}: ${w}`));
      } catch (error) {
        result.reason = error instanceof Error ? error.message : String(error);
        log(`${target.id}: failed — ${result.reason}`);
      }
    }
  }
  for (const result of results) {
    result.ops = pickOps(result.rounds, options.ops, pick);
    if (result.rounds.length === 0) result.status = 'n/a';
  }
  return results;
}

/**
 * One row per operation, the engines side by side; the last column each engine's figure against the first's.
 * @param {import('./report.mjs').TargetResult[]} results
 * @param {import('./report.mjs').Op[]} ops
 * @param {{ rounds: number, pick: 'best' | 'median' }} run
 */
export function sideBySide(results, ops, { rounds, pick }) {
  const engines = results.filter((r) => !r.id.endsWith('ceiling'));
  const [first, ...others] = engines;
  const byId = new Map(results.map((r) => [r.id, r]));
  const measured = engines.filter((r) => byId.has(ceilingOf(r.id) ?? ''));
  const header = [
    'Operation',
    ...results.flatMap((r) => [`${r.id} req/s`, 'p50 / p99', 'server CPU / its core busy']),
    ...measured.map((r) => `${r.id} ÷ ${ceilingOf(r.id)}`),
    ...others.map((r) => `${r.id} ÷ ${first.id}`),
  ];
  /** @param {import('./report.mjs').TargetResult | undefined} a @param {import('./report.mjs').TargetResult | undefined} b @param {import('./report.mjs').Op} op */
  const ratio = (a, b, op) => {
    const [x, y] = [a?.ops[op], b?.ops[op]];
    return x === undefined || y === undefined ? 'n/a' : `${((100 * x.requestsPerSec) / y.requestsPerSec).toFixed(0)} %`;
  };
  const rows = ops.map((op) => {
    const cells = results.flatMap((r) => {
      const f = r.ops[op];
      if (f === undefined) return ['n/a', '', ''];
      return [rate(f.requestsPerSec), `${ms(f.latencyUs.p50)} / ${ms(f.latencyUs.p99)}`, `${f.serverCpuPercent ?? '?'} % / ${f.serverCoreBusyPercent ?? '?'} %`];
    });
    const shares = measured.map((r) => ratio(r, byId.get(/** @type {string} */ (ceilingOf(r.id))), op));
    return [OPS[op], ...cells, ...shares, ...others.map((r) => ratio(r, first, op))];
  });
  const lines = [[...header], header.map(() => '---'), ...rows].map((cells) => `| ${cells.join(' | ')} |`);
  lines.push('', ...results.map((r) => `- ${r.id}: ${r.label}`));
  lines.push('', `${pick === 'best' ? 'Best' : 'Median'} round of ${rounds} by requests/s. Requests/s per round:`, '');
  for (const r of results) for (const op of ops) lines.push(`- ${r.id} ${OPS[op]}: ${r.rounds.map((x) => (x.ops[op] === undefined ? 'failed' : rate(x.ops[op].requestsPerSec))).join(', ')}`);
  const notes = results.flatMap((r) => [...(r.status === 'n/a' ? [`- ${r.id}: n/a — ${r.reason?.split('\n')[0]}`] : []), ...r.warnings.map((w) => `- ${r.id}: ⚠ ${w}`)]);
  if (notes.length > 0) lines.push('', ...notes);
  return lines.join('\n');
}

/** @param {number} perSec */
const rate = (perSec) => Math.round(perSec).toLocaleString('en-US');
/** @param {number} us */
const ms = (us) => `${(us / 1000).toFixed(2)} ms`;
