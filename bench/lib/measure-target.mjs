// One round against one target: start it, create the table and prefill (unless it is the ceiling), run
// each operation with wrk (warm-up, then measured), check the load really wrote, and stop it.
import { benchClient, createBenchTable, missingKeys, prefillItems } from './bench-table.mjs';
import { cpuUse, cpuWarnings, sampleCpu } from './cpu-usage.mjs';
import { PREFILL_KEY_PREFIX, TABLE_NAME } from './item.mjs';
import { OPS } from './report.mjs';
import { runWrk } from './wrk.mjs';

const PUT_KEY_PREFIX = 'item-';
const WARMUP_KEY_PREFIX = 'warm-';

/**
 * @typedef {object} MeasureOptions
 * @property {string} root
 * @property {('put' | 'get')[]} ops
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
      await createBenchTable(client, { stream: target.stream !== false });
      if (ops.includes('get')) {
        await prefillItems(server.endpoint, items);
        const missing = await missingKeys(client, [`${PREFILL_KEY_PREFIX}0`, `${PREFILL_KEY_PREFIX}${items - 1}`]);
        if (missing.length > 0) throw new Error(`prefilled items cannot be read back: ${missing.join(', ')}`);
      }
    }
    for (const op of ops) {
      const scriptArgs = (/** @type {string} */ prefix) => (op === 'put' ? [TABLE_NAME, prefix] : [TABLE_NAME, PREFILL_KEY_PREFIX, String(items)]);
      const wrk = {
        endpoint: server.endpoint,
        script: /** @type {'put-item' | 'get-item'} */ (op === 'put' ? 'put-item' : 'get-item'),
        threads,
        connections: options.connections,
        launch: options.launch.wrk,
        signal: options.signal,
      };
      if (options.warmup !== undefined) await runWrk({ ...wrk, duration: options.warmup, scriptArgs: scriptArgs(WARMUP_KEY_PREFIX) });
      const before = await sampleCpu(server.pid, pinning);
      const { text, ...figures } = await runWrk({ ...wrk, duration: options.duration, scriptArgs: scriptArgs(PUT_KEY_PREFIX) });
      const cpu = cpuUse(before, await sampleCpu(server.pid, pinning), figures.durationUs);
      round.ops[op] = { ...figures, ...cpu };
      round.warnings.push(...cpuWarnings(OPS[op], cpu), ...errorWarnings(OPS[op], figures.errors));
      log(
        `${target.id}: ${OPS[op]} ${Math.round(figures.requestsPerSec)} req/s, p50 ${figures.latencyUs.p50} µs, ` +
          `p99 ${figures.latencyUs.p99} µs; server CPU ${cpu.serverCpuPercent ?? '?'} %, ` +
          `cores busy: server's ${cpu.serverCoreBusyPercent ?? '?'} %, wrk's ${cpu.wrkCoreBusyPercent ?? '?'} %`,
      );
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
 * @param {string} op
 * @param {import('./wrk.mjs').WrkSummary['errors']} errors
 */
function errorWarnings(op, { connect, read, write, status, timeout }) {
  const warnings = [];
  if (status > 0) warnings.push(`${op}: ${status} non-2xx answers`);
  if (connect + read + write + timeout > 0) warnings.push(`${op}: socket errors: connect ${connect}, read ${read}, write ${write}, timeout ${timeout}`);
  return warnings;
}
