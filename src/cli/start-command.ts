/** `eddy start` and `eddy dev`: flags → startEddy, the ready message, and a graceful stop on SIGINT / SIGTERM. */
import { parseArgs } from 'node:util';
import { startEddy, type RunningEddy } from '../main.js';
import type { StreamsOptions } from '../streams/streams-options.js';
import { keepServingAfterBugs } from './keep-serving.js';
import { ConfigError } from '../config/index.js';
import { TEMPLATE_LABELS, templateLines } from './template-lines.js';
import { readAuthFile } from '../config/auth-credentials.js';
import { LOG_LEVELS, type LogLevel } from '../shared/logger.js';
import { displayStorageUrl } from '../storage/open-engine.js';
import { storageFlags } from './storage-flags.js';
import { durabilityFlag } from './durability-flag.js';
import { corsOriginFlags } from './cors-origin-flag.js';
import { processesFlag } from './processes-flag.js';
import { processesRefusal } from '../processes/serve-requests.js';
import { ExportFileError } from '../export/export-format.js';
import { DataDirectoryInUseError } from '../storage/sqlite/data-directory-lock.js';

export const START_HELP = `Options for start and dev:
  --port N        Port to listen on (default 4566; 0 picks a free port)
  --host H        Interface to bind (default 127.0.0.1)
  --http-port N   Port of the application's HTTP routes (default 3000; 0 picks a free port)
  --data DIR      Directory for durable storage (default ./.eddy)
  --memory        Keep everything in memory (nothing is written to disk)
  --storage URL   Keep state in PostgreSQL (postgres://user:password@host:port/database; also
                  EDDY_STORAGE) instead of SQLite under --data: several nodes may share it
  --storage-pool N  Connections to PostgreSQL at most (default 10; also EDDY_STORAGE_POOL)
  --durability D  What an acknowledged write survives on SQLite: power (default: an OS crash or power loss
                  too) or process (only a crash of Eddy's process; faster); also EDDY_DURABILITY
  --config FILE   Configuration to apply (default: ./eddy.config.ts, .mts, .js, .mjs or .json when present)
  --template FILE   A SAM or CloudFormation template (YAML or JSON) to run; an eddy.config in the
                  directory adds to it. With no flag Eddy looks for eddy.config.*, then template.yaml,
                  template.yml, serverless.yml and cdk.out, and uses the first it finds
  --serverless FILE A serverless.yml to run
  --stage S       The serverless.yml stage (default: its provider.stage, else dev)
  --cdk DIR       A synthesized CDK app (its cdk.out directory) to run
  --parameter Key=Value  Override a template parameter (repeat for more)
  --region R      Region used in ARNs (default us-east-1)
  --account A     Account id used in ARNs (default 000000000000)
  --stream-shards N           Shards of each new table stream (default 1)
  --shard-rotation SECONDS    Close and replace every open stream shard this often (default: never)
  --stream-retention HOURS    How long stream records stay readable (default 24)
  --stream-read-limit N       GetRecords calls a second per shard before LimitExceededException,
                              as AWS throttles (default 0: no limit)
  --auth-file FILE  Verify every request's SigV4 signature against the key pairs in FILE (JSON
                  { "credentials": [{ "accessKeyId", "secretAccessKey" }] } or an AWS CLI credentials
                  file); without it any well-formed signature is accepted
  --console-host NAME  A host name browsers may reach the console by (repeat for more): besides
                  localhost and IP addresses, other names are refused, against DNS rebinding
  --cors-origin ORIGIN  An origin web pages may call the AWS APIs from (repeat for more; * for any;
                  also EDDY_CORS_ORIGINS, comma-separated). By default only pages on localhost and the
                  console may (with --auth-file any), so other sites cannot delete your tables
  --import FILE   Before serving, create what the export FILE (eddy export) defines and is not there yet,
                  with its items and messages; resources that exist are kept as they are (docs/export.md)
  --export-on-exit FILE  Write an export of everything to FILE on a clean stop (Ctrl-C, SIGTERM)
  --processes N   Serve the AWS API's port from N request processes (auto: one per core; also EDDY_PROCESSES)
                  that answer DynamoDB's item reads themselves and pass everything else to Eddy's main
                  process, which runs every write (default 1: one process). Needs --data or --storage
  --log-level L   quiet: only warnings, errors and failed invocations; info (default): also one line
                  per invocation and the handlers' output; debug: Lambda's START / END / REPORT lines
                  and Eddy's details
  -h, --help      Print these options`;

/** The flags of start and dev (START_HELP lists each; a test keeps them in step). */
export const START_OPTIONS = {
  port: { type: 'string' },
  'http-port': { type: 'string' },
  host: { type: 'string' },
  data: { type: 'string' },
  memory: { type: 'boolean' },
  storage: { type: 'string' },
  'storage-pool': { type: 'string' },
  durability: { type: 'string' },
  config: { type: 'string' },
  template: { type: 'string' },
  serverless: { type: 'string' },
  stage: { type: 'string' },
  cdk: { type: 'string' },
  parameter: { type: 'string', multiple: true },
  region: { type: 'string' },
  account: { type: 'string' },
  'stream-shards': { type: 'string' },
  'shard-rotation': { type: 'string' },
  'stream-retention': { type: 'string' },
  'stream-read-limit': { type: 'string' },
  'log-level': { type: 'string' },
  'auth-file': { type: 'string' },
  'console-host': { type: 'string', multiple: true },
  'cors-origin': { type: 'string', multiple: true },
  import: { type: 'string' },
  'export-on-exit': { type: 'string' },
  processes: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** What a program wrapping `eddy start` (such as `npm start`, which adds an example) can add. */
export interface StartHooks {
  /** The configuration file when --config is not given (instead of looking in the working directory). */
  readonly config?: string;
  /**
   * Runs once the flags are read and valid, before Eddy starts: `data` is the storage directory
   * (undefined with --memory), `config` the --config file when one was given. Throwing ends the command.
   */
  beforeStart?(flags: { data: string | undefined; config: string | undefined }): Promise<void> | void;
  /** More lines for the ready message (end them with a newline). */
  onReady?(eddy: RunningEddy): string | undefined;
  /** Runs after Eddy has stopped, or failed to start, before the process exits. */
  onStop?(): Promise<void> | void;
}

/** Runs `eddy start` / `eddy dev` with its arguments; -1 while running, else the exit code. */
export async function startCommand(command: 'start' | 'dev', rest: string[], hooks: StartHooks = {}): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: rest,
      strict: true,
      options: START_OPTIONS,
    }));
  } catch (error) {
    process.stderr.write(`eddy ${command}: ${(error as Error).message}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`Usage: eddy ${command} [options]\n\n${START_HELP}\n`);
    return 0;
  }
  const port = values.port === undefined ? 4566 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`eddy ${command}: --port must be an integer from 0 to 65535, got '${values.port}'\n`);
    return 2;
  }
  const httpPort = values['http-port'] === undefined ? 3000 : Number(values['http-port']);
  if (!Number.isInteger(httpPort) || httpPort < 0 || httpPort > 65535) {
    process.stderr.write(`eddy ${command}: --http-port must be an integer from 0 to 65535, got '${values['http-port']}'\n`);
    return 2;
  }
  if (values.memory && values.data !== undefined) {
    process.stderr.write(`eddy ${command}: --data and --memory cannot be used together\n`);
    return 2;
  }
  if (values.account !== undefined && !/^\d{12}$/.test(values.account)) {
    process.stderr.write(`eddy ${command}: --account must be 12 digits, got '${values.account}'\n`);
    return 2;
  }
  const logLevel = (values['log-level'] ?? 'info') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) {
    process.stderr.write(`eddy ${command}: --log-level must be one of ${LOG_LEVELS.join(', ')}, got '${values['log-level']}'\n`);
    return 2;
  }
  const streams = streamFlags(values);
  if (typeof streams === 'string') {
    process.stderr.write(`eddy ${command}: ${streams}\n`);
    return 2;
  }
  let auth;
  try {
    auth = values['auth-file'] === undefined ? undefined : { credentials: await readAuthFile(values['auth-file']) };
  } catch (error) {
    process.stderr.write(`eddy ${command}: ${(error as Error).message}\n`);
    return 2;
  }
  const parameters = parameterFlags(values.parameter ?? []);
  if (typeof parameters === 'string') {
    process.stderr.write(`eddy ${command}: ${parameters}\n`);
    return 2;
  }
  const storage = storageFlags(values);
  if (typeof storage === 'string') {
    process.stderr.write(`eddy ${command}: ${storage}\n`);
    return 2;
  }
  const durability = durabilityFlag(values);
  if (durability !== undefined && durability !== 'power' && durability !== 'process') {
    process.stderr.write(`eddy ${command}: ${durability}\n`);
    return 2;
  }
  const corsOrigins = corsOriginFlags(values);
  if (typeof corsOrigins === 'string') {
    process.stderr.write(`eddy ${command}: ${corsOrigins}\n`);
    return 2;
  }
  const data = values.memory ? undefined : (values.data ?? '.eddy');
  const processes = processesFlag(values);
  const processesProblem = typeof processes === 'string' ? processes : processesRefusal({ processes, storage, memory: data === undefined, data });
  if (processesProblem !== undefined) {
    process.stderr.write(`eddy ${command}: ${processesProblem}\n`);
    return 2;
  }
  let eddy;
  try {
    await hooks.beforeStart?.({ data, config: values.config });
    eddy = await startEddy({
      port,
      httpPort,
      host: values.host ?? '127.0.0.1',
      ...(data === undefined ? { memory: true } : { data }),
      ...(storage && { storage }),
      ...(durability && { durability }),
      ...(values.region ? { region: values.region } : {}),
      ...(values.account ? { account: values.account } : {}),
      streams,
      ...(values.config !== undefined ? { config: values.config } : hooks.config !== undefined ? { config: hooks.config } : { configDir: process.cwd() }),
      ...(values.template !== undefined && { template: values.template }),
      ...(values.serverless !== undefined && { serverless: values.serverless }),
      ...(values.cdk !== undefined && { cdk: values.cdk }),
      ...(values.stage !== undefined && { stage: values.stage }),
      ...(Object.keys(parameters).length > 0 && { parameters }),
      watch: command === 'dev',
      logLevel,
      ...(auth && { auth }),
      ...(values['console-host'] && { consoleHosts: values['console-host'] }),
      ...(corsOrigins && { corsOrigins }),
      ...(values.import !== undefined && { import: values.import }),
      ...(values['export-on-exit'] !== undefined && { exportOnExit: values['export-on-exit'] }),
      ...(typeof processes === 'number' && processes > 1 && { processes }),
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (error instanceof ConfigError) {
      process.stderr.write(`eddy ${command}: the configuration is not valid:\n${error.message}\n`);
    } else if (error instanceof ExportFileError) {
      process.stderr.write(`eddy ${command}: --import: ${error.message}\n`);
      await hooks.onStop?.();
      return 2;
    } else if (code === 'EADDRINUSE') {
      const busy = (error as { port?: number }).port ?? port;
      const flag = busy === httpPort && busy !== port ? '--http-port' : '--port';
      process.stderr.write(`eddy ${command}: port ${busy} is already in use (try ${flag} 0 for a free one)\n`);
    } else if (error instanceof DataDirectoryInUseError) {
      process.stderr.write(`eddy ${command}: ${error.message}: stop it first, or give this one another --data directory (or --memory)\n`);
    } else {
      process.stderr.write(`eddy ${command}: ${(error as Error).stack ?? error}\n`);
    }
    await hooks.onStop?.();
    return 1;
  }
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      process.stderr.write(`eddy: ${signal} again, exiting now\n`);
      process.exit(1);
    }
    stopping = true;
    const running = eddy.runningInvocations();
    const again = `${signal === 'SIGINT' ? 'Ctrl-C' : signal} again to exit now`;
    process.stdout.write(
      running === 0
        ? `eddy: ${signal} received, finishing requests in flight… (${again})\n`
        : `eddy: ${signal} received, waiting for ${running} invocation${running === 1 ? '' : 's'} to finish (${again})\n`,
    );
    eddy.stop().then(() => hooks.onStop?.()).then(
      () => process.exit(0),
      (error) => {
        process.stderr.write(`eddy: error while stopping: ${error}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  keepServingAfterBugs();
  // Only now, with the handlers in place, tell the world we are ready.
  process.stdout.write(
    `Eddy is ready on ${eddy.endpoint}\n` +
      `  console: ${eddy.endpoint}/_eddy/console\n` +
      `  storage: ${storage ? `${displayStorageUrl(storage.url)} (files in ${data})` : data === undefined ? 'in memory' : data}\n` +
      (typeof processes === 'number' && processes > 1 ? `  processes: ${processes} serving requests, and this one (pid ${process.pid}) for the rest\n` : '') +
      (eddy.config ? configLines(eddy.config) : '') +
      (eddy.httpEndpoint ? `  app:     ${eddy.httpEndpoint}\n${(eddy.httpRoutes ?? []).map((r) => `    ${r.routeKey} → ${r.function}\n`).join('')}` : '') +
      (command === 'dev' ? `  watching function sources${eddy.config ? (eddy.config.template ? ' and the template' : ' and the config') : ''}: saved changes apply at once\n` : '') +
      `  try:     aws dynamodb list-tables --endpoint-url ${eddy.endpoint}\n` +
      (hooks.onReady?.(eddy) ?? ''),
  );
  return -1; // keep running
}

/** `Key=Value` flags as parameters, or the message for a bad one. */
function parameterFlags(flags: readonly string[]): Record<string, string> | string {
  const parameters: Record<string, string> = {};
  for (const flag of flags) {
    const eq = flag.indexOf('=');
    if (eq <= 0) return `--parameter must be Key=Value, got '${flag}'`;
    parameters[flag.slice(0, eq)] = flag.slice(eq + 1);
  }
  return parameters;
}

function configLines(config: NonNullable<RunningEddy['config']>): string {
  const summary = configSummary(config.report);
  const notices = (config.notices ?? []).map((line) => `  note:    ${line}\n`).join('');
  const template = config.template;
  if (!template) return `  config:  ${config.file} (${summary})\n${notices}`;
  const also = config.file !== template.file && !config.file.startsWith(`${template.file}/`) ? ` + ${config.file}` : '';
  return `  ${TEMPLATE_LABELS[template.kind]} ${template.file}${also} (${summary})\n${notices}${templateLines(template)}`;
}

function configSummary(report: NonNullable<RunningEddy['config']>['report']): string {
  const parts = [
    `${report.created.length} created`,
    `${report.updated.length} updated`,
    `${report.unchanged.length} unchanged`,
    `${report.deployed.length} function${report.deployed.length === 1 ? '' : 's'}`,
    ...(report.broken.length > 0 ? [`${report.broken.length} that cannot be built`] : []),
  ];
  return parts.join(', ');
}

/** The stream flags as EddyOptions.streams, or the message for a bad value. */
function streamFlags(values: {
  'stream-shards'?: string;
  'shard-rotation'?: string;
  'stream-retention'?: string;
  'stream-read-limit'?: string;
}): StreamsOptions | string {
  const streams: StreamsOptions = {};
  const shards = values['stream-shards'];
  if (shards !== undefined) {
    const count = Number(shards);
    if (!/^\d+$/.test(shards) || count < 1 || count > 1000) return `--stream-shards must be an integer from 1 to 1000, got '${shards}'`;
    streams.shardCount = count;
  }
  const rotation = values['shard-rotation'];
  if (rotation !== undefined) {
    const seconds = Number(rotation);
    if (rotation.trim() === '' || !Number.isFinite(seconds) || seconds < 0) {
      return `--shard-rotation must be a number of seconds (0: off), got '${rotation}'`;
    }
    streams.rotationSeconds = seconds;
  }
  const retention = values['stream-retention'];
  if (retention !== undefined) {
    const hours = Number(retention);
    if (retention.trim() === '' || !Number.isFinite(hours) || hours <= 0) {
      return `--stream-retention must be a number of hours above 0, got '${retention}'`;
    }
    streams.retentionHours = hours;
  }
  const readLimit = values['stream-read-limit'];
  if (readLimit !== undefined) {
    if (!/^\d+$/.test(readLimit)) return `--stream-read-limit must be a whole number of calls a second (0: no limit), got '${readLimit}'`;
    streams.readsPerSecond = Number(readLimit);
  }
  return streams;
}
