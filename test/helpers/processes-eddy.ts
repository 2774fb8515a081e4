import { after, before } from 'node:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { startEddyCli, type CliProcess } from './cli.js';
import { testCredentials } from './eddy.js';
import { sharedPostgresCluster, testEngines } from './postgres-cluster.js';

export interface ProcessesStorage {
  readonly name: string;
  readonly args: (dir: string) => Promise<string[]>;
}

/** Storage request processes share with the main process: a data directory, and a PostgreSQL database when it is among the test engines. */
export function processesStorages(): ProcessesStorage[] {
  const storages: ProcessesStorage[] = [{ name: 'SQLite', args: async (dir) => ['--data', join(dir, 'data'), '--durability', 'process'] }];
  if (testEngines().includes('postgres')) {
    const cluster = sharedPostgresCluster();
    storages.push({ name: 'PostgreSQL', args: async (dir) => ['--storage', await (await cluster()).createDatabase({ migrated: true }), '--data', dir] });
  }
  return storages;
}

export interface ProcessesEddy {
  readonly eddy: CliProcess & { endpoint: string };
  readonly client: DynamoDBClient;
  /** Runs `requests` with the main process stopped (SIGSTOP): only the request process serving the client's connection answers. */
  inRequestProcess(requests: () => Promise<void>): Promise<void>;
}

/**
 * `eddy start --processes 2` on `storage` for the enclosing describe: started before its tests, resumed and stopped
 * after them. Its client fails a request in 10 s rather than waiting for good on a stopped main process.
 */
export function processesEddy(storage: ProcessesStorage, prefix: string): ProcessesEddy {
  let dir: string;
  let eddy: (CliProcess & { endpoint: string }) | undefined;
  let client: DynamoDBClient | undefined;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), prefix));
    eddy = await startEddyCli(['--port', '0', '--http-port', '0', ...(await storage.args(dir)), '--processes', '2']);
    client = new DynamoDBClient({ endpoint: eddy.endpoint, region: 'us-east-1', credentials: testCredentials, maxAttempts: 1, requestHandler: { requestTimeout: 10_000 } });
  });
  after(async () => {
    client?.destroy();
    if (eddy !== undefined && eddy.child.exitCode === null) {
      eddy.child.kill('SIGCONT');
      eddy.child.kill('SIGTERM');
      await eddy.exited;
    }
    rmSync(dir, { recursive: true, force: true });
  });
  return {
    get eddy() {
      return eddy!;
    },
    get client() {
      return client!;
    },
    async inRequestProcess(requests) {
      eddy!.child.kill('SIGSTOP');
      try {
        await requests();
      } finally {
        eddy!.child.kill('SIGCONT');
      }
    },
  };
}
