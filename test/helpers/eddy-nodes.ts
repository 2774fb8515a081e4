import { after } from 'node:test';
import { startTestEddy, type TestEddy } from './eddy.js';
import { sharedPostgresCluster } from './postgres-cluster.js';

/**
 * Eddy nodes sharing one throwaway PostgreSQL database, for a suite's tests (call it in the describe): the
 * function answered starts `count` in-memory Eddys on a fresh database; every node is stopped when the
 * suite ends, before its databases are dropped.
 */
export function eddyNodes(): (count?: number) => Promise<TestEddy[]> {
  const running: TestEddy[] = [];
  after(async () => {
    for (const eddy of running.splice(0)) await eddy.stop();
  });
  const cluster = sharedPostgresCluster();
  return async (count = 2) => {
    const storage = await (await cluster()).createDatabase({ migrated: true });
    const nodes: TestEddy[] = [];
    for (let i = 0; i < count; i++) {
      const node = await startTestEddy({ storage });
      running.push(node);
      nodes.push(node);
    }
    return nodes;
  };
}
