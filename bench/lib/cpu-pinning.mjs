// Where wrk and the servers run: on a machine with two or more usable CPUs, wrk gets the first and the
// server the second, so neither steals the other's core.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * @param {boolean} wanted
 * @returns {Promise<{ wrk: number, server: number } | undefined>} undefined = run unpinned
 */
export async function chooseCpus(wanted) {
  if (!wanted) return undefined;
  let stdout;
  try {
    ({ stdout } = await run('taskset', ['-cp', String(process.pid)]));
  } catch {
    return undefined; // no taskset
  }
  // e.g. "pid 123's current affinity list: 0,1" or "… list: 0-3,6"
  const list = stdout.split(':').pop()?.trim() ?? '';
  const cpus = parseCpuList(list);
  if (cpus.length < 2) return undefined;
  return { wrk: cpus[0], server: cpus[1] };
}

/** @param {string} list  taskset's CPU list syntax, e.g. "0-3,6" */
export function parseCpuList(list) {
  const cpus = [];
  for (const part of list.split(',')) {
    if (part.trim() === '') continue;
    const [from, to] = part.split('-').map(Number);
    if (Number.isNaN(from)) continue;
    for (let cpu = from; cpu <= (to ?? from); cpu++) cpus.push(cpu);
  }
  return cpus;
}

/**
 * The argv prefix that runs a command on `cpu` (taskset), or as it is when `cpu` is undefined.
 * @param {number | undefined} cpu
 * @returns {string[]}
 */
export function launchPrefix(cpu) {
  return cpu === undefined ? [] : ['taskset', '-c', String(cpu)];
}
