import type { Clock } from '../../shared/clock.js';
import type { MaintenanceStateStore } from '../../storage/maintenance-state-store.js';
import { ConsoleHosts } from '../admin-origin.js';
import { ConsoleSessions, type KnownKeys } from './console-sessions.js';

/** Who may use the console and the admin API from a browser: the Host names it answers at, and its sessions. */
export interface ConsoleAccess {
  readonly hosts: ConsoleHosts;
  readonly sessions: ConsoleSessions;
}

export interface ConsoleAccessOptions {
  /** The address Eddy binds (`--host`). */
  readonly bound: string;
  /** More names browsers may reach it by (`--console-host`). */
  readonly names?: readonly string[] | undefined;
  /** Where sessions are kept: shared by every node on the database. */
  readonly store: MaintenanceStateStore;
  /** The wall clock (not Eddy's, which `eddy time advance` moves: a day's advance must not sign the console out). */
  readonly wall: Clock;
  readonly keys: KnownKeys;
}

export function consoleAccess(options: ConsoleAccessOptions): ConsoleAccess {
  return { hosts: new ConsoleHosts(options.bound, options.names), sessions: new ConsoleSessions(options.store, options.wall, options.keys) };
}
