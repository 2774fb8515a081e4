import { HttpServer } from '../api/http-server.js';
import { STREAM_TAIL_PATH, streamTailFeed } from '../api/stream-tail-feed.js';
import { BUS_EVENTS_TAIL_PATH, busActivityFeed } from '../api/bus-activity-feed.js';
import { dynamodbService } from '../api/dynamodb-service.js';
import { dynamodbStreamsService } from '../api/dynamodb-streams-service.js';
import { eventBridgeFront, sqsFront } from '../api/service-fronts.js';
import { lambdaService } from '../api/lambda-service.js';
import { schedulerService } from '../api/scheduler-service.js';
import { snsService } from '../api/sns-service.js';
import { publishOperations } from '../api/sns-publish-operations.js';
import { TOPICS_TAIL_PATH, topicsTailFeed } from '../api/topics-tail-feed.js';
import { pipesService } from '../api/pipes-service.js';
import { consoleRoutes } from '../api/console/console-routes.js';
import { consoleAccess } from '../api/console/console-access.js';
import type { JsonService } from '../api/json-service.js';
import { runnerAdminRoutes, type AdminRunners } from '../api/runner-admin-routes.js';
import { MAPPINGS_FEED_PATH, mappingActionRoutes, mappingsFeed } from '../api/mapping-action-routes.js';
import { progressFeed, progressRoutes } from '../api/progress-routes.js';
import type { SigV4Verifier } from '../api/sigv4/sigv4-verifier.js';
import type { BusActivity } from '../bus/bus-activity.js';
import type { BusContext } from '../bus/bus-context.js';
import type { EddyOptions } from '../eddy-options.js';
import { EXPORT_PATH } from '../export/export-path.js';
import type { TransferContext } from '../export/transfer-context.js';
import type { EddyMetrics } from '../metrics/index.js';
import type { LambdaContext } from '../lambda/lambda-context.js';
import type { PipesContext } from '../pipes/index.js';
import type { QueuesContext } from '../queues/queues-context.js';
import type { SchedulerContext } from '../scheduler/scheduler-context.js';
import type { Logger } from '../shared/logger.js';
import type { StorageEngine } from '../storage/engine.js';
import type { ShardWatcher } from '../streams/shard-watcher.js';
import type { StreamsContext } from '../streams/streams-context.js';
import type { TableContext } from '../table/table-context.js';
import type { ControlledClock } from '../time/controlled-clock.js';
import type { TimeControl } from '../time/time-control.js';
import type { TopicsRuntime } from '../topics/index.js';
import type { MappingsContext } from '../triggers/mappings-context.js';

/** The AWS JSON services (DynamoDB, its streams, SQS, EventBridge): the wire's, and those universal targets and the console call in process. */
export function jsonServices(tables: TableContext, streams: StreamsContext, queues: QueuesContext, bus: BusContext): JsonService[] {
  return [dynamodbService(tables), dynamodbStreamsService(streams), sqsFront(queues), eventBridgeFront(bus)];
}

export interface HttpSurfaceParts {
  engine: StorageEngine;
  clock: ControlledClock;
  host: string;
  signatures: SigV4Verifier;
  metrics: EddyMetrics;
  services: readonly JsonService[];
  tables: TableContext;
  streams: StreamsContext;
  queues: QueuesContext;
  bus: BusContext;
  activity: BusActivity;
  lambda: LambdaContext;
  mappings: MappingsContext;
  scheduler: SchedulerContext;
  pipes: PipesContext;
  topics: TopicsRuntime;
  time: TimeControl;
  watcher: ShardWatcher;
  /** Each runner's "do it now" and status, for the admin routes. */
  runners: AdminRunners;
  /** What `eddy export` reads. */
  state: TransferContext;
  logger: Logger;
  options: EddyOptions;
}

/** Eddy's one HTTP server: the AWS services, the admin API (`/_eddy/…`) and its feeds. */
export function httpSurface(p: HttpSurfaceParts): HttpServer {
  const { engine, bus, tables, logger, runners } = p;
  return new HttpServer({
    signatures: p.signatures, metrics: p.metrics,
    consoleAccess: consoleAccess({ bound: p.host, names: p.options.consoleHosts, store: engine.maintenance, wall: p.clock.wall, keys: p.signatures }),
    services: p.services,
    restServices: [lambdaService(p.lambda), schedulerService(p.scheduler), pipesService(p.pipes)],
    queryServices: [snsService(p.topics.publishing, publishOperations(p.topics.publishing))],
    publicFiles: p.topics.publicFiles,
    adminRoutes: {
      ...p.time.adminRoutes(),
      ...p.topics.adminRoutes(),
      ...consoleRoutes({ services: () => p.services, mappings: runners.mappings, runtime: runners.runtime, bus, queues: p.queues }),
      ...runnerAdminRoutes(runners),
      ...mappingActionRoutes(engine, p.streams, { mappings: p.mappings, pipes: p.pipes }),
      ...progressRoutes(tables, engine.bus, logger), // GET /_eddy/progress: backfills and replays, from storage
    },
    adminFeeds: [
      { path: STREAM_TAIL_PATH, feed: streamTailFeed(engine, p.watcher, tables.deployment.region) },
      { path: BUS_EVENTS_TAIL_PATH, feed: busActivityFeed(bus, p.activity) },
      { path: TOPICS_TAIL_PATH, feed: topicsTailFeed(p.topics.activity) },
      { path: MAPPINGS_FEED_PATH, feed: mappingsFeed(engine, runners.mappings) },
      { path: EXPORT_PATH, feed: async (request) => (await import('../export/state-export.js')).exportFeed(p.state).feed(request) }, // the export: imported on the first
      progressFeed(tables, engine.bus),
    ],
    logger,
    healthText: `healthy: dynamodb.${tables.deployment.region}.amazonaws.com `,
    ...(p.options.requestTimeoutMs !== undefined && { requestTimeoutMs: p.options.requestTimeoutMs }),
    ...(p.options.corsOrigins !== undefined && { corsOrigins: p.options.corsOrigins }),
  });
}
