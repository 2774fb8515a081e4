import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { compilePatterns } from '../../patterns/index.js';
import { queueNameOfArn } from '../../queues/queue-url.js';
import { sendToQueue } from '../../queues/send-to-queue.js';
import type { Deployment } from '../../shared/arns.js';
import type { Clock } from '../../shared/clock.js';
import type { Logger } from '../../shared/logger.js';
import type { StorageEngine } from '../../storage/engine.js';
import type { ShardWatcher } from '../../streams/shard-watcher.js';
import { failureRecord, type DiscardedBatch } from '../../triggers/failure-record.js';
import { MappingConsumer } from '../../triggers/mapping-consumer.js';
import { QueuePoller, queueMappingStatus } from '../../triggers/queue-source/index.js';
import { mappingStatus, type MappingStatus } from '../../triggers/mapping-status.js';
import { DEFAULT_TIMINGS, type TriggerTimings } from '../../triggers/trigger-timings.js';
import type { PipeDefinition } from '../pipe-definition.js';
import { endpointLabel, sourceOf, targetOf, type PipeApiDestination, type PipeTarget } from '../pipe-endpoints.js';
import { InvocationRates } from '../../bus/delivery/invocation-rate.js';
import type { HttpClient } from '../../bus/connections/http-client.js';
import type { OAuthTokens } from '../../bus/connections/oauth-tokens.js';
import { apiDestinationEnrichment, apiDestinationSender, type EnrichmentCall, type PipeApiDestinations } from './pipe-api-destinations.js';
import { pipeDestination, type PipeDelivery } from './pipe-destination.js';
import { functionCall, type PipeFunctions } from './pipe-functions.js';
import { pipeMapping, pipeQueueSettings } from './pipe-mapping.js';
import { entrySender, type TargetServices } from './pipe-targets.js';
import { PipeExecution, type PipeExecutionOptions } from './pipe-execution.js';
import { pipeFingerprint } from '../../cluster/definition-refresh.js';
import { countedDestination, type MappingMetrics } from '../../metrics/mapping-metrics.js';

export interface PipeSupervisorDeps extends TargetServices {
  readonly engine: StorageEngine;
  readonly watcher: ShardWatcher;
  readonly deployment: Deployment;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly timings?: Partial<TriggerTimings>;
  /** Function targets and enrichments; without it, a pipe naming a function is stored but not run. */
  readonly functions?: PipeFunctions;
  /**
   * How API destinations are called (the bus's HTTP client and OAuth tokens); without it, a pipe naming
   * one is stored but not run. The invocation rate is counted per destination for the pipes of this
   * process, apart from the bus's deliveries to the same destination (AWS counts them together; unconfirmed).
   */
  readonly connections?: { readonly http: HttpClient; readonly tokens: OAuthTokens };
  /** The execution limit and when a pipe stops itself (pipe-execution.ts); tests shorten them. */
  readonly execution?: PipeExecutionOptions;
  /** How many of a stream pipe's `total` shards this node holds (ClusterMembership.fairShare); default all. */
  readonly shares?: (total: number) => number;
  /** Counts each pipe's batches, errors and retries (`GET /_eddy/metrics`). */
  readonly metrics?: MappingMetrics;
}

/** The pipe changed since its consumer started: an auto-stop of the old settings writes nothing. */
class Superseded extends Error {}

/**
 * Keeps one consumer running per pipe whose desired state is RUNNING: started with Eddy for the stored
 * pipes, restarted, started or stopped whenever one is created, updated, started, stopped or deleted.
 * A stream-source pipe is a MappingConsumer (the trigger runtime's shard loop) with the pipe's target
 * as its destination; a stopped pipe keeps its checkpoints, so StartPipe resumes where it stopped.
 */
export class PipeSupervisor {
  readonly #deps: PipeSupervisorDeps;
  readonly #timings: TriggerTimings;
  readonly #owner = `${hostname()}:${process.pid}:${randomUUID()}`;
  readonly #consumers = new Map<string, MappingConsumer | QueuePoller>();
  /** Per pipe, the version its consumer was started from. */
  readonly #runs = new Map<string, string>();
  readonly #pending = new Map<string, Promise<void>>();
  readonly #apiDestinations: PipeApiDestinations | undefined;
  #closed = false;
  /** Set by start(): changes told before it are left to its listing, which starts every one. */
  #started = false;

  constructor(deps: PipeSupervisorDeps) {
    this.#deps = deps;
    this.#apiDestinations = deps.connections && { store: deps.engine.bus, deployment: deps.deployment, clock: deps.clock, ...deps.connections, rates: new InvocationRates() };
    this.#timings = { ...DEFAULT_TIMINGS, ...deps.timings };
  }

  /** Starts the stored pipes whose desired state is RUNNING. */
  async start(): Promise<void> {
    // With storage only this process uses, a lease still held is a previous run's (kill -9, a crash).
    if (!this.#deps.engine.capabilities.sharedAcrossProcesses) await this.#deps.engine.pipes.positions.releaseAllLeases();
    // Nothing ran before this (a change told earlier, by the config's apply or another node, waited for it): no
    // consumer is restarted, which would cut its batch short and deliver it again.
    this.#started = true;
    for (const pipe of await this.#deps.engine.pipes.list<PipeDefinition>()) this.changed(pipe.name);
  }

  changed(name: string): void {
    if (this.#closed || !this.#started) return;
    const previous = this.#pending.get(name) ?? Promise.resolve();
    const next = previous.then(() => this.#reconcile(name)).catch((error) => this.#deps.logger.error(`pipe ${name}`, error));
    this.#pending.set(name, next);
    void next.finally(() => {
      if (this.#pending.get(name) === next) this.#pending.delete(name);
    });
  }

  /**
   * Every pipe's status in the shape of an event source mapping's (the admin API's `GET /_eddy/mappings`,
   * `eddy mappings`): its ARN as the id, `pipe <name>` where a mapping names its function, its target
   * and enrichment by kind and name, its StateReason.
   */
  async status(): Promise<MappingStatus[]> {
    const { engine, deployment } = this.#deps;
    const now = this.#deps.clock.now();
    return Promise.all(
      (await engine.pipes.list<PipeDefinition>()).map(async ({ definition: pipe, createdAt, modifiedAt }) => {
        const running = this.#consumers.get(pipe.Name);
        const heading = {
          uuid: pipe.Arn,
          functionName: `pipe ${pipe.Name}`,
          target: endpointLabel(deployment, pipe.Target),
          ...(pipe.Enrichment && { enrichment: endpointLabel(deployment, pipe.Enrichment) }),
          ...(pipe.StateReason !== undefined && { stateReason: pipe.StateReason }),
        };
        // Stopped (StopPipe, or by Eddy though wanted RUNNING: #autoStop): not running.
        const stopped = pipe.CurrentState === 'STOPPED';
        if (sourceOf(deployment, pipe.Source)?.kind === 'queue') {
          const mapping = { uuid: pipe.Arn, functionName: pipe.Name, sourceArn: pipe.Source, config: pipeQueueSettings(pipe), createdAt, modifiedAt };
          return { ...queueMappingStatus(mapping, running instanceof QueuePoller ? running : undefined), ...heading, ...(stopped && { state: 'Disabled' as const }) };
        }
        const live = running instanceof MappingConsumer ? running.stats : undefined;
        const status = await mappingStatus(engine, pipeMapping(pipe, modifiedAt), live, now, engine.pipes.positions);
        // Disabling while its consumer still holds a shard (ending its batch), as DescribePipe's STOPPING.
        return { ...status, ...heading, ...(stopped && { state: status.shards.some((s) => s.leaseOwner !== undefined) ? ('Disabling' as const) : ('Disabled' as const) }) };
      }),
    );
  }

  async close(): Promise<void> {
    this.#closed = true;
    await Promise.all([...this.#pending.values()]);
    await Promise.all([...this.#consumers.values()].map((c) => c.stop()));
    this.#consumers.clear();
  }

  async #reconcile(name: string): Promise<void> {
    const stored = await this.#deps.engine.pipes.get<PipeDefinition>(name);
    // CurrentState STOPPED under DesiredState RUNNING: stopped by Eddy (#autoStop) until StartPipe or UpdatePipe.
    const wanted = stored !== undefined && stored.definition.DesiredState === 'RUNNING' && stored.definition.CurrentState !== 'STOPPED';
    const running = this.#consumers.get(name);
    // Told again of the version it runs (the periodic look for other nodes' changes sees this node's own writes):
    // restarting would cut an execution short and run it again.
    if (running && wanted && this.#runs.get(name) === pipeFingerprint(stored)) return;
    if (running) {
      this.#consumers.delete(name);
      await running.stop();
    }
    this.#runs.delete(name);
    if (this.#closed || !wanted) return;
    this.#runs.set(name, pipeFingerprint(stored));
    const pipe = stored.definition;
    const { deployment, logger } = this.#deps;
    const source = sourceOf(deployment, pipe.Source);
    const target = targetOf(deployment, pipe.Target);
    const enrichment = pipe.Enrichment ? targetOf(deployment, pipe.Enrichment) : undefined;
    const functions = this.#deps.functions;
    const needsFunctions = target?.kind === 'function' || enrichment?.kind === 'function';
    const needsHttp = target?.kind === 'api-destination' || enrichment?.kind === 'api-destination';
    const runnable = enrichment === undefined || enrichment.kind === 'function' || enrichment.kind === 'api-destination';
    if (!source || !target || (needsFunctions && !functions) || (needsHttp && !this.#apiDestinations) || !runnable) {
      logger.warn(`pipe ${name}: Eddy does not run this pipe (a ${source?.kind ?? 'unknown'} source to a ${target?.kind ?? 'unknown'} target) yet; it is stored, not running`);
      return;
    }
    const invocationType = (pipe.TargetParameters?.['LambdaFunctionParameters'] as { InvocationType?: string } | undefined)?.InvocationType;
    const delivery: PipeDelivery =
      target.kind === 'function'
        ? { kind: 'function', call: functionCall(functions!, deployment, target, invocationType) }
        : target.kind === 'api-destination'
          ? { kind: 'entries', send: apiDestinationSender(this.#apiDestinations!, pipe) }
          : { kind: 'entries', send: entrySender(this.#deps, pipe, target, source.kind === 'stream' ? 'aws:dynamodb' : 'aws:sqs'), stored: enrichment === undefined };
    const enrich = this.#enrichment(pipe, enrichment);
    let started: MappingConsumer | QueuePoller | undefined;
    const stop = (reason: string) => this.#autoStop(name, stored.version, started, reason);
    const execution = new PipeExecution(pipe, { clock: this.#deps.clock, logger, ...(this.#deps.execution && { options: this.#deps.execution }), stop });
    const destination = countedDestination(this.#deps.metrics, pipe.Arn, pipeDestination(pipe, delivery, this.#deps.clock, execution, enrich));
    if (source.kind === 'queue') {
      const poller = new QueuePoller({ queues: this.#deps.queues, runtime: functions?.runtime ?? { invoke: () => Promise.reject(new Error('unused: the pipe is the destination')) }, destination, logger, queueArn: pipe.Source, functionName: name, settings: pipeQueueSettings(pipe) });
      this.#consumers.set(name, (started = poller));
      poller.start();
      return;
    }
    const mapping = pipeMapping(pipe, stored.modifiedAt);
    const patterns = mapping.config.filterPatterns;
    const set = patterns.length > 0 ? compilePatterns(patterns.map((p) => JSON.parse(p) as object)) : undefined;
    const consumer = new MappingConsumer(
      {
        engine: this.#deps.engine,
        positions: this.#deps.engine.pipes.positions,
        watcher: this.#deps.watcher,
        destination,
        logger,
        region: deployment.region,
        owner: this.#owner,
        timings: this.#timings,
        now: () => this.#deps.clock.now(),
        clock: this.#deps.clock,
        filter: set && ((record) => set.matches(record)),
        discard: (batch) => this.#discard(pipe, batch),
        ...(this.#deps.shares && { share: this.#deps.shares }),
      },
      mapping,
    );
    this.#consumers.set(name, (started = consumer));
    consumer.start();
  }

  /**
   * Stops a pipe whose enrichment or target keeps failing as missing (pipe-execution.ts): CurrentState
   * STOPPED with the reason as StateReason, DesiredState left RUNNING (AWS "can automatically disable"
   * the pipe; which states it shows is unconfirmed). StartPipe or UpdatePipe runs it again. Nothing is
   * written when the pipe changed since the consumer started (`version`). The consumer stops first, at
   * once: the store's write takes a round trip or more, time enough for another execution to start.
   */
  #autoStop(name: string, version: number, consumer: MappingConsumer | QueuePoller | undefined, reason: string): void {
    if (consumer !== undefined && this.#consumers.get(name) === consumer) {
      this.#consumers.delete(name);
      void consumer.stop();
    }
    const write = this.#deps.engine.pipes.write<PipeDefinition>(name, this.#deps.clock.now(), (current) => {
      if (!current || current.version !== version) throw new Superseded();
      return { ...current.definition, CurrentState: 'STOPPED', StateReason: reason };
    });
    write.then(
      () => {
        this.#deps.logger.warn(`pipe ${name}: stopped: ${reason}`);
        this.changed(name);
      },
      (error) => {
        if (!(error instanceof Superseded)) this.#deps.logger.error(`pipe ${name}: could not stop it`, error);
        this.changed(name); // running again whatever is stored now
      },
    );
  }

  /** The enrichment's call: a function's array payload, or an API destination's request. */
  #enrichment(pipe: PipeDefinition, enrichment: PipeTarget | PipeApiDestination | undefined): EnrichmentCall | undefined {
    if (enrichment?.kind === 'api-destination') return apiDestinationEnrichment(this.#apiDestinations!, pipe);
    if (enrichment?.kind !== 'function') return undefined;
    const call = functionCall(this.#deps.functions!, this.#deps.deployment, enrichment);
    return (inputs, attempt) => call(`[${inputs.join(',')}]`, attempt);
  }

  /**
   * Discarded records' failure record to the pipe's dead-letter queue, or published as the Message to its
   * dead-letter topic (DeadLetterConfig takes an SQS queue or SNS topic ARN for stream sources, Pipes API
   * reference); format as a trigger's, unconfirmed for Pipes. Without one they are skipped.
   */
  async #discard(pipe: PipeDefinition, batch: DiscardedBatch): Promise<void> {
    const arn = (pipe.SourceParameters?.['DynamoDBStreamParameters'] as { DeadLetterConfig?: { Arn?: string } } | undefined)?.DeadLetterConfig?.Arn;
    if (arn?.startsWith('arn:aws:sns:') && this.#deps.topics) {
      await this.#deps.topics(arn, { Message: failureRecord(batch) }).catch((error: unknown) => this.#deps.logger.warn(`pipe ${pipe.Name}: could not publish a failure record to ${arn}: ${(error as Error).message}`));
      return;
    }
    const queue = arn === undefined ? undefined : queueNameOfArn(arn, this.#deps.deployment);
    if (queue === undefined) {
      this.#deps.logger.warn(`pipe ${pipe.Name}: discarded ${batch.batchSize} stream record(s) of ${batch.shardId} (${batch.condition})`);
      return;
    }
    try {
      await sendToQueue(this.#deps.queues, { queueName: queue, body: failureRecord(batch) });
    } catch (error) {
      this.#deps.logger.warn(`pipe ${pipe.Name}: could not send a failure record to ${arn}: ${(error as Error).message}`);
    }
  }
}
