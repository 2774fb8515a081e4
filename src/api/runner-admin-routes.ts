import type { AdminRoute } from './admin-api.js';
import { functionLogs } from './function-logs-route.js';
import { ruleStatuses } from '../bus/rule-status.js';
import type { BusContext } from '../bus/bus-context.js';
import { replayStepsOf } from '../bus/replay/replay-runner.js';
import type { FunctionRuntime } from '../functions/function-runtime.js';
import type { MappingStatus } from '../triggers/mapping-status.js';

/** What the admin routes below run: each runner's "do it now" and its status. */
export interface AdminRunners {
  readonly queueMaintenance: { trim(): Promise<unknown> };
  readonly ttlSweeper: { sweep(): Promise<unknown> };
  readonly recoveryTrimmer: { trim(): Promise<unknown> };
  readonly busDeliveries: { deliverDue(): Promise<unknown> };
  readonly schedules: { fireDue(): Promise<unknown> };
  readonly scheduler: { loop: { fireDue(): Promise<unknown> } };
  readonly replays: { runDue(steps: ReturnType<typeof replayStepsOf>): Promise<unknown> };
  readonly archiveRetention: { trim(): Promise<unknown> };
  readonly bus: BusContext;
  readonly events: { runDue(): Promise<unknown> };
  readonly runtime: FunctionRuntime;
  readonly mappings: readonly { status(): Promise<MappingStatus[]> }[];
  readonly streams: { trim(): Promise<unknown>; rotate(): Promise<unknown> };
}

/**
 * The admin API's routes that run a runner's pass at once (tests and `eddy` commands use them rather than
 * wait for a timer), and the statuses `eddy rules` and `eddy mappings` show.
 */
export function runnerAdminRoutes(r: AdminRunners): Record<string, AdminRoute> {
  return {
    'POST /_eddy/queues/trim': () => r.queueMaintenance.trim(),
    'POST /_eddy/ttl/sweep': () => r.ttlSweeper.sweep(),
    'POST /_eddy/tables/point-in-time/trim': () => r.recoveryTrimmer.trim(),
    'POST /_eddy/bus/deliver': () => r.busDeliveries.deliverDue(),
    'POST /_eddy/bus/schedules/fire': () => r.schedules.fireDue(),
    'POST /_eddy/scheduler/fire': () => r.scheduler.loop.fireDue(),
    'POST /_eddy/bus/replays/run': (input) => r.replays.runDue(replayStepsOf(input)),
    'POST /_eddy/bus/archives/trim': () => r.archiveRetention.trim(),
    'GET /_eddy/bus/rules': async (_input, query) => ({ rules: await ruleStatuses(r.bus, query.get('bus') || undefined) }),
    'POST /_eddy/functions/async/run': () => r.events.runDue(),
    'POST /_eddy/functions/logs': (input) => functionLogs(r.runtime, input),
    'GET /_eddy/mappings': async () => ({ mappings: (await Promise.all(r.mappings.map((m) => m.status()))).flat() }),
    'POST /_eddy/streams/trim': () => r.streams.trim(),
    'POST /_eddy/streams/rotate': () => r.streams.rotate(),
  };
}
