import type { Deployment } from '../shared/arns.js';
import type { Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';
import type { BusStore } from '../storage/bus-store.js';

/** What every EventBridge operation receives. */
export interface BusContext {
  /** Buses, rules (with their targets) and the rest, as documents (src/bus/bus-documents.ts). */
  readonly store: BusStore;
  readonly clock: Clock;
  readonly deployment: Deployment;
  readonly logger: Logger;
}

/** An EventBridge operation: the parsed (unvalidated) request body in, the response body out. */
export type BusOperation = (ctx: BusContext, input: Record<string, unknown>) => Promise<unknown>;
