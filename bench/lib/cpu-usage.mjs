// CPU accounting around a measured run, from /proc (Linux only; elsewhere the figures are null): the
// server's own CPU time, and how busy the server's and wrk's cores were whoever used them. A figure is
// the server's own only when the server kept its core busy and nothing else shared that core.
import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Below this share of its core the server was not the bottleneck. */
const SATURATED_PERCENT = 90;
/** Above this share of the server's core taken by other processes, the machine was not quiet. */
const OTHER_LOAD_PERCENT = 15;

/** @type {Promise<number> | undefined} */
let ticksPerSecond;
const ticks = () => (ticksPerSecond ??= run('getconf', ['CLK_TCK']).then(({ stdout }) => Number(stdout.trim())));

/**
 * @typedef {{ server?: number, serverCore?: number, wrkCore?: number }} CpuSample  seconds
 * @typedef {{ serverCpuPercent: number | null, serverCoreBusyPercent: number | null, wrkCoreBusyPercent: number | null }} CpuUse
 */

/**
 * @param {number} pid  the server's
 * @param {{ wrk: number, server: number } | undefined} pinning
 * @returns {Promise<CpuSample>}
 */
export async function sampleCpu(pid, pinning) {
  return {
    server: await processCpuSeconds(pid),
    serverCore: pinning === undefined ? undefined : await cpuBusySeconds(pinning.server),
    wrkCore: pinning === undefined ? undefined : await cpuBusySeconds(pinning.wrk),
  };
}

/**
 * @param {CpuSample} before
 * @param {CpuSample} after
 * @param {number} durationUs
 * @returns {CpuUse}  100 = one core busy for the whole run
 */
export function cpuUse(before, after, durationUs) {
  /** @param {number | undefined} from @param {number | undefined} to */
  const percent = (from, to) => (from === undefined || to === undefined ? null : Math.round((100 * (to - from)) / (durationUs / 1e6)));
  return {
    serverCpuPercent: percent(before.server, after.server),
    serverCoreBusyPercent: percent(before.serverCore, after.serverCore),
    wrkCoreBusyPercent: percent(before.wrkCore, after.wrkCore),
  };
}

/**
 * @param {string} op  for the message
 * @param {CpuUse} use
 */
export function cpuWarnings(op, { serverCpuPercent, serverCoreBusyPercent, wrkCoreBusyPercent }) {
  const warnings = [];
  if (serverCpuPercent !== null && serverCpuPercent < SATURATED_PERCENT) {
    const wrkCore = wrkCoreBusyPercent === null ? '' : ` (wrk's core ${wrkCoreBusyPercent} % busy)`;
    // Not necessarily noise: a server that waits on its own disk writes shows up here too.
    warnings.push(`${op}: the server used only ${serverCpuPercent} % of its core${wrkCore}; it waited on wrk, other processes or its own I/O`);
  }
  if (serverCpuPercent !== null && serverCoreBusyPercent !== null && serverCoreBusyPercent - serverCpuPercent > OTHER_LOAD_PERCENT) {
    warnings.push(`${op}: other processes took ${serverCoreBusyPercent - serverCpuPercent} % of the server's core`);
  }
  return warnings;
}

/**
 * @param {number} pid
 * @returns {Promise<number | undefined>} user + system CPU seconds of the process (all threads) so far, with
 *   those of the processes it started that still run (Eddy's request processes with --processes)
 */
async function processCpuSeconds(pid) {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // utime and stime are fields 14 and 15 of the line, i.e. the 12th and 13th after the parenthesised
    // command name (which may hold spaces).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    let seconds = (Number(fields[11]) + Number(fields[12])) / (await ticks());
    for (const child of await childPids(pid)) seconds += (await processCpuSeconds(child)) ?? 0;
    return seconds;
  } catch {
    return undefined;
  }
}

/** @param {number} pid @returns {Promise<number[]>} */
async function childPids(pid) {
  try {
    const tasks = await readdir(`/proc/${pid}/task`);
    const lists = await Promise.all(tasks.map((task) => readFile(`/proc/${pid}/task/${task}/children`, 'utf8').catch(() => '')));
    return lists.flatMap((list) => list.split(' ').filter((p) => p !== '').map(Number));
  } catch {
    return [];
  }
}

/**
 * @param {number} cpu
 * @returns {Promise<number | undefined>} seconds the CPU spent busy (user, nice, system, irq, softirq) or stolen
 */
async function cpuBusySeconds(cpu) {
  try {
    const stat = await readFile('/proc/stat', 'utf8');
    const line = stat.split('\n').find((l) => l.startsWith(`cpu${cpu} `));
    if (line === undefined) return undefined;
    const [user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
    return (user + nice + system + irq + softirq + steal) / (await ticks());
  } catch {
    return undefined;
  }
}
