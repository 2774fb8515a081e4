#!/usr/bin/env node
/** The `eddy` command line. */
import { parseArgs } from 'node:util';
import { startEddy } from '../main.js';
import type { StreamsOptions } from '../streams/streams-options.js';
import { TAIL_HELP, tailCommand } from './tail-command.js';

const HELP = `Usage: eddy <command> [options]

Commands:
  start     Run Eddy: DynamoDB-compatible tables (and more) on one port
  tail      Print a table's stream records live, from a running Eddy

Options for start:
  --port N        Port to listen on (default 4566; 0 picks a free port)
  --host H        Interface to bind (default 127.0.0.1)
  --data DIR      Directory for durable storage (default ./.eddy)
  --memory        Keep everything in memory (nothing is written to disk)
  --config FILE   Configuration file (accepted; not read yet: config files arrive with functions)
  --region R      Region used in ARNs (default us-east-1)
  --account A     Account id used in ARNs (default 000000000000)
  --stream-shards N           Shards of each new table stream (default 1)
  --shard-rotation SECONDS    Close and replace every open stream shard this often (default: never)
  --stream-retention HOURS    How long stream records stay readable (default 24)
  --stream-read-limit N       GetRecords calls a second per shard before LimitExceededException,
                              as AWS throttles (default 0: no limit)

${TAIL_HELP}`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(HELP);
    return command === undefined ? 1 : 0;
  }
  if (command === 'tail') return tailCommand(rest);
  if (command !== 'start') {
    process.stderr.write(`eddy: unknown command '${command}'\n\n${HELP}`);
    return 2;
  }
  let values;
  try {
    ({ values } = parseArgs({
      args: rest,
      strict: true,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        data: { type: 'string' },
        memory: { type: 'boolean' },
        config: { type: 'string' },
        region: { type: 'string' },
        account: { type: 'string' },
        'stream-shards': { type: 'string' },
        'shard-rotation': { type: 'string' },
        'stream-retention': { type: 'string' },
        'stream-read-limit': { type: 'string' },
      },
    }));
  } catch (error) {
    process.stderr.write(`eddy start: ${(error as Error).message}\n`);
    return 2;
  }
  const port = values.port === undefined ? 4566 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`eddy start: --port must be an integer from 0 to 65535, got '${values.port}'\n`);
    return 2;
  }
  if (values.memory && values.data !== undefined) {
    process.stderr.write('eddy start: --data and --memory cannot be used together\n');
    return 2;
  }
  if (values.account !== undefined && !/^\d{12}$/.test(values.account)) {
    process.stderr.write(`eddy start: --account must be 12 digits, got '${values.account}'\n`);
    return 2;
  }
  const streams = streamFlags(values);
  if (typeof streams === 'string') {
    process.stderr.write(`eddy start: ${streams}\n`);
    return 2;
  }
  if (values.config !== undefined) {
    process.stderr.write(`eddy start: --config ${values.config}: configuration files are not supported by this version yet; ignoring it\n`);
  }
  const data = values.memory ? undefined : (values.data ?? '.eddy');
  let eddy;
  try {
    eddy = await startEddy({
      port,
      host: values.host ?? '127.0.0.1',
      ...(data === undefined ? { memory: true } : { data }),
      ...(values.region ? { region: values.region } : {}),
      ...(values.account ? { account: values.account } : {}),
      streams,
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') {
      process.stderr.write(`eddy start: port ${port} is already in use (try --port 0 for a free one)\n`);
    } else {
      process.stderr.write(`eddy start: ${(error as Error).stack ?? error}\n`);
    }
    return 1;
  }
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      process.stderr.write(`eddy: ${signal} again, exiting now\n`);
      process.exit(1);
    }
    stopping = true;
    process.stdout.write(`eddy: ${signal} received, finishing requests in flight…\n`);
    eddy.stop().then(
      () => process.exit(0),
      (error) => {
        process.stderr.write(`eddy: error while stopping: ${error}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  // Only now, with the handlers in place, tell the world we are ready.
  process.stdout.write(
    `Eddy is ready on ${eddy.endpoint}\n` +
      `  storage: ${data === undefined ? 'in memory' : data}\n` +
      `  try:     aws dynamodb list-tables --endpoint-url ${eddy.endpoint}\n`,
  );
  return -1; // keep running
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

main(process.argv.slice(2)).then((code) => {
  if (code >= 0) process.exitCode = code;
});
