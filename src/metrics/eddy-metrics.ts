import type { Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';
import type { StorageEngine } from '../storage/engine.js';
import { BusMetrics } from './bus-metrics.js';
import { FunctionMetrics } from './function-metrics.js';
import { MappingMetrics } from './mapping-metrics.js';
import { MetricsRegistry } from './metrics-registry.js';
import { RequestMetrics } from './request-metrics.js';
import { mappingGauges, queueGauges, type MappingStatusSource } from './storage-gauges.js';
import { queueWaiterGauges, type ParkedReceives } from './queue-waiter-metrics.js';
import { sqliteWalMetrics, type WalStatsSource } from './sqlite-wal-metrics.js';
import { StreamMetrics } from './stream-metrics.js';

export interface EddyMetricsSources {
  /** walStats: a SQLite database file's checkpointer and flushes (SqliteEngine); other engines have none. */
  readonly engine: Pick<StorageEngine, 'onAppend' | 'listStreams' | 'queues'> & WalStatsSource;
  readonly clock: Pick<Clock, 'now'>;
  readonly logger: Logger;
  /** The mappings' and pipes' status sources; called at scrape time only (so they may be made after). */
  readonly mappings: () => readonly MappingStatusSource[];
  /** This node's long-poll waiters (QueueWaiters), for eddy_queue_receivers_waiting. */
  readonly queueWaiters?: ParkedReceives;
}

/**
 * The metrics of one Eddy node (`GET /_eddy/metrics`): counters of what this node did, handed to the
 * runtimes that count (the HTTP server, FunctionRuntime, BusActivity, the mapping and pipe
 * supervisors), and gauges read from storage at each scrape (the whole cluster's). docs/metrics.md lists them.
 */
export class EddyMetrics {
  readonly registry = new MetricsRegistry();
  readonly requests = new RequestMetrics(this.registry);
  readonly streams = new StreamMetrics(this.registry);
  readonly mappings = new MappingMetrics(this.registry);
  readonly functions = new FunctionMetrics(this.registry);
  readonly bus = new BusMetrics(this.registry);
  readonly #logger: Logger;

  constructor(sources: EddyMetricsSources) {
    this.#logger = sources.logger;
    mappingGauges(this.registry, sources.mappings);
    queueGauges(this.registry, sources.engine.queues, sources.clock);
    if (sources.queueWaiters) queueWaiterGauges(this.registry, sources.queueWaiters, sources.engine.queues);
    sqliteWalMetrics(this.registry, sources.engine);
    this.streams.listen(sources.engine); // for the engine's life: it drops its listeners when it closes
    this.registry.collect([], () => this.streams.collect(sources.engine));
  }

  /** The text a scrape answers; a part storage could not answer is logged and left out. */
  scrape(): Promise<string> {
    return this.registry.scrape((error) => this.#logger.warn(`metrics: a scrape left out what storage could not answer: ${(error as Error).message}`));
  }
}
