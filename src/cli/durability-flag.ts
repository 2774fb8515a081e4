import type { Durability } from '../storage/sqlite/sqlite-wal.js';

/**
 * `--durability power|process` / EDDY_DURABILITY: what an acknowledged write survives on SQLite, or why
 * the flag cannot be used. PostgreSQL's durability is the server's (synchronous_commit), and in memory
 * nothing survives anything, so the flag is refused beside --storage and --memory (the variable, which may
 * be set for every run, is then ignored).
 */
export function durabilityFlag(
  values: { durability?: string | undefined; storage?: string | undefined; memory?: boolean | undefined },
  env: NodeJS.ProcessEnv = process.env,
): Durability | undefined | string {
  const value = values.durability ?? (env.EDDY_DURABILITY || undefined);
  if (value === undefined) return undefined;
  if (value !== 'power' && value !== 'process') return `--durability must be power or process, got '${value}'`;
  const sqlite = values.storage === undefined && !env.EDDY_STORAGE;
  if (values.durability === undefined) return sqlite && !values.memory ? value : undefined;
  if (!sqlite) return '--durability applies to SQLite storage, not --storage (PostgreSQL commits as the server is set up)';
  if (values.memory) return '--durability and --memory cannot be used together';
  return value;
}
