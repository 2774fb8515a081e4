import type { BusContext } from '../bus/bus-context.js';
import type { QueuesContext } from '../queues/queues-context.js';
import type { Logger } from '../shared/logger.js';
import type { TableContext } from '../table/table-context.js';
import { ConfigError } from './config-error.js';
import { ApplyRecorder, type ApplyReport } from './apply-report.js';
import type { HttpTargets } from './apply-rules.js';
import { configRules } from './config-rules.js';
import type { EventRef } from './config-changes.js';
import { checkReferences } from './config-references.js';
import { buildFunctions, type FunctionTargets } from './config-functions.js';
import type { NormalizedConfig } from './normalized-config.js';
import { applyTables } from './apply-tables.js';
import { applyAsyncInvokes, checkAsyncInvokeReferences } from './apply-async-invoke.js';
import type { SchedulerContext } from '../scheduler/scheduler-context.js';
import type { PipeTargets } from '../pipes/config/apply-pipes.js';
import type { TopicTargets } from '../topics/config/apply-topics.js';
import { configSubscriptions, topicReferences } from '../topics/config/topic-declarations.js';

export type { AppliedResource, ApplyReport } from './apply-report.js';

/** What the config needs of the event source mappings (src/triggers/config-events.ts). */
export interface EventTargets {
  /** Problems with the events' settings, as CreateEventSourceMapping would refuse them; nothing written. */
  check(config: NormalizedConfig): string[];
  /** Creates or updates one mapping per stream and queue event. */
  apply(config: NormalizedConfig, log: Logger): Promise<void>;
  /** Deletes the mappings of events no longer in the config. */
  remove(refs: readonly EventRef[]): Promise<void>;
}

export interface ConfigTargets {
  tables: TableContext;
  queues: QueuesContext;
  functions: FunctionTargets;
  /** Buses, rules and archives are written through the bus's operations and store; without it, a config with any is refused. */
  bus?: BusContext;
  /** API destinations for rules' `http` targets; without it, a config with one is refused. */
  httpTargets?: HttpTargets;
  /** Without it, events are neither checked nor applied. */
  events?: EventTargets;
  /** Scheduler's schedules are written through its operations; without it, a config with any is refused. */
  scheduler?: SchedulerContext;
  /** Pipes are written through Pipes' operations; without them, a config with any is refused. */
  pipes?: PipeTargets;
  /** Topics and subscriptions are written through the topic store; without it, a config with any (or a function's sns event) is refused. */
  topics?: TopicTargets;
}

export interface CheckOptions {
  /** `eddy dev`: a function that cannot be built is deployed broken instead of refusing the config. */
  allowBroken?: boolean;
  /** The functions to build and deploy (default: every one); the others are left as they are deployed. */
  functions?: readonly string[];
}

/** A config checked against what is stored, its functions built: `apply` makes the writes. */
export interface CheckedConfig {
  readonly config: NormalizedConfig;
  /** Queues (dead-letter queues first), tables, buses, archives and connections, functions, topics, rules (with their API destinations), schedules, pipes, then the events' mappings. */
  apply(recorder: ApplyRecorder): Promise<void>;
}

/**
 * Everything a config refers to, checked before anything is written: differences from the stored tables,
 * queues, archives and rules that cannot be applied (a table's key, a queue's type, an archive's bus, a
 * managed rule), references to tables, queues, buses, connections and functions that exist nowhere (or a
 * table without a stream), events' settings, and every function built with its handler export found. Every problem found is thrown as one ConfigError, one line each.
 */
export async function checkConfig(config: NormalizedConfig, targets: ConfigTargets, options: CheckOptions = {}): Promise<CheckedConfig> {
  const tables = await applyTables(config, targets.tables);
  // What the config has none of is not loaded (a start's CPU: docs/benchmarks.md, "Start-up, fifth pass").
  const queues = Object.keys(config.queues).length > 0 ? await (await import('./apply-queues.js')).applyQueues(config, targets.queues) : NO_QUEUES;
  const bus = await busParts(config, targets);
  const references = [...(await checkReferences(config, targets.tables, targets.queues)), ...bus.references, ...(await scheduleProblems(config, targets)), ...(await pipeProblems(config, targets)), ...(await topicProblems(config, targets)), ...(await checkAsyncInvokeReferences(config, targets))];
  const builds = await buildFunctions(config, options.functions ?? Object.keys(config.functions), targets.functions, options.allowBroken ?? false);
  const problems = [
    ...[...tables.refused, ...queues.refused, ...bus.refused].map((problem) => `${config.file}: ${problem}`),
    ...references,
    ...(targets.events?.check(config) ?? []),
    ...builds.problems,
  ];
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    config,
    async apply(recorder) {
      await queues.run(recorder);
      await tables.run(recorder);
      await bus.buses(recorder);
      for (const name of options.functions ?? Object.keys(config.functions)) {
        const build = builds.built.get(name);
        const broken = builds.broken.get(name);
        if (build !== undefined) {
          await targets.functions.deploy(build);
          recorder.record('deployed', { kind: 'function', name, changes: [] });
        } else if (broken !== undefined) {
          await targets.functions.deployBroken(broken.spec, broken.error);
          recorder.broken(name, broken.error);
        }
      }
      await applyAsyncInvokes(config, targets.tables);
      // Topics before the rules, schedules and pipes that may target them.
      if (targets.topics && topicsDeclared(config)) await (await import('../topics/config/apply-topics.js')).applyTopics(config, targets.topics.context, recorder);
      await bus.rules(recorder);
      if (config.schedules && targets.scheduler) await (await import('../scheduler/config/apply-schedules.js')).applySchedules(config.schedules, targets.scheduler, recorder);
      if (config.pipes && targets.pipes) await (await import('../pipes/config/apply-pipes.js')).applyPipes(config, targets.pipes, targets.tables, recorder);
      await targets.events?.apply(config, recorder.logger);
    },
  };
}

/** The config's buses, archives, connections and rules checked against storage (reads only), and the steps writing them. */
async function busParts(config: NormalizedConfig, targets: ConfigTargets) {
  const declared = configRules(config).length + Object.keys({ ...config.buses, ...config.archives, ...config.connections }).length > 0;
  if (targets.bus === undefined || !declared) {
    const refused = declared ? ['buses, rules, archives and connections: no event bus to apply them to'] : [];
    return { refused, references: [], buses: async () => {}, rules: async () => {} };
  }
  const [{ applyBuses }, { applyConnections }, { applyRules }, { checkBusReferences }] = await Promise.all([
    import('./apply-buses.js'),
    import('./apply-connections.js'),
    import('./apply-rules.js'),
    import('./bus-references.js'),
  ]);
  const buses = await applyBuses(config, targets.bus);
  const connections = await applyConnections(config, targets.bus);
  const rules = await applyRules(config, targets.bus, targets.httpTargets);
  const references = await checkBusReferences(config, targets.bus, targets.queues);
  const busesAndConnections = async (recorder: ApplyRecorder) => {
    await buses.run(recorder);
    await connections(recorder);
  };
  return { refused: [...buses.refused, ...rules.refused], references, buses: busesAndConnections, rules: rules.run };
}

/** What the config's schedules name that exists nowhere, or that there is no scheduler to apply them to. */
async function scheduleProblems(config: NormalizedConfig, targets: ConfigTargets): Promise<string[]> {
  if (config.schedules === undefined) return [];
  if (targets.scheduler === undefined) return [`${config.file}: schedules: no scheduler to apply them to`];
  const refs = { queues: targets.queues, ...(targets.bus && { bus: targets.bus.store }), declaredQueues: Object.keys(config.queues), declaredBuses: Object.keys(config.buses) };
  const { checkScheduleReferences } = await import('../scheduler/config/apply-schedules.js');
  return (await checkScheduleReferences(config.schedules, refs)).map((problem) => `${config.file}: ${problem}`);
}

/** What the config's pipes name that exists nowhere, what CreatePipe would refuse of them, or that there are no Pipes to apply them to. */
async function pipeProblems(config: NormalizedConfig, targets: ConfigTargets): Promise<string[]> {
  if (config.pipes === undefined) return [];
  if (targets.pipes === undefined) return [`${config.file}: pipes: no Pipes to apply them to`];
  const { checkPipes } = await import('../pipes/config/apply-pipes.js');
  return checkPipes(config, targets.pipes, { tables: targets.tables, queues: targets.queues, ...(targets.bus && { bus: targets.bus.store }) });
}

/** What the config's topics, subscriptions (functions' sns events too) and topic targets name that exists nowhere, what Subscribe would refuse, or that there are no topics to apply them to. */
async function topicProblems(config: NormalizedConfig, targets: ConfigTargets): Promise<string[]> {
  if (!topicsDeclared(config)) return [];
  if (targets.topics === undefined) return [`${config.file}: topics: no topics (SNS) to apply them to`];
  return (await import('../topics/config/apply-topics.js')).checkTopics(config, targets.topics);
}

/** Whether the config has topics, subscriptions (functions' sns events too) or targets naming a topic. */
function topicsDeclared(config: NormalizedConfig): boolean {
  return config.topics !== undefined || configSubscriptions(config).length > 0 || topicReferences(config).length > 0;
}

/** A config without queues: nothing refused, nothing to write. */
const NO_QUEUES = { refused: [] as string[], run: async (_recorder: ApplyRecorder) => {} };

/** {@link checkConfig}, then its writes: tables and queues are created or updated, functions deployed. */
export async function applyConfig(config: NormalizedConfig, targets: ConfigTargets, log: Logger, options: CheckOptions = {}): Promise<ApplyReport> {
  const checked = await checkConfig(config, targets, options);
  const recorder = new ApplyRecorder(log);
  await checked.apply(recorder);
  return recorder.report;
}
