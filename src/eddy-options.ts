import type { PipeExecutionOptions } from './pipes/runtime/pipe-execution.js';
import type { BusDeliveryOptions } from './bus/delivery/bus-delivery.js';
import type { ReplayRunnerOptions } from './bus/replay/replay-runner.js';
import type { IndexBackfillOptions } from './table/indexes/index-backfill.js';
import type { ApplyReport, TemplateSummary } from './config/index.js';
import type { ClusterOptions } from './cluster/start-cluster.js';
import type { Clock } from './shared/clock.js';
import type { Credentials } from './shared/credentials.js';
import type { LogLevel, Logger } from './shared/logger.js';
import type { StreamsOptions } from './streams/streams-options.js';
import type { TriggerTimings } from './triggers/trigger-timings.js';

/** What startEddy takes (the CLI's flags and the config map onto it). */
export interface EddyOptions {
  /** TCP port; 0 picks a free one. Default 0 (the CLI defaults to 4566). */
  port?: number;
  /** Interface to bind. Default 127.0.0.1. */
  host?: string;
  /** Directory for durable storage (created if missing). Without it, and with `memory`, state lives in memory. */
  data?: string;
  /** Keep everything in memory (the default for programmatic use unless `data` is given). */
  memory?: boolean;
  /**
   * On SQLite (`data`), what an acknowledged write survives: 'power' (the default) an OS crash or power loss,
   * its WAL flushed to disk before the answer; 'process' only a crash of Eddy's process (kill -9), faster.
   */
  durability?: 'power' | 'process';
  /**
   * Keep state in PostgreSQL instead of SQLite: `postgres://user:password@host:port/database`, or that URL
   * with the pool's size (default 10 connections). Several Eddy nodes may share one database; `data` still
   * holds files (function code, bundles).
   */
  storage?: string | { url: string; poolSize?: number };
  /** Region and account put into ARNs. Default us-east-1 / 000000000000. */
  region?: string;
  account?: string;
  /** Time source, used exactly as given (no discipline to the database's clock); tests inject a ManualClock. */
  clock?: Clock;
  /**
   * Internal, for tests: without `clock`, a stand-in for the machine's clock (default the system clock),
   * which Eddy disciplines to the database server's clock as it does the real one (a skewed machine).
   */
  wallClock?: Clock;
  /** true (default): log to the console; false: silent; or a Logger of your own. */
  log?: boolean | Logger;
  /**
   * How much is logged (`--log-level`): 'quiet' warnings, errors and failed invocations; 'info' also one
   * line per invocation, the handlers' output and what Eddy did; 'debug' Lambda's START / END / REPORT
   * lines and Eddy's details. Default 'info' on the console; a Logger of your own gets 'debug'.
   */
  logLevel?: LogLevel;
  /** Stream shards per new stream (default 1), shard rotation period (default off), retention (default 24 h). */
  streams?: StreamsOptions;
  /** An eddy.config.ts / .js / .json to apply at start (tables, queues, functions). */
  config?: string;
  /**
   * Without `config`: look for eddy.config.ts (then .mts, .js, .mjs, .json) in this directory, then, with
   * neither config nor template, for template.yaml, template.yml, serverless.yml and cdk.out (docs/templates.md).
   */
  configDir?: string;
  /** A SAM or CloudFormation template (YAML or JSON) to run; an eddy.config in `configDir` (or `config`) adds to it. */
  template?: string;
  /** A serverless.yml to run (with `stage`). */
  serverless?: string;
  /** A synthesized CDK app: its cdk.out directory. */
  cdk?: string;
  /** serverless.yml's stage (default: its provider.stage, else `dev`). */
  stage?: string;
  /** Template parameter overrides, as `--parameter Key=Value` gives them. */
  parameters?: Readonly<Record<string, string>>;
  /** `eddy dev`: apply saves of every function's sources and of the config; a function that cannot be built runs broken. */
  watch?: boolean;
  /**
   * Function runtime settings: where bundles are cached; how long an idle execution environment lives
   * (default 10 minutes, then the next invocation starts cold); the retry delays of asynchronous
   * invocations (tests shorten them).
   */
  functions?: { cacheDir?: string; idleTimeoutMs?: number; asyncRetryDelaysMs?: readonly number[] };
  /** TTL: how often expired items are swept (default 5000 ms; 0: only on `POST /_eddy/ttl/sweep`). */
  ttl?: { sweepPeriodMs?: number };
  /** Stream trigger timings: retry backoff and lease length (tests shorten them). */
  triggers?: Partial<TriggerTimings>;
  /**
   * Several nodes on one database: how long a node's heartbeat and the maintenance lease last (default 15 s;
   * renewed every third of it). A dead node counts in the fair shares of shards until its heartbeat runs out.
   */
  cluster?: ClusterOptions;
  /** Pipes: each execution's limit (default 5 minutes) and how many executions in a row failing on a missing enrichment or target stop a pipe (default 10; tests shorten them). */
  pipes?: PipeExecutionOptions;
  /** Event bus: PutEvents' size limit (default 1 MiB), the delivery runner's settings (tests shorten the retry backoff), the replay runner's. */
  bus?: {
    maxPutEventsBytes?: number;
    delivery?: BusDeliveryOptions;
    replay?: ReplayRunnerOptions;
    /** How long an API destination call or an OAuth token request may take (default 5 s, AWS's limit; tests shorten it). */
    httpTimeoutMs?: number;
  };
  /** The application port serving the config's HTTP routes; 0 picks a free one. Default 0 (the CLI defaults to 3000). */
  httpPort?: number;
  /**
   * How long a client may take to send a whole request, headers and body, on either port (default
   * 60 s); past it the connection gets a 408 and is closed.
   */
  requestTimeoutMs?: number;
  /** Verify every request's SigV4 signature against these key pairs (and the config's `auth`); default: any well-formed signature. */
  auth?: { credentials: readonly Credentials[] };
  /** Host names browsers may reach the console and admin API by, besides localhost, IP addresses and `host` (DNS rebinding: docs/console.md). */
  consoleHosts?: readonly string[];
  /**
   * Origins web pages may call the AWS APIs from (`https://app.example`; `*`: any), besides loopback pages and
   * the console. Default none: without `auth` any page could otherwise delete tables; with `auth`, any origin
   * (a page cannot sign without a key pair) unless origins are given. Tools send no Origin and are not affected.
   */
  corsOrigins?: readonly string[];
  /**
   * Processes serving the AWS API's port (default 1). From 2, that many request processes serve its connections and
   * answer DynamoDB's item reads from their own storage connections; this one runs everything else (docs/cli.md, --processes).
   */
  processes?: number;
  /** An export (`eddy export`, docs/export.md) to load before serving: what it defines that does not exist yet is created. */
  import?: string;
  /** Write an export to this file when stop() is called, before storage closes. */
  exportOnExit?: string;
  /** Internal, for tests: a hook GSI backfills await before each page, to be looked at between pages. */
  indexBackfill?: IndexBackfillOptions;
}

export interface RunningEddy {
  /** e.g. http://127.0.0.1:4566 — give it to the AWS SDKs as `endpoint`. */
  readonly endpoint: string;
  /** The configuration applied at start and what it created or changed, when there was one (with the template's Outputs and what it left out). */
  readonly config?: { readonly file: string; readonly report: ApplyReport; readonly template?: TemplateSummary; readonly notices?: readonly string[] };
  readonly port: number;
  readonly host: string;
  /** e.g. http://127.0.0.1:3000 — the application port, when the config declares HTTP routes. */
  readonly httpEndpoint?: string;
  /** The routes served there, as route keys (`GET /users/{id}`) with their functions. */
  readonly httpRoutes?: readonly { readonly routeKey: string; readonly function: string }[];
  /** Function invocations running now, which `stop()` lets finish. */
  runningInvocations(): number;
  /** Finishes requests in flight, then closes storage. */
  stop(): Promise<void>;
}
