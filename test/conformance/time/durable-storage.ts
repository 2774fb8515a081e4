import { after } from 'node:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sharedPostgresCluster, wireTestEngine } from '../../helpers/postgres-cluster.js';

/** Where an Eddy keeps its state across a restart or shares it with another node: what startTestEddy and `eddy start` take. */
export interface DurableStorage {
  readonly options: { data: string } | { storage: string };
  readonly cliArgs: readonly string[];
  /** Whether several processes may use it at once (PostgreSQL): a node starting then keeps the others' leases. */
  readonly shared: boolean;
}

/**
 * Durable storage for the time suites on the engine under test: a fresh database of the run's PostgreSQL
 * server when the suites run on PostgreSQL (wireTestEngine), else a temporary SQLite data directory (startTestEddy's `data`
 * stays SQLite on either, so a test that restarts or shares its storage asks here). Call at a file's top
 * level: the directories go when the file ends, the databases with the server.
 */
export function durableStorages(env: NodeJS.ProcessEnv = process.env): () => Promise<DurableStorage> {
  const cluster = wireTestEngine(env) === 'postgres' ? sharedPostgresCluster(env) : undefined;
  const dirs: string[] = [];
  after(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  return async () => {
    if (cluster) {
      const storage = await (await cluster()).createDatabase({ migrated: true });
      return { options: { storage }, cliArgs: ['--storage', storage], shared: true };
    }
    const data = mkdtempSync(join(tmpdir(), 'eddy-time-'));
    dirs.push(data);
    return { options: { data }, cliArgs: ['--data', data], shared: false };
  };
}
