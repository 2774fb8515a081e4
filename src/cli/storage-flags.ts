/** `--storage URL` / EDDY_STORAGE and `--storage-pool N` / EDDY_STORAGE_POOL: the storage start and dev use, or why not. */
export function storageFlags(
  values: { storage?: string | undefined; 'storage-pool'?: string | undefined; memory?: boolean | undefined },
  env: NodeJS.ProcessEnv = process.env,
): { url: string; poolSize?: number } | undefined | string {
  const url = values.storage ?? (env.EDDY_STORAGE || undefined);
  const pool = values['storage-pool'] ?? (env.EDDY_STORAGE_POOL || undefined);
  if (url === undefined) return pool === undefined ? undefined : '--storage-pool needs --storage (a PostgreSQL URL)';
  if (!/^postgres(ql)?:\/\//.test(url)) return `--storage must be a PostgreSQL URL (postgres://user:password@host:port/database), got '${url}'`;
  if (values.memory) return '--storage and --memory cannot be used together';
  if (pool === undefined) return { url };
  const poolSize = Number(pool);
  if (!/^\d+$/.test(pool) || poolSize < 1 || poolSize > 1000) return `--storage-pool must be an integer from 1 to 1000, got '${pool}'`;
  return { url, poolSize };
}
