import type { EddyOptions } from '../eddy-options.js';
import type { BusContext } from '../bus/bus-context.js';
import { BusActivity } from '../bus/bus-activity.js';
import { EventRouter } from '../bus/routing/event-router.js';
import { FiringLoop } from '../bus/schedule/firing-loop.js';
import { ConnectionAuthorizer } from '../bus/connections/connection-authorizer.js';
import { defaultHttpClient } from '../bus/connections/http-client.js';
import { OAuthTokens } from '../bus/connections/oauth-tokens.js';
import { InlineQueueTargets } from '../bus/delivery/queue-targets-inline.js';
import { ReplayRunner } from '../bus/replay/replay-runner.js';
import { ArchiveRetention } from '../bus/archive/archive-retention.js';
import type { EddyMetrics } from '../metrics/index.js';
import type { QueuesContext } from '../queues/queues-context.js';
import type { Deployment } from '../shared/arns.js';
import type { Logger } from '../shared/logger.js';
import type { StorageEngine } from '../storage/engine.js';
import type { ControlledClock } from '../time/controlled-clock.js';

/** The event bus's context: routing, replays, archives' retention, rule schedules and connections (their HTTP client and OAuth tokens). */
export function busWiring(engine: StorageEngine, queues: QueuesContext, clock: ControlledClock, deployment: Deployment, logger: Logger, leader: () => boolean, metrics: EddyMetrics, options: EddyOptions) {
  const activity = new BusActivity(metrics.bus); // what `eddy events tail` shows: this node's accepted events and delivery outcomes
  const router = new EventRouter(engine.bus, deployment, logger, activity, new InlineQueueTargets(queues));
  const replays = new ReplayRunner({ store: engine.bus, router, clock, logger }, options.bus?.replay);
  const archiveRetention = new ArchiveRetention(engine.bus, clock, logger, leader);
  const schedules = new FiringLoop(engine.bus, clock, deployment, logger, {}, activity);
  const http = defaultHttpClient(options.bus?.httpTimeoutMs);
  const oauthTokens = new OAuthTokens({ store: engine.bus, http, clock, logger });
  const connections = new ConnectionAuthorizer(engine.bus, oauthTokens, clock, logger);
  const bus: BusContext = {
    store: engine.bus,
    clock,
    deployment,
    logger,
    router,
    schedules,
    replays,
    connections,
    ...(options.bus?.maxPutEventsBytes !== undefined && { maxPutEventsBytes: options.bus.maxPutEventsBytes }),
  };
  return { bus, activity, router, replays, archiveRetention, schedules, http, oauthTokens, connections };
}
