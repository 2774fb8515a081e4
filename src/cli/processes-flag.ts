import { availableParallelism } from 'node:os';

/** More would only be processes waiting for a core, each with its own storage connection. */
const MAX_PROCESSES = 64;

/**
 * `--processes N|auto` / EDDY_PROCESSES: how many request processes serve the AWS API's port (auto: one per
 * core the machine offers), or why the value cannot be used. 1 is one process, as without the flag.
 */
export function processesFlag(values: { processes?: string | undefined }, env: NodeJS.ProcessEnv = process.env, cores = availableParallelism()): number | undefined | string {
  const value = values.processes ?? (env.EDDY_PROCESSES || undefined);
  if (value === undefined) return undefined;
  if (value === 'auto') return Math.min(MAX_PROCESSES, Math.max(1, cores));
  const count = Number(value);
  if (!/^\d+$/.test(value) || count < 1 || count > MAX_PROCESSES) return `--processes must be auto or a whole number from 1 to ${MAX_PROCESSES}, got '${value}'`;
  return count;
}
