import type { ApplyRecorder } from '../../config/apply-report.js';
import { at } from '../../config/config-checker.js';
import { streamProblem } from '../../config/config-references.js';
import type { NormalizedConfig } from '../../config/normalized-config.js';
import type { QueuesContext } from '../../queues/queues-context.js';
import { ServiceError } from '../../shared/service-error.js';
import type { BusStore } from '../../storage/bus-store.js';
import type { BusContext } from '../../bus/bus-context.js';
import type { PipeHttpEndpoint } from './pipe-config.js';
import { apiDestinationArnOf, ensurePipeDestination, pipeDestinationName, placeholderDestinationArn, removePipeDestination, type PipeEndpointRole } from './pipe-http-endpoints.js';
import { describeTable } from '../../table/operations/describe-table.js';
import type { TableContext } from '../../table/table-context.js';
import { createPipe, deletePipe, updatePipe } from '../operations/pipe-operations.js';
import { tagResource, untagResource } from '../operations/pipe-tags.js';
import { checkPipeSettings } from '../pipe-checks.js';
import type { PipeSettings } from '../pipe-definition.js';
import type { PipeDefinition } from '../pipe-definition.js';
import type { PipesContext } from '../pipes-context.js';
import { pipeChanges, updateBody } from './pipe-plan.js';
import { pipeRequest } from './validate-pipes.js';

/** What the config needs to apply its pipes: Pipes' operations, and whether a function exists outside the config. */
export interface PipeTargets {
  readonly context: PipesContext;
  /** The bus whose API destinations `http` targets and enrichments get; without it, such a pipe is refused. */
  readonly bus?: BusContext;
  /** A function created through the Lambda API (config functions are known from the config). */
  functionExists(name: string): Promise<boolean>;
}

export interface PipeReferences {
  readonly tables: TableContext;
  readonly queues: QueuesContext;
  /** Without a bus, a pipe targeting one is refused. */
  readonly bus?: BusStore;
}

/**
 * Problems with the config's pipes before anything is written (reads only): a table (with a stream),
 * queue, bus, function or an `http` block's connection declared nowhere and not stored, then what CreatePipe would refuse of the
 * request (a batch above the target's limit, a filter pattern or template Pipes does not take), each as
 * `FILE: pipes.NAME…: message`.
 */
export async function checkPipes(config: NormalizedConfig, targets: PipeTargets, refs: PipeReferences): Promise<string[]> {
  const problems: string[] = [];
  const missing = (kind: string, name: string) => `${kind} ${name} does not exist in this config or in storage`;
  const queueExists = async (name: string) => name in config.queues || (await refs.queues.store.get(name)) !== undefined;
  const busExists = async (name: string) => name === 'default' || name in config.buses || (await refs.bus?.getDocument('bus', '', name)) !== undefined;
  const functionExists = async (name: string) => name in config.functions || (await targets.functionExists(name));
  const connectionExists = async (name: string) => name in config.connections || (await refs.bus?.getDocument('connection', '', name)) !== undefined;
  /** An `http` block's problem: no bus to make its API destination on, or a connection that exists nowhere. */
  const httpProblem = async (http: PipeHttpEndpoint): Promise<[string, string] | undefined> => {
    if (!targets.bus || !refs.bus) return ['http', 'no event bus to make its API destination on'];
    return (await connectionExists(http.connection)) ? undefined : ['http.connection', missing('connection', http.connection)];
  };
  for (const [name, pipe] of Object.entries(config.pipes ?? {})) {
    const path = at('pipes', name);
    const problem = (where: string, message: string) => problems.push(`${config.file}: ${where}: ${message}`);
    const before = problems.length;
    const { source, target, enrichment, deadLetter } = pipe.refs;
    if ('stream' in source) {
      const why = await streamProblem(config, refs.tables, source.stream);
      if (why !== undefined) problem(at(at(path, 'source'), 'stream'), why);
    } else if (!(await queueExists(source.queue))) problem(at(at(path, 'source'), 'queue'), missing('queue', source.queue));
    if (deadLetter !== undefined && !(await queueExists(deadLetter))) problem(at(at(at(path, 'source'), 'deadLetter'), 'queue'), missing('queue', deadLetter));
    if ('bus' in target && !(await busExists(target.bus))) problem(at(at(path, 'target'), 'bus'), missing('bus', target.bus));
    if ('queue' in target && !(await queueExists(target.queue))) problem(at(at(path, 'target'), 'queue'), missing('queue', target.queue));
    if ('function' in target && !(await functionExists(target.function))) problem(at(at(path, 'target'), 'function'), missing('function', target.function));
    if (enrichment !== undefined && 'function' in enrichment && !(await functionExists(enrichment.function))) problem(at(at(path, 'enrichment'), 'function'), missing('function', enrichment.function));
    for (const [role, end] of [['target', target], ['enrichment', enrichment]] as const) {
      const why = end && 'http' in end ? await httpProblem(end.http) : undefined;
      if (why) problem(`${at(path, role)}.${why[0]}`, why[1]);
      if (end && 'apiDestination' in end && (await refs.bus?.getDocument('api-destination', '', end.apiDestination)) === undefined) {
        problem(`${at(path, role)}.apiDestination`, `API destination ${end.apiDestination} does not exist in storage (create it through the API, or give an http block)`);
      }
    }
    if (problems.length > before) continue;
    // What CreatePipe checks against the request, with every source taken to exist (checked above).
    const standIns = { target: placeholderDestinationArn(targets.context.deployment, name, 'target'), enrichment: placeholderDestinationArn(targets.context.deployment, name, 'enrichment') };
    const assumed: PipesContext = { ...targets.context, streamExists: async () => true, queueExists: async () => true, apiDestinationExists: async () => true };
    try {
      await checkPipeSettings(assumed, pipeRequest(pipe, targets.context.deployment, undefined, standIns) as unknown as PipeSettings);
    } catch (error) {
      if (!(error instanceof ServiceError)) throw error;
      // The API destinations are not made yet: their stand-in ARNs named by their names.
      problem(path, Object.entries(standIns).reduce((message, [role, arn]) => message.replaceAll(arn, `the API destination ${pipeDestinationName(name, role as PipeEndpointRole)}`), error.message));
    }
  }
  return problems;
}

/**
 * Creates the config's pipes through CreatePipe's operation, or updates those that changed through
 * UpdatePipe's, which keeps the pipe's stream position (its checkpoints and leases belong to the pipe, not
 * to its settings). A different source (another table or queue, or the table's stream replaced) or
 * startingPosition, or a template removed (UpdatePipe merges parameter blocks, so it cannot drop one), is
 * applied by deleting the pipe and creating it again: it starts from its startingPosition. Tags are set
 * by TagResource and UntagResource. An `http` target or enrichment gets its API destination made or
 * updated first (pipe-http-endpoints.ts), and loses it once the config's pipe no longer has the block.
 * Runs after tables, queues, buses, connections and functions are applied.
 */
export async function applyPipes(config: NormalizedConfig, targets: PipeTargets, tables: TableContext, recorder: ApplyRecorder): Promise<void> {
  const ctx = targets.context;
  for (const [name, pipe] of Object.entries(config.pipes ?? {})) {
    const source = pipe.refs.source;
    const streamArn = 'stream' in source ? ((await describeTable(tables, { TableName: source.stream })) as { Table: { LatestStreamArn?: string } }).Table.LatestStreamArn : undefined;
    const destinations: Partial<Record<PipeEndpointRole, string>> = {};
    for (const role of ['target', 'enrichment'] as const) {
      const end = pipe.refs[role];
      // A block with no bus was refused by checkPipes, as an API destination that does not exist.
      if (end && 'http' in end) destinations[role] = await ensurePipeDestination(targets.bus!, name, role, end.http);
      if (end && 'apiDestination' in end) destinations[role] = await apiDestinationArnOf(targets.bus!, end.apiDestination);
    }
    const wanted = pipeRequest(pipe, ctx.deployment, streamArn, destinations);
    const stored = (await ctx.store.get<PipeDefinition>(name))?.definition;
    if (stored === undefined) {
      await createPipe(ctx, name, wanted);
      recorder.record('created', { kind: 'pipe', name, changes: [] });
      continue;
    }
    const plan = pipeChanges(stored, wanted);
    if (plan.changes.length === 0) {
      recorder.record('unchanged', { kind: 'pipe', name, changes: [] });
      continue;
    }
    if (plan.recreate) {
      await deletePipe(ctx, name);
      await createPipe(ctx, name, wanted);
      recorder.record('updated', { kind: 'pipe', name, changes: [...plan.changes, 'recreated'] });
      continue;
    }
    if (plan.settingsChanged) await updatePipe(ctx, name, updateBody(wanted));
    if (plan.tagsChanged) {
      const tags = (wanted['Tags'] ?? {}) as Record<string, string>;
      const dropped = Object.keys(stored.Tags).filter((key) => !(key in tags));
      if (dropped.length > 0) await untagResource(ctx, stored.Arn, dropped);
      if (Object.keys(tags).length > 0) await tagResource(ctx, stored.Arn, { tags });
    }
    recorder.record('updated', { kind: 'pipe', name, changes: plan.changes });
  }
  // The API destinations of http blocks the config's pipes no longer have (pipe-http-endpoints.ts).
  for (const [name, pipe] of Object.entries(config.pipes ?? {})) {
    for (const role of ['target', 'enrichment'] as const) {
      const end = pipe.refs[role];
      if (targets.bus && !(end && 'http' in end)) await removePipeDestination(targets.bus, name, role);
    }
  }
}

/**
 * Deletes pipes dropped from the config (`eddy dev`), through DeletePipe's operation, one already gone
 * left, and the API destinations made for their http blocks.
 */
export async function removePipes(targets: PipeTargets, names: readonly string[]): Promise<void> {
  for (const name of names) {
    if (await targets.context.store.get(name)) await deletePipe(targets.context, name);
    if (targets.bus) for (const role of ['target', 'enrichment'] as const) await removePipeDestination(targets.bus, name, role);
  }
}
