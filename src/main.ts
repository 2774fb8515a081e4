import { rmSync } from 'node:fs';
import { SigV4Verifier } from './api/sigv4/sigv4-verifier.js';
import { EddyMetrics, type MappingStatusSource } from './metrics/index.js';
import { PipeSupervisor, pipesContext } from './pipes/index.js';
import { SchedulerRuntime } from './scheduler/scheduler-runtime.js';
import { serviceOperations } from './api/service-operations.js';
import { TopicsRuntime, topicPublisher, type TopicPublisher } from './topics/index.js';
import { ConfigDeployment } from './config/config-deployment.js';
import { httpTargets } from './config/http-targets.js';
import { ConfigWatcher } from './config/config-watcher.js';
import type { LoadedConfig } from './config/index.js';
import { loadStartConfig } from './templates/sources/start-config.js';
import { SourceWatcher } from './functions/source-watcher.js';
import { AppPort } from './http/app-port.js';
import { busDeliveryRunner } from './bus/delivery/bus-delivery.js';
import { hasQualifier } from './lambda/functions/function-lookup.js';
import type { LambdaContext } from './lambda/lambda-context.js';
import { compilePattern } from './patterns/index.js';
import { configEventTargets } from './triggers/config-events.js';
import type { MappingsContext } from './triggers/mappings-context.js';
import { TriggerSupervisor } from './triggers/trigger-supervisor.js';
import { defaultDeployment, type Deployment } from './shared/arns.js';
import { systemClock } from './shared/clock.js';
import { reservePorts } from './shared/reserved-port.js';
import { atLevel, consoleLogger, silentLogger } from './shared/logger.js';
import { lockDataDirectory, openStorage, SHARED_POLL_MS } from './storage/open-engine.js';
import { DEFINITION_REFRESH_MS, mappingVersions, pipeVersions, refreshDefinitions } from './cluster/definition-refresh.js';
import type { StorageEngine } from './storage/engine.js';
import { startCluster, type ClusterMembership } from './cluster/index.js';
import { ShardWatcher } from './streams/shard-watcher.js';
import { StreamMaintenance } from './streams/stream-maintenance.js';
import { streamsSettingsOf } from './streams/streams-options.js';
import { stopIndexBackfills } from './table/indexes/index-backfill.js';
import { latestStreamArns } from './table/stream-label.js';
import { ControlledClock } from './time/controlled-clock.js';
import { DatabaseClock } from './time/database-clock.js';
import { TimeControl } from './time/time-control.js';
import { timePasses } from './time/time-passes.js';
import { busWiring } from './wiring/bus-wiring.js';
import { functionCode, functionWiring } from './wiring/function-wiring.js';
import { httpSurface, jsonServices as jsonServicesOf } from './wiring/http-surface.js';
import { queueWiring } from './wiring/queue-wiring.js';
import { tableWiring } from './wiring/table-wiring.js';
import { forkRequestProcesses, serveRequests, type RequestFront } from './processes/serve-requests.js';
import type { EddyOptions, RunningEddy } from './eddy-options.js';

export type { EddyOptions, RunningEddy } from './eddy-options.js';


/** The composition root: options → storage engine → domain contexts → HTTP server. */
export async function startEddy(options: EddyOptions = {}): Promise<RunningEddy> {
  const logLevel = options.logLevel ?? (typeof options.log === 'object' ? 'debug' : 'info');
  const logger = atLevel(options.log === false ? silentLogger : options.log === true || options.log === undefined ? consoleLogger : options.log, logLevel);
  const host = options.host ?? '127.0.0.1';
  const deployment: Deployment = {
    region: options.region ?? defaultDeployment.region,
    account: options.account ?? defaultDeployment.account,
  };
  const streamsSettings = streamsSettingsOf(options.streams);
  // Not injected, the wall clock is the machine's disciplined to the database server's (when it has one): every node's time is one.
  const wall = options.clock ? undefined : new DatabaseClock({ base: options.wallClock ?? systemClock, logger });
  const clock = new ControlledClock(options.clock ?? wall!); // the wall clock plus `eddy time`'s stored offset
  // The config is read, not applied, before the ports are bound (its routes need the application port),
  // and they are bound before anything is applied: a mistake or a busy port creates nothing.
  let loaded: LoadedConfig | undefined;
  let streamArns = async (): Promise<ReadonlyMap<string, string>> => new Map(); // the tables', once storage is open
  const dataLock = lockDataDirectory(options); // first: a second Eddy on a SQLite data directory is refused before it binds a port or reads a config
  const ports = await reservePorts(host, options.port ?? 0, async (endpoint) => {
    const appEndpoint = options.httpPort ? `http://${host}:${options.httpPort}` : undefined; // a template's ApiEndpoint
    loaded = await loadStartConfig(options, { ...deployment, endpoint, appEndpoint }, () => streamArns());
    return loaded?.config.http?.routes.length ? (options.httpPort ?? 0) : undefined;
  }).catch((error: unknown) => {
    dataLock?.abandon(); // nothing stored yet: a data directory this start created goes again
    throw error;
  });
  dataLock?.serving(ports.main.url); // named in the message of a start it refuses
  let requestProcesses: ReturnType<typeof forkRequestProcesses>; // with --processes N, forked now: they load while this process starts
  const releasePorts = async () => {
    await requestProcesses?.stop();
    await ports.main.release();
    await ports.app?.release();
  };
  let engine!: StorageEngine; // set by the try below, or it throws
  let cluster: ClusterMembership; // this node among those sharing the database: the maintenance leader, fair shard shares
  try {
    requestProcesses = forkRequestProcesses(options, logger);
    engine = await openStorage(options, () => clock.now(), dataLock); // which lets the lock go when it closes
    if (wall && engine.time.serverTime) await wall.discipline(engine.time.serverTime); // before any lease is claimed
    await clock.attach(engine.time);
    cluster = await startCluster(engine, clock, logger, options.cluster);
  } catch (error) {
    wall?.stop();
    await engine?.close().catch(() => {}); // open when attaching the clock or joining the cluster failed
    await releasePorts();
    throw error;
  }
  // Alone on its storage, a node always leads: its lease, judged on a clock a jump moves, must not pause maintenance mid-jump.
  const leader = engine.capabilities.sharedAcrossProcesses ? () => cluster.isLeader() : () => true;
  const { tables, streams, recoveryTrimmer, ttlSweeper } = tableWiring(engine, clock, deployment, logger, leader, streamsSettings, options);
  const endpoint = ports.main.url;
  const credentials = [...(options.auth?.credentials ?? []), ...(loaded?.config.auth?.credentials ?? [])];
  const signatures = new SigV4Verifier(credentials, clock.wall, deployment.region); // clients sign with the wall clock
  const { queues, waiters, stopQueueWakeups, queueMaintenance } = queueWiring(engine, clock, deployment, endpoint, logger, leader);
  const metrics = new EddyMetrics({ engine, clock, logger, mappings: (): MappingStatusSource[] => [supervisor, pipes], queueWaiters: waiters }); // GET /_eddy/metrics: this node's counters, the cluster's gauges
  requestProcesses?.reportTo({ metrics, tables, logger }); // --processes N: what they answer counts in this node's metrics; their DescribeTables' backfills run here
  const { bus, activity, router, replays, archiveRetention, schedules, http, oauthTokens, connections } = busWiring(engine, queues, clock, deployment, logger, leader, metrics, options);
  const publishToTopic: TopicPublisher = (topicArn, message) => topicPublisher(topics.publishing)(topicArn, message); // bus, trigger, pipe, Lambda and Scheduler targets
  const { runtime, claims, events, asyncFunctions, qualified } = functionWiring({
    engine, endpoint, deployment, logger, logLevel, metrics, handlerCredentials: signatures.handlerCredentials, queues, bus, publishToTopic, clock, options,
    functions: () => functions, // the Lambda API's, below
  });
  const busDeliveries = busDeliveryRunner({
    store: engine.bus,
    router,
    queues, topics: publishToTopic,
    functions: asyncFunctions,
    clock,
    deployment,
    logger,
    connections: { http, tokens: oauthTokens },
    options: { ...(engine.capabilities.sharedAcrossProcesses && { maxIdleMs: SHARED_POLL_MS }), ...claims, ...options.bus?.delivery }, // deliveries other nodes stored
    activity,
  });
  const topics = new TopicsRuntime({ store: engine.topics, queues, functions: asyncFunctions, http, clock, deployment, logger, endpoint, data: options.memory ? undefined : options.data, runner: { ...(engine.capabilities.sharedAcrossProcesses && { maxIdleMs: SHARED_POLL_MS }), ...claims } });
  const scheduler = new SchedulerRuntime({ store: engine.scheduler, clock, deployment, logger, queues, bus, functions: asyncFunctions, topics: publishToTopic, operations: serviceOperations(() => jsonServices) });
  const watcher = new ShardWatcher(engine);
  const pipes = new PipeSupervisor({ engine, watcher, deployment, clock, logger, metrics: metrics.mappings, bus, queues, topics: publishToTopic, connections: { http, tokens: oauthTokens }, ...(options.triggers && { timings: options.triggers }), ...(options.pipes && { execution: options.pipes }),
    functions: { runtime, qualified, enqueue: (name, payload, qualifier) => events.enqueue(name, payload, qualifier) }, shares: (total) => cluster.fairShare(total) });
  const supervisor = new TriggerSupervisor({
    engine,
    watcher,
    runtime,
    queues, topics: publishToTopic,
    deployment,
    clock,
    logger, metrics: metrics.mappings,
    ...(options.triggers && { timings: options.triggers }),
    shares: (total) => cluster.fairShare(total), // this node's share of a mapping's shards
    qualified, // called by invocations only, once the server runs: `functions` is set by then
  });
  const mappings: MappingsContext = {
    engine,
    runtime,
    deployment,
    clock,
    hasQualifier: (name, qualifier) => hasQualifier(functions, name, qualifier),
    validatePattern: (pattern) => void compilePattern(JSON.parse(pattern) as object),
    changed: (uuid) => supervisor.changed(uuid),
    lastProcessingResult: (uuid) => supervisor.lastProcessingResult(uuid),
  };
  const { scratchCode, codeRoot, follower, functions } = functionCode(engine, runtime, logger, options);
  const lambda: LambdaContext = { runtime, deployment, events, eventInvokeConfigs: engine.eventInvokeConfigs, clock, mappings, functions };
  const app = new AppPort({
    port: options.httpPort ?? 0,
    host,
    runtime,
    accountId: deployment.account,
    logger,
    now: () => clock.now(),
    ...(options.requestTimeoutMs !== undefined && { requestTimeoutMs: options.requestTimeoutMs }),
  });
  const configs = new ConfigDeployment(
    { tables, queues, bus, functions: runtime, events: configEventTargets(mappings, tables), http: (api) => app.serve(api), httpTargets: httpTargets(bus), scheduler: scheduler.context,
      pipes: { context: pipesContext(engine, { clock, deployment, changed: (name) => pipes.changed(name) }), bus, functionExists: async (name) => (await engine.functions.get(name)) !== undefined },
      topics: { context: topics.publishing, queueExists: async (name) => (await engine.queues.get(name)) !== undefined, functionExists: async (name) => (await engine.functions.get(name)) !== undefined } },
    logger,
    { dev: options.watch ?? false },
  );
  try {
    streamArns = () => latestStreamArns(deployment, tables.catalog);
    if (options.import !== undefined) await (await import('./export/state-import.js')).importState({ tables, queues, bus, scheduler: scheduler.context, topics: topics.publishing, lambda, pipes: pipesContext(engine, { clock, deployment, changed: (name) => pipes.changed(name) }), logger }, options.import); // before the config, which then finds them
    if (loaded?.template?.provisional && loaded.reload) loaded = await loaded.reload(); // a restart: its tables' streams exist
    if (loaded) await configs.start(loaded);
  } catch (error) {
    await releasePorts();
    await supervisor.close();
    await pipes.close();
    await runtime.close();
    await cluster.stop();
    wall?.stop();
    await engine.close();
    if (scratchCode) rmSync(codeRoot, { recursive: true, force: true });
    throw error;
  }
  const maintenance = new StreamMaintenance(streams, logger, watcher, leader);
  const parts = { ttl: ttlSweeper, ruleSchedules: schedules, busDeliveries, asyncInvocations: events, replays, queueWaiters: waiters, queueStore: engine.queues, connections, streamConsumers: { clock, consumers: [supervisor, pipes] } };
  const retention = { shardRotation: maintenance, streamRetention: maintenance, archiveRetention, messageRetention: queueMaintenance, pointInTimeRetention: recoveryTrimmer };
  const shared = engine.capabilities.sharedAcrossProcesses ? { cluster } : {}; // alone, `leader` answers true anyway
  const time = new TimeControl(clock, timePasses({ ...parts, ...retention, ...shared }, [{ name: 'scheduler', run: () => scheduler.loop.fireDue(), nextDue: () => scheduler.loop.nextDue() }, topics.timePass]), logger); // a jump runs what fell due
  const pipeOperations = pipesContext(engine, { clock, deployment, changed: (name) => pipes.changed(name) });
  const state = { tables, queues, bus, scheduler: scheduler.context, topics: topics.publishing, lambda, pipes: pipeOperations, logger }; // what `eddy export` reads and --import writes
  const jsonServices = jsonServicesOf(tables, streams, queues, bus); // universal targets call them too
  const server = httpSurface({
    engine, clock, host, signatures, metrics, services: jsonServices, tables, streams, queues, bus, activity, lambda, mappings, scheduler: scheduler.context, pipes: pipeOperations, topics, time, watcher, state, logger, options,
    runners: { queueMaintenance, ttlSweeper, recoveryTrimmer, busDeliveries, schedules, scheduler, replays, archiveRetention, bus, events, runtime, mappings: [supervisor, pipes], streams: maintenance },
  });
  let front: RequestFront;
  try {
    front = await serveRequests(server, ports.main, requestProcesses, { options, deployment, credentials, host, debug: logLevel === 'debug', services: jsonServices }); // with --processes N, request processes in front
  } catch (error) {
    await server.close();
    await releasePorts();
    await runtime.close();
    await cluster.stop();
    wall?.stop();
    await engine.close();
    if (scratchCode) rmSync(codeRoot, { recursive: true, force: true });
    throw error;
  }
  maintenance.start();
  queueMaintenance.start();
  ttlSweeper.start();
  recoveryTrimmer.start();
  await follower.start(); // after the config's functions, which win a name they share with a stored function
  // Mappings and pipes other nodes create, change or delete: seen within DEFINITION_REFRESH_MS (started before the supervisors list them).
  const refreshes = engine.capabilities.sharedAcrossProcesses
    ? [
        await refreshDefinitions({ list: mappingVersions(engine.triggers), changed: (uuid) => supervisor.changed(uuid), periodMs: DEFINITION_REFRESH_MS, logger, what: 'event source mappings' }),
        await refreshDefinitions({ list: pipeVersions(engine.pipes), changed: (name) => pipes.changed(name), periodMs: DEFINITION_REFRESH_MS, logger, what: 'pipes' }),
      ]
    : [];
  await supervisor.start();
  await pipes.start();
  await events.resume(!engine.capabilities.sharedAcrossProcesses); // another node's leases are its own
  await queues.moveTasks.resume();
  await busDeliveries.start(!engine.capabilities.sharedAcrossProcesses);
  await topics.start(!engine.capabilities.sharedAcrossProcesses);
  await schedules.start(); // fires what came due while Eddy was stopped
  await scheduler.start(!engine.capabilities.sharedAcrossProcesses); // likewise for Scheduler's schedules
  replays.start(); // after busDeliveries.start: a previous run's replay leases are released by then
  archiveRetention.start();
  connections.start(); // authorizes the OAuth connections left AUTHORIZING
  const sourceWatcher = options.watch ? new SourceWatcher(runtime, logger) : undefined;
  sourceWatcher?.refresh();
  // eddy dev applies edits of the config file (and of what it imports) as they are saved.
  const configWatcher = sourceWatcher && configs.current ? new ConfigWatcher(configs, () => sourceWatcher.refresh(), logger) : undefined;
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      const frontStopped = front.stop(); // request processes take no more requests; theirs in flight are answered below
      clock.detach();
      wall?.stop();
      await time.close();
      // The application port first: its requests in flight finish while their functions still run.
      await app.close();
      // Long polls and move tasks end first, so the requests in flight finish at once.
      configWatcher?.close();
      sourceWatcher?.close();
      for (const stopRefresh of refreshes) stopRefresh();
      await supervisor.close();
      await pipes.close();
      await schedules.close();
      await scheduler.close();
      await busDeliveries.close();
      await topics.close();
      await replays.close();
      await archiveRetention.stop();
      await connections.close();
      stopQueueWakeups();
      waiters.close();
      queues.moveTasks.close();
      await server.close();
      await frontStopped;
      await stopIndexBackfills(engine); // between two pages, removing their progress while storage is open
      await events.close();
      await follower.close();
      await runtime.close();
      await maintenance.stop();
      await ttlSweeper.stop();
      await recoveryTrimmer.stop();
      await queueMaintenance.stop();
      if (options.exportOnExit !== undefined) await (await import('./export/state-export.js')).exportOnExit(state, options.exportOnExit); // nothing writes any more
      watcher.close();
      await cluster.stop();
      await engine.close();
      if (scratchCode) rmSync(codeRoot, { recursive: true, force: true });
    })());
  if (ports.app !== undefined) {
    // A route table the application port cannot serve stops everything started.
    await app.serve(loaded?.config.http, ports.app).catch(async (error: unknown) => {
      await stop();
      throw error;
    });
  }
  // A template resolved before its tables existed is read again with their stream ARNs (after the routes are served: a reload serves them too).
  if (loaded?.template?.provisional) await configs.reload({ quiet: true });
  return {
    endpoint,
    // Getters: `eddy dev` applies config edits, which may add routes (and so the application port).
    get config() {
      const current = configs.current;
      return current && { file: current.loaded.file, report: current.report, template: current.loaded.template, notices: current.loaded.notices };
    },
    port: front.address.port,
    host,
    get httpEndpoint() {
      return app.endpoint;
    },
    get httpRoutes() {
      return app.endpoint === undefined ? undefined : app.routes.map((route) => ({ routeKey: route.routeKey, function: route.function }));
    },
    runningInvocations: () => runtime.running,
    stop,
  };
}
