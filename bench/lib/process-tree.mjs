// CPU time of whole process trees from /proc (Linux only; elsewhere undefined): a PostgreSQL server is a
// postmaster and one backend per connection, and an Eddy node may run function processes of its own, so a
// process's own CPU time says too little. Plus the machine's load average over a run, sampled, because
// on a shared machine a figure means little without it.
import { readdir, readFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';

let ticksPerSecond = 0;

/**
 * User + system CPU seconds of every live process in the trees under `roots` (themselves included). A
 * backend that exited during the run takes its time with it, unless its parent reaped it (cutime).
 * @param {number[]} roots
 * @returns {Promise<number | undefined>}
 */
export async function treeCpuSeconds(roots) {
  ticksPerSecond ||= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
  /** @type {Map<number, { parent: number, ticks: number }>} */
  const processes = new Map();
  try {
    for (const entry of await readdir('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => undefined);
      if (stat === undefined) continue;
      // Fields after the parenthesised name: state, ppid (2nd), … utime, stime, cutime, cstime (12th–15th).
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      processes.set(Number(entry), { parent: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]) });
    }
  } catch {
    return undefined;
  }
  const inTree = new Set(roots.filter((pid) => processes.has(pid)));
  let ticks = 0;
  for (const [pid, { ticks: own }] of processes) {
    let at = pid;
    while (at > 1 && !inTree.has(at)) at = processes.get(at)?.parent ?? 0;
    if (at > 1) ticks += own;
  }
  return ticks / ticksPerSecond;
}

/** Samples the 1-minute load average every `everyMs` until stopped; answers the range seen. */
export function loadSampler(everyMs = 2_000) {
  /** @type {number[]} */
  const seen = [];
  const sample = () => readFile('/proc/loadavg', 'utf8').then((text) => void seen.push(Number(text.split(' ')[0])), () => {});
  void sample();
  const timer = setInterval(sample, everyMs);
  return {
    /** @returns {Promise<{ min: number, max: number } | undefined>} */
    async stop() {
      clearInterval(timer);
      await sample();
      return seen.length === 0 ? undefined : { min: Math.min(...seen), max: Math.max(...seen) };
    },
  };
}

/** @param {{ min: number, max: number } | undefined} load */
export function formatLoad(load) {
  return load === undefined ? '?' : load.min === load.max ? load.min.toFixed(1) : `${load.min.toFixed(1)}–${load.max.toFixed(1)}`;
}
