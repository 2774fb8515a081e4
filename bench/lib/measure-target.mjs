// One round against one target: start it, create the tables and prefill (unless it is the ceiling), run
// each operation with wrk (warm-up, then measured), check the load really wrote, and stop it.
import { benchClient, createBenchTable, missingKeys, prefillItems } from './bench-table.mjs';
import { cpuUse, cpuWarnings, sampleCpu } from './cpu-usage.mjs';
import {
  PREFILL_KEY_PREFIX,
  QUERY_LIMIT,
  QUERY_PARTITION_PREFIX,
  QUERY_PARTITIONS,
  QUERY_SORT_KEY_PREFIX,
  QUERY_TABLE_NAME,
  TABLE_NAME,
} from './item.mjs';
import { createQueryTable, queryProblem } from './query-table.mjs';
import { OPS } from './report.mjs';
import { runWrk } from './wrk.mjs';

const PUT_KEY_PREFIX = 'item-';
const WARMUP_KEY_PREFIX = 'warm-';
/** @type {Record<import('./report.mjs').Op, 'put-item' | 'get-item' | 'query'>} */
const SCRIPTS = { put: 'put-item', get: 'get-item', query: 'query' };

/**
 * @typedef {object} MeasureOptions
 * @property {string} root
 * @property {import('./report.mjs').Op[]} ops
 * @property {number} threads
 * @property {number} connections
 * @property {string} duration
 * @property {string | undefined} warmup  undefined = no warm-up
 * @property {number} items  prefilled for GetItem
 * @property {{ wrk: number, server: number } | undefined} pinning  the CPUs, for the CPU accounting
 * @property {{ wrk: string[], server: string[] }} launch  argv prefixes (taskset)
 * @property {boolean} build
 * @property {string[]} eddyArgs
 * @property {AbortSignal} signal  aborted on Ctrl-C: kills a running wrk
 * @property {(message: string) => void} log
 * @property {(stop: (() => Promise<void>) | undefined) => void} onRunning  told how to stop the live server (for Ctrl-C)
 */

/**
 * @param {import('./targets.mjs').Target} target
 * @param {MeasureOptions} options
 * @returns {Promise<import('./report.mjs').RoundResult>}
 */
export async function measureTarget(target, options) {
  const { ops, threads, items, pinning, log } = options;
  /** @type {import('./report.mjs').RoundResult} */
  const round = { ops: {}, warnings: [] };
  const { server, cleanup } = await target.start({ root: options.root, launch: options.launch.server, build: options.build, eddyArgs: options.eddyArgs });
  const client = target.table ? benchClient(server.endpoint) : undefined;
  const stop = async () => {
    client?.destroy();
    await server.stop();
    await cleanup?.();
  };
  options.onRunning(stop);
  try {
    log(`${target.id}: ready at ${server.endpoint} (pid ${server.pid})`);
    if (client !== undefined) {
      const stream = target.stream !== false;
      await createBenchTable(client, { stream });
      if (ops.includes('get')) {
        await prefillItems(server.endpoint, items);
        const missing = await missingKeys(client, [`${PREFILL_KEY_PREFIX}0`, `${PREFILL_KEY_PREFIX}${items - 1}`]);
        if (missing.length > 0) throw new Error(`prefilled items cannot be read back: ${missing.join(', ')}`);
      }
      if (ops.includes('query')) await createQueryTable(client, server.endpoint, { stream });
    }
    for (const op of ops) {
      const wrk = {
        endpoint: server.endpoint,
        script: SCRIPTS[op],
        threads,
        connections: options.connections,
        launch: options.launch.wrk,
        signal: options.signal,
      };
      if (options.warmup !== undefined) await runWrk({ ...wrk, duration: options.warmup, scriptArgs: scriptArgs(op, WARMUP_KEY_PREFIX, items) });
      const before = await sampleCpu(server.pid, pinning);
      const { text, ...figures } = await runWrk({ ...wrk, duration: options.duration, scriptArgs: scriptArgs(op, PUT_KEY_PREFIX, items) });
      const cpu = cpuUse(before, await sampleCpu(server.pid, pinning), figures.durationUs);
      round.ops[op] = { ...figures, ...cpu };
      round.warnings.push(...cpuWarnings(OPS[op], cpu), ...errorWarnings(OPS[op], figures.errors));
      log(
        `${target.id}: ${OPS[op]} ${Math.round(figures.requestsPerSec)} req/s, p50 ${figures.latencyUs.p50} µs, ` +
          `p99 ${figures.latencyUs.p99} µs; server CPU ${cpu.serverCpuPercent ?? '?'} %, ` +
          `cores busy: server's ${cpu.serverCoreBusyPercent ?? '?'} %, wrk's ${cpu.wrkCoreBusyPercent ?? '?'} %`,
      );
      if (op === 'query' && client !== undefined) {
        // The query of a partition from the middle: exactly the first ten `item-` sort keys, proof the
        // answers were pages of ten items and not errors or empty pages.
        const problem = await queryProblem(client, Math.floor(QUERY_PARTITIONS / 2));
        if (problem !== undefined) round.warnings.push(problem);
      }
      if (op === 'put' && client !== undefined) {
        // A key from the middle of each wrk thread's run must be there: proof the load wrote, not just got
        // answers. (Not counter 1: wrk calls request() once before the run and discards that request.)
        const middle = Math.max(2, Math.floor(figures.requests / threads / 2));
        const missing = await missingKeys(client, Array.from({ length: threads }, (_, t) => `${PUT_KEY_PREFIX}${t}-${middle}`));
        if (missing.length > 0) round.warnings.push(`items PutItem wrote cannot be read back: ${missing.join(', ')}`);
      }
    }
    return round;
  } catch (error) {
    const output = server.output();
    throw error instanceof Error && output !== '' ? new Error(`${error.message}\n--- ${target.id} output ---\n${output}`) : error;
  } finally {
    await stop();
    options.onRunning(undefined);
  }
}

/**
 * The wrk script's arguments (its init(args)); `prefix` is PutItem's key prefix, which differs between the
 * warm-up and the measured run.
 * @param {import('./report.mjs').Op} op
 * @param {string} prefix
 * @param {number} items
 */
function scriptArgs(op, prefix, items) {
  if (op === 'put') return [TABLE_NAME, prefix];
  if (op === 'get') return [TABLE_NAME, PREFILL_KEY_PREFIX, String(items)];
  return [QUERY_TABLE_NAME, QUERY_PARTITION_PREFIX, String(QUERY_PARTITIONS), QUERY_SORT_KEY_PREFIX, String(QUERY_LIMIT)];
}

/**
 * @param {string} op
 * @param {import('./wrk.mjs').WrkSummary['errors']} errors
 */
function errorWarnings(op, { connect, read, write, status, timeout }) {
  const warnings = [];
  if (status > 0) warnings.push(`${op}: ${status} non-2xx answers`);
  if (connect + read + write + timeout > 0) warnings.push(`${op}: socket errors: connect ${connect}, read ${read}, write ${write}, timeout ${timeout}`);
  return warnings;
}
