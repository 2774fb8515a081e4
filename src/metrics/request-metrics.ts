import type { ServerResponse } from 'node:http';
import type { Counter, CounterFamily, Histogram, HistogramFamily } from './instruments.js';
import type { MetricsRegistry } from './metrics-registry.js';

/** Request latency buckets, in seconds: half a millisecond (a GetItem in memory) to 10 s (a long poll's end). */
export const REQUEST_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** JSON services by X-Amz-Target prefix, as the `service` label names them (else their signing name). */
const JSON_SERVICES: Readonly<Record<string, string>> = {
  DynamoDB_20120810: 'dynamodb',
  DynamoDBStreams_20120810: 'dynamodbstreams',
  AmazonSQS: 'sqs',
  AWSEvents: 'events',
};

/**
 * What one operation's metrics counted in a request process (`--processes N`) since the main process last
 * asked: its answers by status, and its latency histogram's buckets (not cumulative), sum and count.
 */
export interface OperationCounts {
  readonly service: string;
  readonly operation: string;
  readonly statuses: readonly (readonly [status: number, count: number])[];
  readonly buckets: readonly number[];
  readonly sum: number;
  readonly count: number;
}

/** One operation's counters by status and its latency histogram, kept by the server per operation. */
export class OperationMetrics {
  readonly #byStatus = new Map<number, Counter>();

  constructor(
    readonly service: string,
    readonly operation: string,
    readonly requests: CounterFamily,
    readonly duration: Histogram,
  ) {}

  answered(status: number, seconds: number): void {
    let counter = this.#byStatus.get(status);
    if (!counter) this.#byStatus.set(status, (counter = this.requests.labels(this.service, this.operation, String(status))));
    counter.inc();
    this.duration.observe(seconds);
  }

  /** What was counted since the last take, or undefined when nothing was; the counts start again from 0. */
  take(): OperationCounts | undefined {
    const { duration } = this;
    if (duration.count === 0) return undefined;
    const statuses: [number, number][] = [];
    for (const [status, counter] of this.#byStatus) {
      if (counter.value > 0) statuses.push([status, counter.value]);
      counter.value = 0;
    }
    const taken = { service: this.service, operation: this.operation, statuses, buckets: [...duration.counts], sum: duration.sum, count: duration.count };
    duration.counts.fill(0);
    duration.sum = 0;
    duration.count = 0;
    return taken;
  }

  /** Counts another process took (take()), added to these. */
  add(counts: OperationCounts): void {
    for (const [status, count] of counts.statuses) {
      let counter = this.#byStatus.get(status);
      if (!counter) this.#byStatus.set(status, (counter = this.requests.labels(this.service, this.operation, String(status))));
      counter.inc(count);
    }
    const { duration } = this;
    if (counts.buckets.length !== duration.counts.length) return; // another build's buckets: the counters above still count
    counts.buckets.forEach((n, i) => (duration.counts[i]! += n));
    duration.sum += counts.sum;
    duration.count += counts.count;
  }
}

/**
 * AWS API requests by service, operation and status, with their latency. The HTTP server names a
 * request's operation once it knows it (`name`) and reports its end (`answered`); a request never
 * named (the health line on `/`, a 404, an operation Eddy does not serve) counts as service `other`,
 * operation `other`; one whose client left before the answer began, status 499. Admin requests under `/_eddy/` (the console, feeds, this scrape) are not counted:
 * a feed lasts as long as its client.
 *
 * Latency is real time (performance.now), not the Clock: `eddy time` moves the clock, not how long a
 * request took.
 */
export class RequestMetrics {
  readonly #requests: CounterFamily;
  readonly #duration: HistogramFamily;
  readonly #operations = new Map<string, Map<string, OperationMetrics>>();
  readonly #routes = new WeakMap<object, OperationMetrics>();
  readonly #named = new WeakMap<ServerResponse, OperationMetrics>();
  readonly #forwarded = new WeakSet<ServerResponse>();
  #other: OperationMetrics | undefined;

  constructor(registry: MetricsRegistry) {
    this.#requests = registry.counter('eddy_requests_total', 'AWS API requests this node answered, by service, operation and HTTP status code.', ['service', 'operation', 'status']);
    this.#duration = registry.histogram(
      'eddy_request_duration_seconds',
      'Time from a request\'s arrival to the end of its answer (or the client leaving), by service and operation.',
      ['service', 'operation'],
      REQUEST_BUCKETS,
    );
  }

  /** The metrics of `operation` of `service` (label values as they are). */
  operation(service: string, operation: string): OperationMetrics {
    let operations = this.#operations.get(service);
    if (!operations) this.#operations.set(service, (operations = new Map()));
    let found = operations.get(operation);
    if (!found) operations.set(operation, (found = new OperationMetrics(service, operation, this.#requests, this.#duration.labels(service, operation))));
    return found;
  }

  /** What every operation counted since the last take (a request process's, for the main process to add). */
  take(): OperationCounts[] {
    const taken: OperationCounts[] = [];
    for (const operations of this.#operations.values()) {
      for (const metrics of operations.values()) {
        const counts = metrics.take();
        if (counts !== undefined) taken.push(counts);
      }
    }
    return taken;
  }

  /** Adds what a request process counted (take()) to this node's metrics, as if answered here. */
  add(taken: readonly OperationCounts[]): void {
    for (const counts of taken) this.operation(counts.service, counts.operation).add(counts);
  }

  /** A JSON-protocol request's operation: the service named by its X-Amz-Target prefix. */
  json(res: ServerResponse, targetPrefix: string, signingName: string, operation: string): void {
    this.#named.set(res, this.operation(JSON_SERVICES[targetPrefix] ?? signingName, operation));
  }

  /** A query-protocol request's action (SNS). */
  query(res: ServerResponse, signingName: string, action: string): void {
    this.#named.set(res, this.operation(signingName, action));
  }

  /**
   * A REST request, named by its route (`route`, the same object every time): `GET /2015-03-31/functions/{}`
   * from the route's path pattern, so a function's name never becomes a label value.
   */
  rest(res: ServerResponse, route: { readonly method: string; readonly path: RegExp }, signingName: string): void {
    let found = this.#routes.get(route);
    if (!found) this.#routes.set(route, (found = this.operation(signingName, `${route.method} ${routePattern(route.path)}`)));
    this.#named.set(res, found);
  }

  /** A request process passed this request to the main process, which counts it: not counted here. */
  forwarded(res: ServerResponse): void {
    this.#forwarded.add(res);
  }

  /** The answer to a request that began at `started` (performance.now()) has ended (sent, or the client left). */
  answered(res: ServerResponse, started: number): void {
    if (res.req.url?.startsWith('/_eddy/') || this.#forwarded.has(res)) return;
    // 499 (nginx's "client closed request"): the client left before any answer went out.
    (this.#named.get(res) ?? (this.#other ??= this.operation('other', 'other'))).answered(res.headersSent ? res.statusCode : 499, (performance.now() - started) / 1000);
  }
}

/** A route's path pattern as a path: `^\/2015-03-31\/functions\/([^/]+)\/?$` → `/2015-03-31/functions/{}`. */
export function routePattern(path: RegExp): string {
  return path.source
    .replace(/^\^/, '')
    .replace(/\$$/, '')
    .replace(/\(\?:[^()]*\)\??/g, '') // optional suffixes such as (?:/…)?
    .replace(/\((?:[^()]|\([^()]*\))*\)/g, '{}')
    .replace(/\\\/\?$|\/\?$/, '')
    .replace(/\\(.)/g, '$1');
}
