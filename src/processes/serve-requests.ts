import type { AddressInfo } from 'node:net';
import type { HttpServer } from '../api/http-server.js';
import type { JsonService } from '../api/json-service.js';
import type { EddyOptions } from '../eddy-options.js';
import type { Deployment } from '../shared/arns.js';
import type { Credentials } from '../shared/credentials.js';
import type { Logger } from '../shared/logger.js';
import type { ReservedPort } from '../shared/reserved-port.js';
import { RequestProcesses } from './request-processes.js';

/** Where the AWS API's requests are served from, and how that stops. */
export interface RequestFront {
  /** The public port's address. */
  readonly address: AddressInfo;
  /** Stops taking requests; resolves when those taken are answered and the request processes have exited. */
  stop(): Promise<void>;
}

/** Why `processes` cannot be served, or undefined: each process needs a connection to the same storage. */
export function processesRefusal(options: Pick<EddyOptions, 'processes' | 'storage' | 'memory' | 'data'>): string | undefined {
  if ((options.processes ?? 1) <= 1) return undefined;
  if (options.storage === undefined && (options.memory || options.data === undefined)) return 'several processes need storage they can share: a data directory or PostgreSQL, not memory';
  return undefined;
}

/**
 * With `options.processes` of 2 or more, forks the request processes at once, so that they load while the
 * start goes on (serveRequests gives them the port); throws when they could not share the storage.
 */
export function forkRequestProcesses(options: EddyOptions, logger: Logger): RequestProcesses | undefined {
  const count = options.processes ?? 1;
  if (count <= 1) return undefined;
  const refusal = processesRefusal(options);
  if (refusal !== undefined) throw new Error(refusal);
  return RequestProcesses.fork(count, logger);
}

/**
 * Serves the public port with `server` alone (one process, the default), or with the request processes
 * (forkRequestProcesses) in front of it: then they run the operations of `parts.services` (the JSON services)
 * they do not answer themselves in this process over a relay of their own, and `server` listens on a loopback
 * port of its own, where they pass every other request.
 */
export async function serveRequests(server: HttpServer, port: ReservedPort, processes: RequestProcesses | undefined, parts: { options: EddyOptions; deployment: Deployment; credentials: readonly Credentials[]; host: string; debug: boolean; services: readonly JsonService[] }): Promise<RequestFront> {
  if (processes === undefined) {
    const address = await server.listenOn(port);
    return { address, stop: () => Promise.resolve() };
  }
  const { options } = parts;
  const primary = await server.listen(0, '127.0.0.1');
  await processes.serve(port, {
    primary: { host: primary.address, port: primary.port },
    storage: { ...(options.storage !== undefined && { storage: options.storage }), ...(options.data !== undefined && { data: options.data }) },
    region: parts.deployment.region,
    account: parts.deployment.account,
    credentials: parts.credentials,
    host: parts.host,
    debug: parts.debug,
    ...(options.corsOrigins !== undefined && { corsOrigins: options.corsOrigins }),
    ...(options.consoleHosts !== undefined && { consoleHosts: options.consoleHosts }),
    ...(options.requestTimeoutMs !== undefined && { requestTimeoutMs: options.requestTimeoutMs }),
  }, parts.services);
  return { address: port.address, stop: () => processes.stop() };
}
