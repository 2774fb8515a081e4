import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { FunctionRuntime } from '../functions/function-runtime.js';
import { compilePatterns } from '../patterns/index.js';
import { queueNameOfArn } from '../queues/queue-url.js';
import type { QueuesContext } from '../queues/queues-context.js';
import { sendToQueue } from '../queues/send-to-queue.js';
import type { Deployment } from '../shared/arns.js';
import type { Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';
import type { StorageEngine } from '../storage/engine.js';
import type { MappingRecord } from '../storage/trigger-store.js';
import type { ShardWatcher } from '../streams/shard-watcher.js';
import { failureRecord, type DiscardedBatch } from './failure-record.js';
import { functionDestination } from './batch-destination.js';
import { mappingFunctionArn, mappingFunctionName, mappingRuntime, type QualifiedRuntimeName } from './mapping-function.js';
import { MappingConsumer } from './mapping-consumer.js';
import { QueuePoller, queueMappingStatus, type QueueMappingSettings } from './queue-source/index.js';
import type { MappingSettings } from './mapping-settings.js';
import { mappingStatus, type MappingStatus } from './mapping-status.js';
import type { Mapping } from './mappings-context.js';
import { DEFAULT_TIMINGS, type TriggerTimings } from './trigger-timings.js';
import { leaseClockOf } from './lease-clock.js';
import type { TopicPublisher } from '../topics/publish-to-topic.js';
import { mappingFingerprint } from '../cluster/definition-refresh.js';
import { countedDestination, type MappingMetrics } from '../metrics/mapping-metrics.js';

export interface TriggerSupervisorDeps {
  readonly engine: StorageEngine;
  readonly watcher: ShardWatcher;
  readonly runtime: FunctionRuntime;
  readonly queues: QueuesContext;
  readonly deployment: Deployment;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly timings?: Partial<TriggerTimings>;
  /** What a version or an alias of a function runs now; mappings that name one invoke through it. */
  readonly qualified?: QualifiedRuntimeName;
  /** SNS Publish, for on-failure destinations that are topics (src/topics/publish-to-topic.ts). */
  readonly topics?: TopicPublisher;
  /** How many of a mapping's `total` shards this node holds (ClusterMembership.fairShare); default all. */
  readonly shares?: (total: number) => number;
  /** Counts each mapping's batches, errors and retries (`GET /_eddy/metrics`). */
  readonly metrics?: MappingMetrics;
}

/**
 * Keeps one MappingConsumer running per enabled event source mapping: started with Eddy for the stored
 * mappings, and restarted, started or stopped whenever one is created, updated, enabled, disabled or
 * deleted. Changes to one mapping never touch another's consumer.
 */
export class TriggerSupervisor {
  readonly #deps: TriggerSupervisorDeps;
  readonly #timings: TriggerTimings;
  /** Unique per process and start: the lease owner. */
  readonly #owner = `${hostname()}:${process.pid}:${randomUUID()}`;
  readonly #consumers = new Map<string, MappingConsumer>();
  /** Per mapping, the definition (mappingFingerprint) its consumer or poller was started from. */
  readonly #runs = new Map<string, string>();
  /** Queue → function mappings: one poller each. */
  readonly #pollers = new Map<string, QueuePoller>();
  /** Per mapping, the reconciliation in progress (changes to one mapping are applied in order). */
  readonly #pending = new Map<string, Promise<void>>();
  #closed = false;
  /** Set by start(): changes told before it are left to its listing, which starts every one. */
  #started = false;

  constructor(deps: TriggerSupervisorDeps) {
    this.#deps = deps;
    this.#timings = { ...DEFAULT_TIMINGS, ...deps.timings };
    // Listening for jumps from the start, so a jump before the first shard claim still gets its grace.
    leaseClockOf(deps.clock);
  }

  async start(): Promise<void> {
    // With storage only this process uses, a lease still held is a previous run's (ended by kill -9 or
    // a crash): release them all rather than wait for them to expire.
    if (!this.#deps.engine.capabilities.sharedAcrossProcesses) await this.#deps.engine.triggers.releaseAllLeases();
    // Nothing ran before this (a change told earlier, by the config's apply or another node, waited for it): no
    // consumer is restarted, which would cut its batch short and deliver it again.
    this.#started = true;
    for (const mapping of await this.#deps.engine.triggers.listMappings<MappingSettings>()) this.changed(mapping.uuid);
  }

  /** The mapping was created, changed or deleted: bring its consumer in line. */
  changed(uuid: string): void {
    if (this.#closed || !this.#started) return;
    const previous = this.#pending.get(uuid) ?? Promise.resolve();
    const next = previous.then(() => this.#reconcile(uuid)).catch((error) => this.#deps.logger.error(`event source mapping ${uuid}`, error));
    this.#pending.set(uuid, next);
    void next.finally(() => {
      if (this.#pending.get(uuid) === next) this.#pending.delete(uuid);
    });
  }

  /**
   * Every mapping's status, in creation order: for streams the stored checkpoints and leases with the
   * live counters of running ones; for queues the running poller's.
   */
  async status(): Promise<MappingStatus[]> {
    const mappings = await this.#deps.engine.triggers.listMappings<MappingSettings | QueueMappingSettings>();
    const now = this.#deps.clock.now();
    return Promise.all(
      mappings.map((mapping) =>
        isQueueMapping(mapping)
          ? queueMappingStatus(mapping, this.#pollers.get(mapping.uuid))
          : mappingStatus(this.#deps.engine, mapping as Mapping, this.#consumers.get(mapping.uuid)?.stats, now),
      ),
    );
  }

  /** The live LastProcessingResult of a running stream mapping ('OK' or 'PROBLEM: …'), if it has processed anything. */
  lastProcessingResult(uuid: string): string | undefined {
    return this.#consumers.get(uuid)?.stats.lastProcessingResult;
  }

  async close(): Promise<void> {
    this.#closed = true;
    await Promise.all([...this.#pending.values()]);
    await Promise.all([...this.#consumers.values()].map((c) => c.stop()));
    await Promise.all([...this.#pollers.values()].map((p) => p.stop()));
    this.#consumers.clear();
    this.#pollers.clear();
  }

  async #reconcile(uuid: string): Promise<void> {
    const found = await this.#deps.engine.triggers.getMapping<MappingSettings | QueueMappingSettings>(uuid);
    const running = this.#consumers.get(uuid);
    const poller = this.#pollers.get(uuid);
    // Told again of the definition it runs (the periodic look for other nodes' changes sees this node's own
    // writes): restarting would cut a batch short and deliver it again.
    if ((running || poller) && found?.config.enabled && this.#runs.get(uuid) === mappingFingerprint(found)) return;
    if (running) {
      this.#consumers.delete(uuid);
      await running.stop();
    }
    if (poller) {
      this.#pollers.delete(uuid);
      await poller.stop();
    }
    this.#runs.delete(uuid);
    if (this.#closed || !found || !found.config.enabled) return;
    this.#runs.set(uuid, mappingFingerprint(found));
    const runtime = mappingRuntime(this.#deps.runtime, this.#deps.deployment, found.config.qualifier, this.#deps.qualified);
    if (isQueueMapping(found)) {
      const started = new QueuePoller({
        queues: this.#deps.queues,
        runtime,
        logger: this.#deps.logger,
        queueArn: found.sourceArn,
        functionName: found.functionName,
        settings: found.config,
        destination: countedDestination(this.#deps.metrics, uuid, functionDestination(runtime, found.functionName, found.sourceArn)), // the poller's own default, counted
        ...(this.#timings.retryBaseMs !== DEFAULT_TIMINGS.retryBaseMs && { retryMs: this.#timings.retryBaseMs }),
      });
      this.#pollers.set(uuid, started);
      started.start();
      return;
    }
    const mapping = found as Mapping;
    const consumer = new MappingConsumer(
      {
        engine: this.#deps.engine,
        watcher: this.#deps.watcher,
        destination: countedDestination(this.#deps.metrics, uuid, functionDestination(runtime, mapping.functionName, mappingFunctionArn(this.#deps.deployment, mapping))),
        logger: this.#deps.logger,
        region: this.#deps.deployment.region,
        owner: this.#owner,
        timings: this.#timings,
        now: () => this.#deps.clock.now(),
        clock: this.#deps.clock,
        filter: this.#filterOf(mapping),
        discard: (batch) => this.#discard(mapping, batch),
        ...(this.#deps.shares && { share: this.#deps.shares }),
      },
      mapping,
    );
    this.#consumers.set(uuid, consumer);
    consumer.start();
  }

  #filterOf(mapping: Mapping): ((record: unknown) => boolean) | undefined {
    const patterns = mapping.config.filterPatterns;
    if (patterns.length === 0) return undefined;
    const set = compilePatterns(patterns.map((p) => JSON.parse(p) as object));
    return (record) => set.matches(record);
  }

  /**
   * Sends the failure record to the mapping's on-failure queue, or publishes it as the Message to its topic
   * (Lambda's stream destinations take SQS queues and SNS topics, SEMANTICS B.7); without one the records are just skipped.
   */
  async #discard(mapping: Mapping, batch: DiscardedBatch): Promise<void> {
    const destination = mapping.config.onFailureDestination;
    const log = this.#deps.logger;
    if (destination === undefined) {
      log.warn(`[${mappingFunctionName(mapping)}] discarded ${batch.batchSize} stream record(s) of ${batch.shardId} (${batch.condition})`);
      return;
    }
    const topics = this.#deps.topics;
    if (destination.startsWith('arn:aws:sns:') && topics) {
      await topics(destination, { Message: failureRecord(batch) }).catch((error: unknown) => log.warn(`[${mappingFunctionName(mapping)}] could not publish a failure record to ${destination}: ${(error as Error).message}`));
      return;
    }
    const name = queueNameOfArn(destination, this.#deps.deployment);
    if (name === undefined) {
      log.warn(`[${mappingFunctionName(mapping)}] on-failure destination ${destination} is not a queue of this Eddy; failure record dropped`);
      return;
    }
    try {
      await sendToQueue(this.#deps.queues, { queueName: name, body: failureRecord(batch) });
    } catch (error) {
      log.warn(`[${mappingFunctionName(mapping)}] could not send a failure record to ${destination}: ${(error as Error).message}`);
    }
  }
}

/** Queue → function mappings store their settings with `kind: 'sqs'`; stream mappings have no kind. */
export function isQueueMapping(mapping: MappingRecord<MappingSettings | QueueMappingSettings>): mapping is MappingRecord<QueueMappingSettings> {
  return (mapping.config as { kind?: string }).kind === 'sqs';
}
