import type { Credentials } from '../shared/credentials.js';
import type { OperationCounts } from '../metrics/request-metrics.js';
import type { StorageChoice } from '../storage/open-engine.js';
import type { RelayedServiceDescription } from './operation-runner.js';

/** What a request process needs to answer as the primary would: its storage, and the checks every request passes. */
export interface RequestProcessSetup {
  /** The primary's own listener, on loopback: where every request not answered or relayed here goes. */
  readonly primary: { readonly host: string; readonly port: number };
  /** The primary's JSON services, whose operations go to it over the relay (operation-relay.ts) unless answered here. */
  readonly relayed: readonly RelayedServiceDescription[];
  readonly storage: Pick<StorageChoice, 'storage' | 'data'>;
  readonly region: string;
  readonly account: string;
  readonly credentials: readonly Credentials[];
  readonly corsOrigins?: readonly string[];
  readonly consoleHosts?: readonly string[];
  readonly host: string;
  readonly requestTimeoutMs?: number;
  readonly debug: boolean;
}

/**
 * Primary → request process. `connection` comes with the socket of a client the primary accepted itself;
 * `metrics` asks for the requests counted since the last ask (process-reports.ts).
 */
export type ToRequestProcess = { readonly kind: 'setup'; readonly setup: RequestProcessSetup } | { readonly kind: 'connection' } | { readonly kind: 'stop' } | { readonly kind: 'metrics' };

/**
 * Request process → primary: `loaded` when it can take its setup, `ready` once it serves. Then its reports
 * (process-reports.ts): `metrics` answers the ask; `backfills` names a table it described with an index CREATING.
 */
export type FromRequestProcess =
  | { readonly kind: 'loaded' }
  | { readonly kind: 'ready' }
  | { readonly kind: 'failed'; readonly message: string }
  | { readonly kind: 'metrics'; readonly operations: readonly OperationCounts[] }
  | { readonly kind: 'backfills'; readonly table: string };

/** The file descriptor of a request process's relay socket (a socket pair with the primary, made by fork's `stdio`). */
export const RELAY_FD = 4;

/** The hidden `eddy` command a request process runs (through the command line's loader, as `eddy start` does). */
export const REQUEST_PROCESS_COMMAND = '__request-process';
