// Loaded into a server under test with NODE_OPTIONS=--import (bench/request-tails.mjs --attribute): writes what
// stopped its event loop to the file in EDDY_TAIL_PROBE, one line per event, stamped in epoch milliseconds
// (performance.timeOrigin + performance.now(), comparable with the client's and with EDDY_WAL_TRACE's):
//
//   gc <start> <ms> <kind>     a garbage collection pause (PerformanceObserver 'gc'; kind: scavenge, mark-sweep, …)
//   gap <start> <ms> <cpu ms>  the event loop ran no timer for longer than GAP_MS (a 1 ms interval timer came late),
//                              with the CPU time the process used meanwhile (all its threads): near the gap's length
//                              when it was the process's own work (sync work, a GC pause), far below it when the
//                              core was taken by another process
//
// The 1 ms timer costs the server a wake-up a millisecond: compare tails with and without --attribute before
// reading absolute figures from an attributed run. Lines are kept in memory and written at exit.
import { appendFileSync } from 'node:fs';
import { PerformanceObserver, constants } from 'node:perf_hooks';

const GAP_MS = 3;
const file = process.env.EDDY_TAIL_PROBE;
if (file) {
  /** @type {string[]} */
  let lines = [];
  const write = () => {
    if (lines.length === 0) return;
    appendFileSync(file, `${lines.join('\n')}\n`);
    lines = [];
  };
  const now = () => performance.timeOrigin + performance.now();
  const KINDS = { [constants.NODE_PERFORMANCE_GC_MINOR]: 'scavenge', [constants.NODE_PERFORMANCE_GC_MAJOR]: 'mark-sweep', [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental', [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weak-callbacks' };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const kind = /** @type {{ kind?: number }} */ (entry.detail)?.kind;
      lines.push(`gc ${(performance.timeOrigin + entry.startTime).toFixed(3)} ${entry.duration.toFixed(3)} ${KINDS[kind ?? -1] ?? kind}`);
    }
  }).observe({ entryTypes: ['gc'] });
  let last = now();
  let lastCpu = process.cpuUsage();
  setInterval(() => {
    const at = now();
    const cpu = process.cpuUsage();
    if (at - last > GAP_MS) lines.push(`gap ${last.toFixed(3)} ${(at - last).toFixed(3)} ${((cpu.user - lastCpu.user + cpu.system - lastCpu.system) / 1000).toFixed(3)}`);
    last = at;
    lastCpu = cpu;
    if (lines.length >= 2000) write();
  }, 1).unref();
  process.once('exit', write);
}
