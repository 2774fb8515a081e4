// Folds the rounds of a run into one figure per target and operation (the best or the median round by
// requests/s), and renders the markdown printed at the end of a run (and pasted into docs/benchmarks.md).

export const OPS = /** @type {const} */ ({ put: 'PutItem', get: 'GetItem', query: 'Query' });

/** @typedef {keyof typeof OPS} Op */

/**
 * @typedef {object} OpResult  one measured wrk run; times in microseconds
 * @property {number} requestsPerSec
 * @property {number} requests
 * @property {number} durationUs
 * @property {number} bytes
 * @property {{ connect: number, read: number, write: number, status: number, timeout: number }} errors
 * @property {{ min: number, mean: number, stdev: number, max: number, p50: number, p90: number, p99: number, p999: number }} latencyUs
 * @property {number | null} serverCpuPercent  the server's CPU use over the run (100 = one core busy)
 * @property {number | null} serverCoreBusyPercent  how busy the server's core was, whoever used it (pinned runs only)
 * @property {number | null} wrkCoreBusyPercent  how busy wrk's core was, whoever used it (pinned runs only)
 */

/**
 * @typedef {object} RoundResult
 * @property {Partial<Record<Op, OpResult>>} ops
 * @property {string[]} warnings  non-2xx answers, unsaturated server, writes that cannot be read back…
 */

/**
 * @typedef {object} TargetResult
 * @property {string} id
 * @property {string} label
 * @property {'ok' | 'n/a'} status  n/a = no round succeeded
 * @property {string} [reason]  the first failure, when a round failed
 * @property {Partial<Record<Op, OpResult>>} ops  the picked round of each operation
 * @property {RoundResult[]} rounds
 * @property {string[]} warnings  each prefixed with its round
 */

/**
 * One figure per operation out of the rounds: the best round by requests/s, or the median one. Best is the
 * default because on a shared machine noise only ever takes throughput away.
 * @param {RoundResult[]} rounds
 * @param {Op[]} ops
 * @param {'best' | 'median'} pick
 * @returns {Partial<Record<Op, OpResult>>}
 */
export function pickOps(rounds, ops, pick) {
  /** @type {Partial<Record<Op, OpResult>>} */
  const picked = {};
  for (const op of ops) {
    const runs = rounds.flatMap((r) => (r.ops[op] === undefined ? [] : [r.ops[op]]));
    runs.sort((a, b) => a.requestsPerSec - b.requestsPerSec);
    if (runs.length > 0) picked[op] = runs[pick === 'best' ? runs.length - 1 : Math.floor((runs.length - 1) / 2)];
  }
  return picked;
}

/**
 * @param {TargetResult[]} results
 * @param {Op[]} ops
 * @param {number} rounds
 * @param {'best' | 'median'} pick
 */
export function markdownReport(results, ops, rounds, pick) {
  const ceiling = results.find((r) => r.id === 'ceiling' && r.status === 'ok');
  const header = ['Target', ...ops.flatMap((op) => [`${OPS[op]} req/s`, 'p50', 'p99'])];
  const rows = results.map((result) => {
    const cells = ops.flatMap((op) => {
      const figures = result.ops[op];
      if (figures === undefined) return ['n/a', 'n/a', 'n/a'];
      let rate = formatRate(figures.requestsPerSec);
      const base = ceiling?.ops[op];
      if (result !== ceiling && base !== undefined) rate += ` (${Math.round((100 * figures.requestsPerSec) / base.requestsPerSec)} %)`;
      return [rate, formatMs(figures.latencyUs.p50), formatMs(figures.latencyUs.p99)];
    });
    return [result.label, ...cells];
  });
  const table = [header, header.map(() => '---'), ...rows].map((cells) => `| ${cells.join(' | ')} |`);
  const lines = [...table, ''];
  lines.push(rounds > 1 ? `${pick === 'best' ? 'Best' : 'Median'} round of ${rounds} by requests/s; (%) = share of the ceiling.` : '(%) = share of the ceiling.');
  if (rounds > 1) {
    lines.push('', 'Requests/s per round:', '');
    for (const result of results.filter((r) => r.status === 'ok')) {
      for (const op of ops) {
        const perRound = result.rounds.map((r) => (r.ops[op] === undefined ? 'failed' : formatRate(r.ops[op].requestsPerSec)));
        lines.push(`- ${result.id} ${OPS[op]}: ${perRound.join(', ')}`);
      }
    }
  }
  const notes = results.flatMap((r) => [
    ...(r.status === 'n/a' ? [`- ${r.label}: n/a — ${r.reason?.split('\n')[0]}`] : []),
    ...r.warnings.map((w) => `- ${r.id}: ⚠ ${w}`),
  ]);
  if (notes.length > 0) lines.push('', ...notes);
  return lines.join('\n');
}

/** @param {number} perSec */
function formatRate(perSec) {
  return Math.round(perSec).toLocaleString('en-US');
}

/** @param {number} us */
function formatMs(us) {
  return `${(us / 1000).toFixed(2)} ms`;
}
