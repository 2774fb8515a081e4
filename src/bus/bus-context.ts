import type { Deployment } from '../shared/arns.js';
import type { Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';
import type { BusStore } from '../storage/bus-store.js';
import type { EventRouter } from './routing/event-router.js';

/** What every EventBridge operation receives. */
export interface BusContext {
  /** Buses, rules (with their targets) and the rest, as documents (src/bus/bus-documents.ts). */
  readonly store: BusStore;
  readonly clock: Clock;
  readonly deployment: Deployment;
  readonly logger: Logger;
  /** Matches accepted events to their bus's rules and archives and stores the deliveries (PutEvents). */
  readonly router: EventRouter;
  /** Runs replays: StartReplay and CancelReplay wake it so a replay starts at once (absent: none run in this process). */
  readonly replays?: { wake(): void };
  /** Fires scheduled rules: a rule write that sets a next firing wakes it (absent: none fire in this process). */
  readonly schedules?: { wake(): void };
  /** Authorizes OAuth connections: a connection write that leaves one AUTHORIZING wakes it (absent: none are authorized in the background here). */
  readonly connections?: { wake(): void };
  /** PutEvents' limit on the entries' summed size; default 1 MiB (SEMANTICS C.2). */
  readonly maxPutEventsBytes?: number;
}

/** An EventBridge operation: the parsed (unvalidated) request body in, the response body out. */
export type BusOperation = (ctx: BusContext, input: Record<string, unknown>) => Promise<unknown>;
