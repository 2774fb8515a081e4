import type { FunctionRuntime } from '../../functions/function-runtime.js';
import { compilePatterns, type CompiledPatternSet } from '../../patterns/index.js';
import { queueByArn } from '../../queues/queue-lookup.js';
import { queueArn } from '../../queues/queue-url.js';
import type { QueuesContext } from '../../queues/queues-context.js';
import type { Logger } from '../../shared/logger.js';
import { pauseOnClock } from '../../shared/pause.js';
import { functionFailure } from '../batch-failure.js';
import { functionDestination, type BatchDestination } from '../batch-destination.js';
import { deleteMessages, gatherBatch, type GatheredBatch } from './queue-batch-gatherer.js';
import { readQueueBatchResponse } from './queue-batch-response.js';
import { filterView, queueEventRecord, type RecordSource } from './queue-event-record.js';
import type { QueueMappingSettings } from './queue-mapping-settings.js';
import { QueueStats, type RetryPolicy } from './queue-stats.js';

/** Batches in flight at once when the mapping sets no ScalingConfig.MaximumConcurrency. */
export const DEFAULT_QUEUE_CONCURRENCY = 5;
/** The wait after an invocation that never reached the function, or a failure of Eddy's own. */
export const DEFAULT_QUEUE_RETRY_MS = 1_000;

export interface QueuePollerDeps {
  readonly queues: QueuesContext;
  /** Only `invoke` is used (synchronously, waiting for a free environment). */
  readonly runtime: Pick<FunctionRuntime, 'invoke'>;
  /** Where batches go instead of the function (a pipe's target); its outcome is read as the function's. */
  readonly destination?: BatchDestination;
  readonly logger: Logger;
  /** The mapping's EventSourceArn (a queue of this deployment). */
  readonly queueArn: string;
  readonly functionName: string;
  readonly settings: QueueMappingSettings;
  /** Default DEFAULT_QUEUE_RETRY_MS; tests shorten it. */
  readonly retryMs?: number;
  /** Default DEFAULT_QUEUE_CONCURRENCY. */
  readonly defaultConcurrency?: number;
  /** Told after each batch is settled (messages deleted or left): for status, metrics and tests. */
  readonly onBatch?: (outcome: QueueBatchOutcome) => void;
}

/** How one batch ended. */
export interface QueueBatchOutcome {
  /**
   * 'success': every message deleted; 'partial': all but the reported ones deleted; 'failed': a
   * function error or an unreadable partial response, nothing deleted; 'not-invoked': the invocation
   * never reached the function; 'filtered': no message matched a filter, all deleted uninvoked.
   */
  readonly result: 'success' | 'partial' | 'failed' | 'not-invoked' | 'filtered';
  readonly queueName: string;
  /** Messages claimed for the batch. */
  readonly received: number;
  /** Of those, deleted because no filter matched them. */
  readonly filtered: number;
  /** Deleted after the invocation. */
  readonly deleted: number;
  /** The invocation's request id, when there was one. */
  readonly requestId?: string;
}

/**
 * Consumes one queue for one function, as Lambda's SQS event source mapping does: long-polls with no
 * poll interval (gatherBatch), hands each batch to the function synchronously as `{"Records":[…]}`,
 * deletes the messages on success and leaves them for their visibility timeout on failure — so they come
 * back, and after maxReceiveCount receives move to the queue's dead-letter queue. With
 * ReportBatchItemFailures only the reported messages stay. Messages no filter matches are deleted
 * without an invocation. At most MaximumConcurrency batches are in flight; a batch is claimed only once
 * a slot is free, so nothing waits invisible for a slot. FIFO order holds because the queue never hands
 * out a message of a group that has one in flight, and a batch keeps each group's messages in order.
 */
export class QueuePoller {
  readonly #deps: QueuePollerDeps;
  readonly #abort = new AbortController();
  readonly #filter: CompiledPatternSet | undefined;
  readonly #inFlight = new Set<Promise<void>>();
  #messagesInFlight = 0;
  #loop: Promise<void> | undefined;
  /** How deliveries went, for status: failing messages, the last failure and success. */
  readonly stats: QueueStats;

  constructor(deps: QueuePollerDeps) {
    this.#deps = deps;
    this.stats = new QueueStats(() => deps.queues.clock.now());
    const patterns = deps.settings.filterPatterns;
    this.#filter = patterns.length === 0 ? undefined : compilePatterns(patterns);
  }

  start(): void {
    this.#loop ??= this.#run();
  }

  /** Stops claiming; resolves once the batches in flight are handled (their invocations finish). */
  async stop(): Promise<void> {
    this.#abort.abort();
    const queue = await queueByArn(this.#deps.queues, this.#deps.queueArn).catch(() => undefined);
    if (queue) this.#deps.queues.waiters.notify(queue.id);
    await this.#loop;
    await Promise.all([...this.#inFlight]);
  }

  /** Batches being handled now. */
  get inFlight(): number {
    return this.#inFlight.size;
  }

  /** Messages in the batches being handled now. */
  get messagesInFlight(): number {
    return this.#messagesInFlight;
  }

  async #run(): Promise<void> {
    const { settings } = this.#deps;
    const signal = this.#abort.signal;
    const limit = settings.maximumConcurrency ?? this.#deps.defaultConcurrency ?? DEFAULT_QUEUE_CONCURRENCY;
    while (!signal.aborted) {
      while (this.#inFlight.size >= limit) await Promise.race(this.#inFlight);
      let batch: GatheredBatch | undefined;
      try {
        batch = await gatherBatch(this.#deps.queues, this.#deps.queueArn, {
          batchSize: settings.batchSize,
          windowSeconds: settings.maximumBatchingWindowInSeconds,
          signal,
        });
      } catch (error) {
        this.#deps.logger.error(`[${this.#deps.functionName}] polling ${this.#deps.queueArn}`, error);
        await pauseOnClock(this.#deps.queues.clock, this.#retryMs, signal);
        continue;
      }
      if (!batch) return;
      const task: Promise<void> = this.#handle(batch)
        .catch((error) => this.#deps.logger.error(`[${this.#deps.functionName}] batch of ${this.#deps.queueArn}`, error))
        .finally(() => this.#inFlight.delete(task));
      this.#inFlight.add(task);
    }
  }

  get #retryMs(): number {
    return this.#deps.retryMs ?? DEFAULT_QUEUE_RETRY_MS;
  }

  async #handle(batch: GatheredBatch): Promise<void> {
    this.#messagesInFlight += batch.messages.length;
    try {
      const outcome = await this.#deliver(batch);
      this.#deps.onBatch?.({ queueName: batch.queue.name, received: batch.messages.length, ...outcome });
    } finally {
      this.#messagesInFlight -= batch.messages.length;
    }
  }

  async #deliver(batch: GatheredBatch): Promise<Omit<QueueBatchOutcome, 'queueName' | 'received'>> {
    const { queues: ctx, settings } = this.#deps;
    const { queue, messages } = batch;
    const source = await this.#recordSource(batch);
    const records = messages.map((message) => ({ message, record: queueEventRecord(message, source) }));
    const delivered = this.#filter ? records.filter((r) => this.#filter!.matches(filterView(r.record))) : records;
    const filtered = records.length - delivered.length;
    if (filtered > 0) {
      const unmatched = records.filter((r) => !delivered.includes(r)).map((r) => r.message);
      await deleteMessages(ctx, queue, unmatched);
      this.stats.forget(unmatched.map((m) => m.messageId));
    }
    if (delivered.length === 0) return { result: 'filtered', filtered, deleted: 0 };
    const jsons = delivered.map((r) => JSON.stringify(r.record));
    const destination = this.#deps.destination ?? functionDestination(this.#deps.runtime, this.#deps.functionName, this.#deps.queueArn);
    const payload = destination.event ? destination.event(jsons.join(',')) : `{"Records":[${jsons.join(',')}]}`;
    let result;
    try {
      result = await destination.deliver(payload, 1, jsons.map((json, i) => ({ sequence: 0n, createdAt: delivered[i]!.message.sentAt, json })));
    } catch (error) {
      // Never reached the function (deleted, runtime closing): the messages come back after their visibility timeout.
      this.#deps.logger.warn(`[${this.#deps.functionName}] could not invoke for ${queue.name}: ${(error as Error).message}`);
      await pauseOnClock(this.#deps.queues.clock, this.#retryMs, this.#abort.signal);
      return { result: 'not-invoked', filtered, deleted: 0 };
    }
    const { requestId } = result;
    const at = ctx.clock.now();
    const policy: RetryPolicy = {
      maxReceiveCount: queue.attributes.RedrivePolicy?.maxReceiveCount,
      retentionMs: queue.attributes.MessageRetentionPeriod * 1000,
    };
    const done = delivered.map((r) => r.message);
    this.stats.invoked(result.functionError);
    if (result.functionError !== undefined) {
      this.stats.failed(done, functionFailure(result.payload, result.functionError), requestId, at, policy);
      return { result: 'failed', filtered, deleted: 0, requestId };
    }
    if (!settings.functionResponseTypes.includes('ReportBatchItemFailures')) {
      await deleteMessages(ctx, queue, done);
      this.stats.succeeded(done.map((m) => m.messageId), at);
      return { result: 'success', filtered, deleted: done.length, requestId };
    }
    const response = readQueueBatchResponse(result.payload, new Set(done.map((m) => m.messageId)));
    if (response.kind === 'invalid') {
      this.#deps.logger.warn(`[${this.#deps.functionName}] unreadable batchItemFailures response: the whole batch of ${queue.name} failed`);
      this.stats.failed(done, { kind: 'invalid-response', reason: response.reason }, requestId, at, policy);
      return { result: 'failed', filtered, deleted: 0, requestId };
    }
    const succeeded = response.kind === 'success' ? done : done.filter((m) => !response.failed.has(m.messageId));
    await deleteMessages(ctx, queue, succeeded);
    this.stats.succeeded(succeeded.map((m) => m.messageId), at);
    if (response.kind === 'partial') {
      const failure = { kind: 'partial-batch-failure', failedItems: [...response.failed], batchSize: done.length } as const;
      this.stats.failed(done.filter((m) => response.failed.has(m.messageId)), failure, requestId, at, policy);
    }
    return { result: response.kind, filtered, deleted: succeeded.length, requestId };
  }

  async #recordSource(batch: GatheredBatch): Promise<RecordSource> {
    const { queues: ctx } = this.#deps;
    const sources = new Map<number, string | undefined>();
    for (const message of batch.messages) {
      const id = message.sourceQueueId;
      if (id !== undefined && !sources.has(id)) {
        const name = (await ctx.store.getById(id))?.name;
        sources.set(id, name === undefined ? undefined : queueArn(ctx.deployment, name));
      }
    }
    return {
      queueId: batch.queue.id,
      fifo: batch.queue.fifo,
      arn: queueArn(ctx.deployment, batch.queue.name),
      region: ctx.deployment.region,
      senderId: ctx.deployment.account,
      sourceArnOf: (id) => sources.get(id),
    };
  }
}
