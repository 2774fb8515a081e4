import { readdirSync, readFileSync } from 'node:fs';

/** Resident memory of a process tree, in kB, read from Linux's /proc. */
export interface TreeMemory {
  /** VmRSS summed over the process and every descendant found. */
  residentKB: number;
  /** VmHWM of the root process: its own peak since it started, which a sample taken between two spikes misses. */
  rootPeakKB: number;
}

/** Whether /proc can be read for memory (Linux); elsewhere (macOS) memory is not measured nor limited. */
export const procAvailable = process.platform === 'linux';

/**
 * The tree's memory now, or undefined when the root is gone (or /proc is absent). Per process: its
 * `status` (one small file) and the `children` list of each of its threads (Linux 3.5+ with
 * CONFIG_PROC_CHILDREN, as on every mainstream distribution; without it only the root is counted).
 * A process that ends mid-walk is skipped: its memory is freed. `descendants: false` reads the root's
 * `status` alone (tens of microseconds), for a check on an invocation's hot path.
 */
export function treeMemory(rootPid: number, descendants = true): TreeMemory | undefined {
  if (!procAvailable) return undefined;
  const root = statusOf(rootPid);
  if (root === undefined) return undefined;
  let residentKB = root.residentKB;
  if (!descendants) return { residentKB, rootPeakKB: root.peakKB };
  const seen = new Set([rootPid]);
  const pending = childrenOf(rootPid);
  // A bound on the walk, so a fork bomb costs a sample no more than a few hundred reads.
  for (let visited = 0; pending.length > 0 && visited < 256; visited++) {
    const pid = pending.pop()!;
    if (seen.has(pid)) continue;
    seen.add(pid);
    const status = statusOf(pid);
    if (status === undefined) continue;
    residentKB += status.residentKB;
    pending.push(...childrenOf(pid));
  }
  return { residentKB, rootPeakKB: root.peakKB };
}

function statusOf(pid: number): { residentKB: number; peakKB: number } | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/status`, 'latin1');
  } catch {
    return undefined;
  }
  // A zombie has no Vm* lines: it holds no memory any more.
  const residentKB = Number(/^VmRSS:\s+(\d+) kB$/m.exec(text)?.[1] ?? 0);
  return { residentKB, peakKB: Math.max(residentKB, Number(/^VmHWM:\s+(\d+) kB$/m.exec(text)?.[1] ?? 0)) };
}

function childrenOf(pid: number): number[] {
  let threads: string[];
  try {
    threads = readdirSync(`/proc/${pid}/task`);
  } catch {
    return [];
  }
  const children: number[] = [];
  for (const tid of threads) {
    try {
      for (const child of readFileSync(`/proc/${pid}/task/${tid}/children`, 'latin1').split(/\s+/)) {
        if (child !== '') children.push(Number(child));
      }
    } catch {
      // The thread ended, or the kernel has no children lists.
    }
  }
  return children;
}
