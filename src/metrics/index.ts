/** The metrics context owns what `GET /_eddy/metrics` answers: a dependency-free registry in Prometheus text format, and Eddy's instruments. */
export { MetricsRegistry, type Collector, type CollectedFamily } from './metrics-registry.js';
export { Counter, CounterFamily, Gauge, GaugeFamily, Histogram, HistogramFamily, type MetricFamily } from './instruments.js';
export { EXPOSITION_CONTENT_TYPE, escapeHelp, escapeLabelValue, formatValue } from './exposition.js';
export { EddyMetrics, type EddyMetricsSources } from './eddy-metrics.js';
export { RequestMetrics, REQUEST_BUCKETS, routePattern } from './request-metrics.js';
export { FunctionMetrics } from './function-metrics.js';
export { BusMetrics } from './bus-metrics.js';
export { MappingMetrics, countedDestination } from './mapping-metrics.js';
export { StreamMetrics } from './stream-metrics.js';
export { sqliteWalMetrics, type WalStatsSource } from './sqlite-wal-metrics.js';
export { queueGauges, mappingGauges, type MappingStatusSource } from './storage-gauges.js';
export { METRICS_PATH, answerScrape } from './metrics-endpoint.js';
