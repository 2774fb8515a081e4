import { join } from 'node:path';
import { HttpServer } from './api/http-server.js';
import { dynamodbService } from './api/dynamodb-service.js';
import { defaultDeployment, type Deployment } from './shared/arns.js';
import { systemClock, type Clock } from './shared/clock.js';
import { consoleLogger, silentLogger, type Logger } from './shared/logger.js';
import { openSqliteEngine } from './storage/sqlite/sqlite-engine.js';
import type { StorageEngine } from './storage/engine.js';
import { TableCatalog } from './table/table-catalog.js';
import type { TableContext } from './table/table-context.js';

export interface EddyOptions {
  /** TCP port; 0 picks a free one. Default 0 (the CLI defaults to 4566). */
  port?: number;
  /** Interface to bind. Default 127.0.0.1. */
  host?: string;
  /** Directory for durable storage (created if missing). Without it, and with `memory`, state lives in memory. */
  data?: string;
  /** Keep everything in memory (the default for programmatic use unless `data` is given). */
  memory?: boolean;
  /** Region and account put into ARNs. Default us-east-1 / 000000000000. */
  region?: string;
  account?: string;
  /** Time source; tests inject a ManualClock. */
  clock?: Clock;
  /** true (default): log to the console; false: silent; or a Logger of your own. */
  log?: boolean | Logger;
}

export interface RunningEddy {
  /** e.g. http://127.0.0.1:4566 — give it to the AWS SDKs as `endpoint`. */
  readonly endpoint: string;
  readonly port: number;
  readonly host: string;
  /** Finishes requests in flight, then closes storage. */
  stop(): Promise<void>;
}

/** The composition root: options → storage engine → domain contexts → HTTP server. */
export async function startEddy(options: EddyOptions = {}): Promise<RunningEddy> {
  const logger = options.log === false ? silentLogger : options.log === true || options.log === undefined ? consoleLogger : options.log;
  const host = options.host ?? '127.0.0.1';
  const deployment: Deployment = {
    region: options.region ?? defaultDeployment.region,
    account: options.account ?? defaultDeployment.account,
  };
  const engine: StorageEngine = openSqliteEngine({
    path: options.memory || options.data === undefined ? ':memory:' : join(options.data, 'eddy.sqlite'),
  });
  const tables: TableContext = {
    engine,
    catalog: new TableCatalog(engine),
    clock: options.clock ?? systemClock,
    deployment,
  };
  const server = new HttpServer({
    services: [dynamodbService(tables)],
    logger,
    healthText: `healthy: dynamodb.${deployment.region}.amazonaws.com `,
  });
  let address;
  try {
    address = await server.listen(options.port ?? 0, host);
  } catch (error) {
    await engine.close();
    throw error;
  }
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let stopping: Promise<void> | undefined;
  return {
    endpoint: `http://${shownHost}:${address.port}`,
    port: address.port,
    host,
    stop: () =>
      (stopping ??= (async () => {
        await server.close();
        await engine.close();
      })()),
  };
}
